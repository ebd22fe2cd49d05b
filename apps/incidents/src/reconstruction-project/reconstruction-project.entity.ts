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

  /** The last progress reported; 100 before it may be completed. */
  @Column('smallint', { name: 'percent_complete' })
  percentComplete!: number;

  // The dates of its status changes (YYYY-MM-DD), null until it gets there.

  @Column('date', { name: 'started_on', nullable: true })
  startedOn!: string | null;

  @Column('date', { name: 'completed_on', nullable: true })
  completedOn!: string | null;

  @Column('date', { name: 'accepted_on', nullable: true })
  acceptedOn!: string | null;

  /** Who accepted it on completion (the acceptance committee or authority). */
  @Column('text', { name: 'accepting_body', nullable: true })
  acceptingBody!: string | null;

  @Column('date', { name: 'settled_on', nullable: true })
  settledOn!: string | null;

  /** The id of the USED flow its final account recorded. */
  @Column('uuid', { name: 'settlement_id', nullable: true })
  settlementId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
