import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

export const REQUEST_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const DISPATCH_STATUSES = ['INSTRUCTED', 'SENT', 'RECEIVED'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

/** PostgreSQL's numeric comes back as a string. */
const decimal = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A line of a request: what was asked, and what the requester held of the item itself when it asked. */
export interface RequestLine {
  itemCode: string;
  quantity: number;
  ownStock: number;
}

/** A line of a dispatch instruction: an item and quantity, from a named lot or the soonest-expiring first. */
export interface DispatchLine {
  itemCode: string;
  quantity: number;
  lotId: string | null;
}

/** A shipment of a dispatch: one StockShipped movement out of one lot, and what arrived of it. */
export interface DispatchShipment {
  shipmentId: string;
  line: number;
  lotId: string;
  itemCode: string;
  quantity: number;
  /** Fen, as a string in the row's JSON. */
  unitValueFen: string;
  receivedQuantity: number | null;
  toLotId: string | null;
}

/** A lower level's request to a higher one for goods (调拨申请). */
@Entity('supplies_request')
export class SuppliesRequestEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'requester_region_code' })
  requesterRegionCode!: string;

  @Column('text', { name: 'asked_region_code' })
  askedRegionCode!: string;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('text')
  channel!: 'WRITTEN' | 'PHONE';

  @Column('text', { name: 'document_number', nullable: true })
  documentNumber!: string | null;

  @Column('uuid', { name: 'receiving_point_id' })
  receivingPointId!: string;

  @Column('uuid', { name: 'shelter_id', nullable: true })
  shelterId!: string | null;

  @Column('uuid', { name: 'contact_person_ids', array: true })
  contactPersonIds!: string[];

  @Column('jsonb')
  lines!: RequestLine[];

  @Column('boolean', { name: 'own_stock_available' })
  ownStockAvailable!: boolean;

  @Column('text')
  status!: RequestStatus;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  /** For a request by phone: when its paperwork is due, computed by the dispatch rules when it was made. */
  @Column('timestamptz', { name: 'paperwork_due_at', nullable: true })
  paperworkDueAt!: Date | null;

  @Column('timestamptz', { name: 'paperwork_recorded_at', nullable: true })
  paperworkRecordedAt!: Date | null;

  @Column('boolean', { name: 'paperwork_late', nullable: true })
  paperworkLate!: boolean | null;

  @Column('timestamptz', { name: 'paperwork_overdue_announced_at', nullable: true })
  paperworkOverdueAnnouncedAt!: Date | null;

  @Column('uuid', { name: 'approver_person_id', nullable: true })
  approverPersonId!: string | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text')
  actor!: string;
}

/** A written dispatch instruction (调拨指令), its shipments and what was received of them. */
@Entity('supplies_dispatch')
export class SuppliesDispatchEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'request_id' })
  requestId!: string;

  @Column('text', { name: 'document_number' })
  documentNumber!: string;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('uuid', { name: 'sending_point_id' })
  sendingPointId!: string;

  @Column('text', { name: 'sending_region_code' })
  sendingRegionCode!: string;

  @Column('text', { name: 'sending_level' })
  sendingLevel!: string;

  @Column('uuid', { name: 'receiving_point_id' })
  receivingPointId!: string;

  @Column('text', { name: 'receiving_region_code' })
  receivingRegionCode!: string;

  @Column('uuid', { name: 'shelter_id', nullable: true })
  shelterId!: string | null;

  @Column('uuid', { name: 'contact_person_ids', array: true })
  contactPersonIds!: string[];

  @Column('jsonb')
  lines!: DispatchLine[];

  @Column('jsonb')
  shipments!: DispatchShipment[];

  @Column('text')
  status!: DispatchStatus;

  @Column('timestamptz', { name: 'instructed_at' })
  instructedAt!: Date;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt!: Date | null;

  @Column('timestamptz', { name: 'received_at', nullable: true })
  receivedAt!: Date | null;

  @Column('date', { name: 'received_on', nullable: true })
  receivedOn!: string | null;

  @Column('integer', { name: 'shipped_quantity', nullable: true })
  shippedQuantity!: number | null;

  @Column('integer', { name: 'received_quantity', nullable: true })
  receivedQuantity!: number | null;

  @Column('integer', { name: 'shortfall_quantity', nullable: true })
  shortfallQuantity!: number | null;

  @Column('bigint', { name: 'shipped_value_fen', nullable: true, transformer: bigintColumn })
  shippedValueFen!: bigint | null;

  @Column('bigint', { name: 'received_value_fen', nullable: true, transformer: bigintColumn })
  receivedValueFen!: bigint | null;

  @Column('bigint', { name: 'shortfall_value_fen', nullable: true, transformer: bigintColumn })
  shortfallValueFen!: bigint | null;

  @Column('numeric', { name: 'delivery_hours', precision: 8, scale: 2, nullable: true, transformer: decimal })
  deliveryHours!: number | null;

  @Column('numeric', { name: 'target_hours', precision: 6, scale: 2, nullable: true, transformer: decimal })
  targetHours!: number | null;

  @Column('boolean', { nullable: true })
  late!: boolean | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text')
  actor!: string;
}

/** The dispatch rules of a jurisdiction: '' national, else a region's 2, 4 or 6 leading digits. */
@Entity('dispatch_rule')
export class DispatchRuleEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  /** Hours after a request by phone within which its written paperwork follows. */
  @Column('integer', { name: 'paperwork_hours' })
  paperworkHours!: number;

  @Column('text')
  source!: string;
}
