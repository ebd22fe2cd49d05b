import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** Where a procurement stands: paid, cancelled (everything given back) or its delivery accepted. */
export const PROCUREMENT_STATUSES = ['PAID', 'CANCELLED', 'ACCEPTED'] as const;
export type ProcurementStatus = (typeof PROCUREMENT_STATUSES)[number];

@Entity('procurement')
export class ProcurementEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The allocation that paid for it; null when several did (see its payments). */
  @Column('uuid', { name: 'allocation_id', nullable: true })
  allocationId!: string | null;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('uuid', { name: 'payer_organisation_id' })
  payerOrganisationId!: string;

  @Column('text', { name: 'supplier_name' })
  supplierName!: string;

  @Column('text', { name: 'item_description' })
  itemDescription!: string;

  @Column('integer')
  quantity!: number;

  /** The catalogue item bought (7-digit GB/T 38565 code), when named: needed to receive the delivery into stock. */
  @Column('text', { name: 'item_code', nullable: true })
  itemCode!: string | null;

  @Column('bigint', { name: 'unit_price_fen', transformer: bigintColumn })
  unitPriceFen!: bigint;

  /** What was paid: quantity × unitPriceFen. */
  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('text')
  status!: ProcurementStatus;

  /** What the supplier gave back (refunds and cancellation). */
  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;

  /** The invoices' total. */
  @Column('bigint', { name: 'invoiced_fen', transformer: bigintColumn })
  invoicedFen!: bigint;

  @Column('date', { name: 'accepted_on', nullable: true })
  acceptedOn!: string | null;

  @Column('integer', { name: 'received_quantity', nullable: true })
  receivedQuantity!: number | null;

  @Column('text', { name: 'acceptance_note', nullable: true })
  acceptanceNote!: string | null;

  /** The USED flow the acceptance published. */
  @Column('uuid', { name: 'acceptance_flow_id', nullable: true })
  acceptanceFlowId!: string | null;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** What one allocation paid of a procurement, as the payer split it, and what of it was given back. */
@Entity('procurement_payment')
export class ProcurementPaymentEntity {
  @PrimaryColumn('uuid', { name: 'procurement_id' })
  procurementId!: string;

  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  /** The order the payer stated the payments in. */
  @Column('integer')
  position!: number;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;
}

/** How much of one contribution a payment drew from its allocation (first in, first out), and gave back. */
@Entity('procurement_payment_origin')
export class ProcurementPaymentOriginEntity {
  @PrimaryColumn('uuid', { name: 'procurement_id' })
  procurementId!: string;

  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @PrimaryColumn('integer')
  position!: number;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('bigint', { name: 'refunded_fen', transformer: bigintColumn })
  refundedFen!: bigint;
}

/** Money a supplier gave back of a procurement; a cancellation gives back everything still paid. */
@Entity('procurement_refund')
export class ProcurementRefundEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'procurement_id' })
  procurementId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('text')
  reason!: string;

  @Column('boolean')
  cancelled!: boolean;

  @CreateDateColumn({ name: 'refunded_at', type: 'timestamptz' })
  refundedAt!: Date;
}

/** How much of one contribution a refund gave back to one allocation. */
@Entity('procurement_refund_origin')
export class ProcurementRefundOriginEntity {
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

/** A supplier's invoice for a procurement. */
@Entity('procurement_invoice')
export class ProcurementInvoiceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'procurement_id' })
  procurementId!: string;

  @Column('text', { name: 'supplier_name' })
  supplierName!: string;

  @Column('text')
  number!: string;

  @Column('date', { name: 'issued_on' })
  issuedOn!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
