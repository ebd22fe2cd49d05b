import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** Where a lot's goods came from: bought, donated in kind, moved from another point, or an opening balance. */
export const STOCK_SOURCE_KINDS = ['PURCHASE', 'DONATION', 'TRANSFER', 'INITIAL'] as const;
export type StockSourceKind = (typeof STOCK_SOURCE_KINDS)[number];

/** The kinds of journal row. USE is goods issued for use at a shelter or a household distribution. */
export const MOVEMENT_KINDS = [
  'RECEIPT',
  'DISPATCH',
  'USE',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'ADJUSTMENT',
  'WRITE_OFF',
  'RETURN',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** How goods leave a lot through `issueStock`. */
export const ISSUE_KINDS = ['DISPATCH', 'USE', 'WRITE_OFF'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

/** A quantity of one catalogue item received at one reserve point at one time, with its source for its whole life. */
@Entity('stock_lot')
export class StockLotEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'reserve_point_id' })
  reservePointId!: string;

  @Column('text', { name: 'item_code' })
  itemCode!: string;

  /** The reserve point's region, copied when the lot is made: whose jurisdiction the lot lies in. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { name: 'source_kind' })
  sourceKind!: StockSourceKind;

  @Column('uuid', { name: 'procurement_id', nullable: true })
  procurementId!: string | null;

  @Column('uuid', { name: 'allocation_id', nullable: true })
  allocationId!: string | null;

  @Column('uuid', { name: 'contribution_id', nullable: true })
  contributionId!: string | null;

  @Column('uuid', { name: 'fund_id', nullable: true })
  fundId!: string | null;

  /** For a lot made by a transfer: the transfer; the lot it came from is `fromLotId`. */
  @Column('uuid', { name: 'transfer_id', nullable: true })
  transferId!: string | null;

  @Column('uuid', { name: 'from_lot_id', nullable: true })
  fromLotId!: string | null;

  @Column('bigint', { name: 'unit_value_fen', transformer: bigintColumn })
  unitValueFen!: bigint;

  @Column('integer', { name: 'received_quantity' })
  receivedQuantity!: number;

  @Column('date', { name: 'received_on' })
  receivedOn!: string;

  @Column('date', { name: 'expires_on', nullable: true })
  expiresOn!: string | null;

  /** The running balance: the sum of the lot's journal, checked and updated under the lot's row lock. */
  @Column('integer', { name: 'quantity_on_hand' })
  quantityOnHand!: number;

  @Column('timestamptz', { name: 'near_expiry_announced_at', nullable: true })
  nearExpiryAnnouncedAt!: Date | null;

  @Column('timestamptz', { name: 'expired_announced_at', nullable: true })
  expiredAnnouncedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

/** A journal row: append-only (a trigger refuses UPDATE and DELETE). */
@Entity('stock_movement')
export class StockMovementEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The journal's order; a bigint read as text. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('uuid', { name: 'lot_id' })
  lotId!: string;

  @Column('text')
  kind!: MovementKind;

  /** Signed: out of the lot is negative. */
  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'value_fen', transformer: bigintColumn })
  valueFen!: bigint;

  @Column('timestamptz')
  at!: Date;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('uuid', { name: 'shelter_id', nullable: true })
  shelterId!: string | null;

  @Column('text', { name: 'distribution_reference', nullable: true })
  distributionReference!: string | null;

  @Column('uuid', { name: 'transfer_id', nullable: true })
  transferId!: string | null;

  @Column('uuid', { name: 'census_id', nullable: true })
  censusId!: string | null;

  @Column('uuid', { name: 'corrects_movement_id', nullable: true })
  correctsMovementId!: string | null;

  @Column('uuid', { name: 'returns_movement_id', nullable: true })
  returnsMovementId!: string | null;

  /** Who recorded it: the identity's subject. */
  @Column('text')
  actor!: string;
}

@Entity('stock_minimum')
export class StockMinimumEntity {
  @PrimaryColumn('uuid', { name: 'reserve_point_id' })
  reservePointId!: string;

  @PrimaryColumn('text', { name: 'item_code' })
  itemCode!: string;

  @Column('integer')
  minimum!: number;

  /** Set when a breach was announced; cleared once the stock is back at its minimum. */
  @Column('timestamptz', { name: 'breach_announced_at', nullable: true })
  breachAnnouncedAt!: Date | null;
}

/** A jurisdiction's stock rules, as one set ('' national; the longest prefix with a row wins). */
@Entity('stock_rule')
export class StockRuleEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('integer', { name: 'near_expiry_days' })
  nearExpiryDays!: number;

  @Column('integer', { name: 'census_interval_months' })
  censusIntervalMonths!: number;

  @Column('text')
  source!: string;
}

/** A count of a reserve point's goods: a snapshot beside the journal, never written back over it. */
@Entity('stock_census')
export class StockCensusEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'reserve_point_id' })
  reservePointId!: string;

  @Column('date', { name: 'counted_on' })
  countedOn!: string;

  @Column('text')
  actor!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}

@Entity('stock_census_line')
export class StockCensusLineEntity {
  @PrimaryColumn('uuid', { name: 'census_id' })
  censusId!: string;

  @PrimaryColumn('uuid', { name: 'lot_id' })
  lotId!: string;

  /** The lot's journal quantity as of the end of the counted day. */
  @Column('integer', { name: 'journal_quantity' })
  journalQuantity!: number;

  @Column('integer')
  counted!: number;

  /** counted − journalQuantity. */
  @Column('integer')
  variance!: number;
}
