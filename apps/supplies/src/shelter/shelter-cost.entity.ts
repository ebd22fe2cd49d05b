import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { ShelterCostKind } from './shelter-cost.exception';

/** The construction or an upgrade of a shelter, paid to a contractor from one or more allocations of one fund. */
@Entity('shelter_cost')
export class ShelterCostEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'shelter_id' })
  shelterId!: string;

  @Column('text')
  kind!: ShelterCostKind;

  @Column('text')
  description!: string;

  @Column('text', { name: 'contractor_name' })
  contractorName!: string;

  @Column('uuid', { name: 'payer_organisation_id' })
  payerOrganisationId!: string;

  /** The allocation that paid; null when several did (see its payments). */
  @Column('uuid', { name: 'allocation_id', nullable: true })
  allocationId!: string | null;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** What the contractor gave back. */
  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;

  @Column('date', { name: 'paid_on' })
  paidOn!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** What one allocation paid of a shelter cost, as the payer split it. */
@Entity('shelter_cost_payment')
export class ShelterCostPaymentEntity {
  @PrimaryColumn('uuid', { name: 'cost_id' })
  costId!: string;

  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  /** The order the payer stated the payments in. */
  @Column('integer')
  position!: number;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;
}

/** How much of one contribution a payment drew from its allocation, first in, first out. */
@Entity('shelter_cost_origin')
export class ShelterCostOriginEntity {
  @PrimaryColumn('uuid', { name: 'cost_id' })
  costId!: string;

  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @PrimaryColumn('integer')
  position!: number;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** Given back by refunds. */
  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;
}

/** Money a contractor gave back of a shelter cost. */
@Entity('shelter_cost_refund')
export class ShelterCostRefundEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'cost_id' })
  costId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('text')
  reason!: string;

  @CreateDateColumn({ name: 'refunded_at', type: 'timestamptz' })
  refundedAt!: Date;
}

/** How much of one contribution a refund gave back to one allocation. */
@Entity('shelter_cost_refund_origin')
export class ShelterCostRefundOriginEntity {
  @PrimaryColumn('uuid', { name: 'refund_id' })
  refundId!: string;

  @PrimaryColumn('integer')
  position!: number;

  @Column('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;
}
