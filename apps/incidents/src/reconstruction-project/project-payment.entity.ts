import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** A stage payment to the contractor of one of a project's contracts; its id is its DISBURSED flow's. */
@Entity('project_payment')
export class ProjectPaymentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'contract_id' })
  contractId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** What of it came back (refunds); the payment's net is amountFen − refundedFen. */
  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;

  @Column('date', { name: 'paid_on' })
  paidOn!: string;

  @Column('text', { name: 'voucher_number' })
  voucherNumber!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * What a payment drew: per allocation, as the payer split it, and within it per contribution in the order drawn.
 * Refunds give back from the last position first.
 */
@Entity('project_payment_origin')
export class ProjectPaymentOriginEntity {
  @PrimaryColumn('uuid', { name: 'payment_id' })
  paymentId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @Column('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;
}

/** Money a contractor paid back on a payment; its id is its reversing DISBURSED flow's. */
@Entity('project_refund')
export class ProjectRefundEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'payment_id' })
  paymentId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('text')
  reason!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
