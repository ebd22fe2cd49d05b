import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** A construction contract of a project with a contractor (an enterprise); a project may have several. */
@Entity('project_contract')
export class ProjectContractEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'contractor_organisation_id' })
  contractorOrganisationId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('date', { name: 'signed_on' })
  signedOn!: string;

  /** The contract's number or reference as written on it. */
  @Column('text')
  reference!: string;

  /** Its final account, set when the project is settled. */
  @Column('bigint', { name: 'settled_amount_fen', transformer: bigintColumn, nullable: true })
  settledAmountFen!: bigint | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
