import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { ProjectCategory } from '@emergency/domain';

/** A project moves planned, started, completed, accepted, settled, in that order. */
export const PROJECT_STATUSES = ['PLANNED', 'STARTED', 'COMPLETED', 'ACCEPTED', 'SETTLED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A reconstruction project paid from a fund's allocations made to it. */
@Entity('reconstruction_project')
export class ReconstructionProjectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  category!: ProjectCategory;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The organisation that owns and builds it (建设单位), an organisation of the organisations subgraph. */
  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  @Column('bigint', { name: 'planned_investment_fen', transformer: bigintColumn })
  plannedInvestmentFen!: bigint;

  @Column('text')
  status!: ProjectStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
