import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  PROPERTY_OWNER_KINDS,
  PROPERTY_REQUISITION_STATUSES,
  REQUISITIONED_PROPERTY_KINDS,
  RETURNED_PROPERTY_CONDITIONS,
  STOCK_REQUISITION_STATUSES,
} from '@emergency/contracts';
import { bigintColumn } from '@emergency/database';

export type StockRequisitionStatus = (typeof STOCK_REQUISITION_STATUSES)[number];
export type PropertyOwnerKind = (typeof PROPERTY_OWNER_KINDS)[number];
export type RequisitionedPropertyKind = (typeof REQUISITIONED_PROPERTY_KINDS)[number];
export type ReturnedPropertyCondition = (typeof RETURNED_PROPERTY_CONDITIONS)[number];
export type PropertyRequisitionStatus = (typeof PROPERTY_REQUISITION_STATUSES)[number];

/** One lot's goods moved by a requisition or a repayment in kind, as stored (money as decimal strings). */
export interface RequisitionLine {
  lotId: string;
  fromReservePointId: string;
  toLotId: string;
  itemCode: string;
  quantity: number;
  valueFen: string;
}

/** What one allocation paid, as stored (money as decimal strings). */
export interface RequisitionPayment {
  allocationId: string;
  amountFen: string;
}

/** Stock a higher level requisitioned from lower-level reserve points into its own point. */
@Entity('stock_requisition')
export class StockRequisitionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'to_reserve_point_id' })
  toReservePointId!: string;

  /** The requisitioning point's region. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The owner of the requisitioning point: who owes the lower levels. */
  @Column('uuid', { name: 'requisitioner_organisation_id' })
  requisitionerOrganisationId!: string;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('text', { name: 'document_number' })
  documentNumber!: string;

  @Column('text')
  reason!: string;

  @Column('text')
  status!: StockRequisitionStatus;

  /** The value of all the goods taken. */
  @Column('bigint', { name: 'total_fen', transformer: bigintColumn })
  totalFen!: bigint;

  @Column('jsonb')
  lines!: RequisitionLine[];

  @Column('text')
  actor!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}

/** What a stock requisition owes one lower-level owner, and what it has repaid. */
@Entity('stock_requisition_owner')
export class StockRequisitionOwnerEntity {
  @PrimaryColumn('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @PrimaryColumn('uuid', { name: 'reserve_point_id' })
  reservePointId!: string;

  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('integer')
  position!: number;

  @Column('bigint', { name: 'owed_fen', transformer: bigintColumn })
  owedFen!: bigint;

  @Column('bigint', { name: 'repaid_in_kind_fen', transformer: bigintColumn })
  repaidInKindFen!: bigint;

  @Column('bigint', { name: 'repaid_in_money_fen', transformer: bigintColumn })
  repaidInMoneyFen!: bigint;
}

/** A repayment of a stock requisition to one owner, in kind (lines) or in money (payments). */
@Entity('stock_requisition_repayment')
export class StockRequisitionRepaymentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @Column('uuid', { name: 'reserve_point_id' })
  reservePointId!: string;

  @Column('text')
  kind!: 'IN_KIND' | 'IN_MONEY';

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** The goods given back (in kind) or the allocations that paid (in money). */
  @Column('jsonb')
  lines!: RequisitionLine[] | RequisitionPayment[];

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text')
  actor!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}

/** Private property requisitioned for an incident, its return and its owner's compensation. */
@Entity('property_requisition')
export class PropertyRequisitionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { name: 'owner_kind' })
  ownerKind!: PropertyOwnerKind;

  @Column('uuid', { name: 'owner_organisation_id', nullable: true })
  ownerOrganisationId!: string | null;

  /** In full: personal data, read masked by all but admins and published masked. */
  @Column('text', { name: 'owner_name' })
  ownerName!: string;

  @Column('text', { name: 'property_kind' })
  propertyKind!: RequisitionedPropertyKind;

  @Column('text')
  description!: string;

  @Column('date', { name: 'requisitioned_on' })
  requisitionedOn!: string;

  @Column('text', { name: 'document_number' })
  documentNumber!: string;

  @Column('text')
  status!: PropertyRequisitionStatus;

  @Column('date', { name: 'returned_on', nullable: true })
  returnedOn!: string | null;

  @Column('text', { nullable: true })
  condition!: ReturnedPropertyCondition | null;

  @Column('text', { name: 'return_note', nullable: true })
  returnNote!: string | null;

  @Column('uuid', { name: 'compensation_id', nullable: true })
  compensationId!: string | null;

  @Column('bigint', { name: 'compensated_fen', nullable: true, transformer: bigintColumn })
  compensatedFen!: bigint | null;

  @Column('text', { name: 'compensation_basis', nullable: true })
  compensationBasis!: string | null;

  @Column('jsonb', { name: 'compensation_payments', nullable: true })
  compensationPayments!: RequisitionPayment[] | null;

  @Column('timestamptz', { name: 'compensated_at', nullable: true })
  compensatedAt!: Date | null;

  @Column('text')
  actor!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
