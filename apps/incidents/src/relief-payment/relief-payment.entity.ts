import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { MoneyForm } from '@emergency/domain';

/** What a household is paid: a subsidy to rebuild its house, or living relief. */
export const RELIEF_KINDS = ['HOUSING_SUBSIDY', 'LIVING_RELIEF'] as const;
export type ReliefKind = (typeof RELIEF_KINDS)[number];

/**
 * Relief paid to a household out of an allocation, in cash or goods; its id is its DISBURSED flow's. The head's
 * identity number is stored for the record and only ever shown masked.
 */
@Entity('relief_payment')
export class ReliefPaymentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @Column('text')
  kind!: ReliefKind;

  @Column('text', { name: 'head_name' })
  headName!: string;

  @Column('text', { name: 'id_number' })
  idNumber!: string;

  @Column('smallint', { name: 'household_size' })
  householdSize!: number;

  /** The 12-digit statistical division code of the village. */
  @Column('text', { name: 'village_code' })
  villageCode!: string;

  @Column('text')
  form!: MoneyForm;

  /** Cash paid, or the value of the goods handed over. */
  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** For goods, how their contributions valued them; null for cash. */
  @Column('text', { name: 'valuation_basis', nullable: true })
  valuationBasis!: string | null;

  @Column('date', { name: 'paid_on' })
  paidOn!: string;

  /** The village publication that listed it; null until published. */
  @Column('uuid', { name: 'publication_id', nullable: true })
  publicationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A line of goods handed to a household, at the value the allocation holds it at. */
@Entity('relief_payment_item')
export class ReliefPaymentItemEntity {
  @PrimaryColumn('uuid', { name: 'payment_id' })
  paymentId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @Column('text')
  description!: string;

  @Column('text')
  unit!: string;

  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'unit_value_fen', transformer: bigintColumn })
  unitValueFen!: bigint;
}

/** What of one contribution a relief payment is, in the order drawn. */
@Entity('relief_payment_origin')
export class ReliefPaymentOriginEntity {
  @PrimaryColumn('uuid', { name: 'payment_id' })
  paymentId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;
}

/** A village's publication of the households paid from a fund, in one form: it confirms their use (USED). */
@Entity('village_relief_publication')
export class VillageReliefPublicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('text', { name: 'village_code' })
  villageCode!: string;

  @Column('text')
  form!: MoneyForm;

  @Column('date', { name: 'published_on' })
  publishedOn!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
