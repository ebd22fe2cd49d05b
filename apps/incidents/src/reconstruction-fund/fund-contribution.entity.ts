import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

export const CONTRIBUTION_KINDS = ['APPROPRIATION', 'DONATION'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
/** Only PAID money can be allocated. */
export const CONTRIBUTION_STATUSES = ['PLEDGED', 'COMMITTED', 'PAID'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

@Entity('fund_contribution')
export class FundContributionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('text')
  kind!: ContributionKind;

  @Column('text')
  status!: ContributionStatus;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('text', { name: 'contributor_name' })
  contributorName!: string;

  /** An organisation of the organisations subgraph, when the contributor is one. */
  @Column('uuid', { name: 'payer_organisation_id', nullable: true })
  payerOrganisationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
