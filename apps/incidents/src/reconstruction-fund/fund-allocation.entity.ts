import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { MoneyForm, MoneyPurpose } from '@emergency/domain';

@Entity('fund_allocation')
export class FundAllocationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  /** The recipient, an organisation of the organisations subgraph; for a project, its owner. */
  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** The reconstruction project the money is for, when there is one. */
  @Column('uuid', { name: 'project_id', nullable: true })
  projectId!: string | null;

  @Column('text')
  form!: MoneyForm;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** What of it has gone back to the fund or the contributors. */
  @Column('bigint', { name: 'returned_fen', transformer: bigintColumn })
  returnedFen!: bigint;

  @Column('text', { name: 'purpose_category' })
  purposeCategory!: MoneyPurpose;

  @Column('text')
  purpose!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
