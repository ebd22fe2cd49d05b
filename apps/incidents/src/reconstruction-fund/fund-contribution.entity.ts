import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type {
  ContributionKind,
  ContributorType,
  DonationChannel,
  FiscalLevel,
  MoneyForm,
  MoneyPurpose,
} from '@emergency/domain';

export { CONTRIBUTION_KINDS, type ContributionKind } from '@emergency/domain';
/**
 * A contribution's life: PLEDGED and COMMITTED are promises, PAID is money in the fund (only it can be allocated);
 * a promise not kept is WITHDRAWN; a contribution replaced by a correction is CORRECTED.
 */
export const CONTRIBUTION_STATUSES = ['PLEDGED', 'COMMITTED', 'PAID', 'WITHDRAWN', 'CORRECTED'] as const;
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

  @Column('text', { name: 'contributor_type' })
  contributorType!: ContributorType;

  /** An organisation of the organisations subgraph, when the contributor is one. */
  @Column('uuid', { name: 'payer_organisation_id', nullable: true })
  payerOrganisationId!: string | null;

  /** For an appropriation: the level of government and its programme. */
  @Column('text', { name: 'fiscal_level', nullable: true })
  fiscalLevel!: FiscalLevel | null;

  @Column('text', { nullable: true })
  programme!: string | null;

  @Column('text')
  form!: MoneyForm;

  /** For goods in kind: how their value in fen was arrived at. */
  @Column('text', { name: 'valuation_basis', nullable: true })
  valuationBasis!: string | null;

  /** For a donation: domestic, foreign, or from Hong Kong, Macao and Taiwan. */
  @Column('text', { nullable: true })
  channel!: DonationChannel | null;

  /** The organisation that received the money for the fund (civil affairs, the Red Cross, a charity federation). */
  @Column('uuid', { name: 'receiving_organisation_id', nullable: true })
  receivingOrganisationId!: string | null;

  /** The donor's direction: the purpose, the recipient, or both that the money may only be allocated to. */
  @Column('text', { name: 'directed_purpose', nullable: true })
  directedPurpose!: MoneyPurpose | null;

  @Column('uuid', { name: 'directed_organisation_id', nullable: true })
  directedOrganisationId!: string | null;

  /** The day it was paid and the receipt or voucher number, once PAID. */
  @Column('date', { name: 'paid_on', nullable: true })
  paidOn!: string | null;

  @Column('text', { name: 'voucher_number', nullable: true })
  voucherNumber!: string | null;

  /** The contribution this one corrects, which is then CORRECTED. */
  @Column('uuid', { name: 'corrects_id', nullable: true })
  correctsId!: string | null;

  /** Why it was withdrawn or corrected; null otherwise. */
  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  /** What allocations have drawn on it and not returned. */
  @Column('bigint', { name: 'drawn_fen', transformer: bigintColumn })
  drawnFen!: bigint;

  /** What has been given back to the contributor. */
  @Column('bigint', { name: 'returned_fen', transformer: bigintColumn })
  returnedFen!: bigint;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
