import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TimeKey } from '@emergency/paging';
import type { GoodsLot, GoodsMovement } from './goods-book';
import type { GoodsPosting } from './goods-ledger';
import type { ContributionShare } from './goods-trace';

/** The column a source's lots are found by. */
export type SourceColumn = 'allocation_id' | 'contribution_id' | 'procurement_id' | 'fund_id';

/** A shipment not yet arrived, with the lot it left. */
export interface ShipmentRow {
  movement: GoodsMovement;
  lot: GoodsLot;
}

const LOT_COLUMNS = `l.id, l.item_code, l.reserve_point_id, l.region_code, l.unit_value_fen::text AS unit_value_fen,
  l.source_kind, l.procurement_id, l.allocation_id, l.contribution_id, l.fund_id, l.transfer_id, l.from_lot_id,
  l.order_kind, l.order_id, to_char(l.expires_on, 'YYYY-MM-DD') AS expires_on`;
const MOVEMENT_COLUMNS = `m.id, m.lot_id, m.kind, m.issue_kind, m.quantity, m.value_fen::text AS value_fen, m.incident_id,
  m.shelter_id, m.distribution_reference, m.order_kind, m.order_id, m.ship_movement_id, m.to_reserve_point_id,
  m.to_region_code, m.at`;

type Raw = Record<string, string | number | Date | null>;
const text = (v: Raw[string]) => (v === null ? null : String(v));

const lotOf = (r: Raw): GoodsLot => ({
  id: String(r.id),
  itemCode: String(r.item_code),
  reservePointId: String(r.reserve_point_id),
  regionCode: String(r.region_code),
  unitValueFen: BigInt(String(r.unit_value_fen)),
  sourceKind: String(r.source_kind) as GoodsLot['sourceKind'],
  procurementId: text(r.procurement_id),
  allocationId: text(r.allocation_id),
  contributionId: text(r.contribution_id),
  fundId: text(r.fund_id),
  transferId: text(r.transfer_id),
  fromLotId: text(r.from_lot_id),
  orderKind: text(r.order_kind),
  orderId: text(r.order_id),
  expiresOn: text(r.expires_on),
});

const movementOf = (r: Raw): GoodsMovement => ({
  id: String(r.id),
  lotId: String(r.lot_id),
  kind: String(r.kind) as GoodsMovement['kind'],
  issueKind: text(r.issue_kind) as GoodsMovement['issueKind'],
  quantity: Number(r.quantity),
  valueFen: BigInt(String(r.value_fen)),
  incidentId: text(r.incident_id),
  shelterId: text(r.shelter_id),
  distributionReference: text(r.distribution_reference),
  orderKind: text(r.order_kind),
  orderId: text(r.order_id),
  shipMovementId: text(r.ship_movement_id),
  toReservePointId: text(r.to_reserve_point_id),
  toRegionCode: text(r.to_region_code),
  at: new Date(r.at as Date),
});

/** The audit's goods lots and movements, in SQL: movements are append-only, lots only learn where they came from. */
@Injectable()
export class GoodsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a lot, or adds to the row of one already known what this event tells of its making (a lot's own events
   * may come before the arrival or transfer that made it) and the expiry date its receipt states.
   */
  async upsertLot(manager: EntityManager, lot: GoodsLot, eventId: string): Promise<void> {
    await manager.query(
      `INSERT INTO goods_lot (id, item_code, reserve_point_id, region_code, unit_value_fen, source_kind, procurement_id,
         allocation_id, contribution_id, fund_id, transfer_id, from_lot_id, order_kind, order_id, source_event_id,
         expires_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (id) DO UPDATE SET
         from_lot_id = COALESCE(goods_lot.from_lot_id, EXCLUDED.from_lot_id),
         order_kind = COALESCE(goods_lot.order_kind, EXCLUDED.order_kind),
         order_id = COALESCE(goods_lot.order_id, EXCLUDED.order_id),
         expires_on = COALESCE(goods_lot.expires_on, EXCLUDED.expires_on)
       WHERE (goods_lot.from_lot_id IS NULL AND EXCLUDED.from_lot_id IS NOT NULL)
          OR (goods_lot.expires_on IS NULL AND EXCLUDED.expires_on IS NOT NULL)`,
      [
        lot.id,
        lot.itemCode,
        lot.reservePointId,
        lot.regionCode,
        lot.unitValueFen.toString(),
        lot.sourceKind,
        lot.procurementId,
        lot.allocationId,
        lot.contributionId,
        lot.fundId,
        lot.transferId,
        lot.fromLotId,
        lot.orderKind,
        lot.orderId,
        eventId,
        lot.expiresOn,
      ],
    );
  }

  /**
   * Appends a movement once: a movement already recorded (the same event again) is left as it is. Says whether it
   * was appended now.
   */
  async insertMovement(
    manager: EntityManager,
    m: GoodsMovement,
    event: { id: string; type: string },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO goods_movement (id, lot_id, kind, issue_kind, quantity, value_fen, incident_id, shelter_id,
         distribution_reference, order_kind, order_id, ship_movement_id, to_reserve_point_id, to_region_code, at,
         source_event_id, source_event_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        m.id,
        m.lotId,
        m.kind,
        m.issueKind,
        m.quantity,
        m.valueFen.toString(),
        m.incidentId,
        m.shelterId,
        m.distributionReference,
        m.orderKind,
        m.orderId,
        m.shipMovementId,
        m.toReservePointId,
        m.toRegionCode,
        m.at,
        event.id,
        event.type,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Books goods movements in the ledger: a debit and a credit each, checked to balance when the transaction commits. */
  async insertLedgerEntries(manager: EntityManager, postings: readonly GoodsPosting[]): Promise<void> {
    if (postings.length === 0) return;
    const entries = postings.flatMap((p) => [
      [p.movementId, p.fundId, p.debit, 'DEBIT', p.amountFen.toString()],
      [p.movementId, p.fundId, p.credit, 'CREDIT', p.amountFen.toString()],
    ]);
    await manager.query(
      `INSERT INTO ledger_entry (goods_movement_id, fund_id, account, side, amount_fen)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::bigint[])`,
      [0, 1, 2, 3, 4].map((i) => entries.map((e) => e[i])),
    );
  }

  /** Each lot's value when it was made (received, arrived or transferred in), in fen, by lot id. */
  async madeValues(lotIds: readonly string[]): Promise<Map<string, bigint>> {
    if (lotIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT lot_id, sum(value_fen)::text AS value_fen FROM goods_movement
       WHERE lot_id = ANY($1::uuid[]) AND kind IN ('RECEIVED', 'ARRIVED', 'TRANSFERRED_IN') GROUP BY lot_id`,
      [lotIds],
    )) as { lot_id: string; value_fen: string }[];
    return new Map(rows.map((r) => [r.lot_id, BigInt(r.value_fen)]));
  }

  /**
   * What a procurement's money drew from each contribution, net of its refunds, as the ledger's flows state it:
   * the procurement's own flow (its id) and the flows reversing it, by their origins. In the order the procurement
   * drew them (by source, then origin); contributions with nothing left paid are left out.
   */
  async procurementOrigins(procurementId: string): Promise<ContributionShare[]> {
    const rows = (await this.dataSource.query(
      `SELECT o.contribution_id, f.fund_id,
         sum(CASE WHEN f.reverses IS NULL THEN o.amount_fen ELSE -o.amount_fen END)::text AS amount_fen
       FROM flow f JOIN flow_origin o ON o.flow_id = f.id
       WHERE (f.id = $1 AND f.reverses IS NULL) OR f.reverses = $1
       GROUP BY o.contribution_id, f.fund_id
       HAVING sum(CASE WHEN f.reverses IS NULL THEN o.amount_fen ELSE -o.amount_fen END) > 0
       ORDER BY min(ARRAY[o.source_position, o.position]) FILTER (WHERE f.reverses IS NULL), o.contribution_id`,
      [procurementId],
    )) as { contribution_id: string; fund_id: string; amount_fen: string }[];
    return rows.map((r) => ({
      contributionId: r.contribution_id,
      fundId: r.fund_id,
      amountFen: BigInt(r.amount_fen),
    }));
  }

  /** The lots a source's money or gift became, with every lot made from them, however far the goods moved. */
  async lotsOfSource(column: SourceColumn, id: string): Promise<GoodsLot[]> {
    return (await this.lotsOfSources(column, [id])).map((r) => r.lot);
  }

  /** `lotsOfSource` for several sources of one kind at once, each lot with the source it came from. */
  async lotsOfSources(
    column: SourceColumn,
    ids: readonly string[],
  ): Promise<{ sourceId: string; lot: GoodsLot }[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT id, ${column} AS source_id FROM goods_lot WHERE ${column} = ANY($1::uuid[])
         UNION
         SELECT g.id, t.source_id FROM goods_lot g JOIN tree t ON g.from_lot_id = t.id
       )
       SELECT tree.source_id, ${LOT_COLUMNS} FROM goods_lot l JOIN tree USING (id) ORDER BY l.recorded_at, l.id`,
      [[...ids]],
    )) as (Raw & { source_id: string })[];
    return rows.map((r) => ({ sourceId: r.source_id, lot: lotOf(r) }));
  }

  /** The lot and every lot made from it, however far the goods moved. */
  async lotAndDescendants(lotId: string): Promise<GoodsLot[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT id FROM goods_lot WHERE id = $1
         UNION
         SELECT g.id FROM goods_lot g JOIN tree t ON g.from_lot_id = t.id
       )
       SELECT ${LOT_COLUMNS} FROM goods_lot l JOIN tree USING (id) ORDER BY l.recorded_at, l.id`,
      [lotId],
    )) as Raw[];
    return rows.map(lotOf);
  }

  /** The lot and the lots it was made from, the lot first and its origin last (as far as they are known). */
  async lotAndAncestors(lotId: string): Promise<GoodsLot[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE chain AS (
         SELECT id, from_lot_id, 0 AS depth FROM goods_lot WHERE id = $1
         UNION ALL
         SELECT g.id, g.from_lot_id, c.depth + 1 FROM goods_lot g JOIN chain c ON g.id = c.from_lot_id
         WHERE c.depth < 1000
       )
       SELECT ${LOT_COLUMNS} FROM goods_lot l JOIN chain USING (id) ORDER BY chain.depth`,
      [lotId],
    )) as Raw[];
    return rows.map(lotOf);
  }

  /** Every movement booked on these lots, in the order recorded. */
  async movementsOfLots(lotIds: readonly string[]): Promise<GoodsMovement[]> {
    if (lotIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${MOVEMENT_COLUMNS} FROM goods_movement m WHERE m.lot_id = ANY($1::uuid[]) ORDER BY m.at, m.seq`,
      [lotIds],
    )) as Raw[];
    return rows.map(movementOf);
  }

  /**
   * Shipments not yet arrived that leave or go to a region under `prefix` (undefined: anywhere), the oldest first,
   * after `after`.
   */
  async shipmentsInTransit(
    prefix: string | undefined,
    limit: number,
    after?: TimeKey,
  ): Promise<ShipmentRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${MOVEMENT_COLUMNS}
       FROM goods_movement m JOIN goods_lot l ON l.id = m.lot_id
       WHERE m.kind = 'SHIPPED'
         AND NOT EXISTS (SELECT 1 FROM goods_movement c WHERE c.ship_movement_id::text = m.id)
         AND ($1::text IS NULL OR l.region_code LIKE $1 || '%' OR m.to_region_code LIKE $1 || '%')
         AND ($2::timestamptz IS NULL OR (m.at, m.id) > ($2::timestamptz, $3::text))
       ORDER BY m.at, m.id
       LIMIT $4`,
      [prefix ?? null, after?.at ?? null, after?.id ?? null, limit],
    )) as Raw[];
    const movements = rows.map(movementOf);
    const lots = await this.lotsByIds([...new Set(movements.map((m) => m.lotId))]);
    return movements.map((movement) => ({ movement, lot: lots.find((l) => l.id === movement.lotId)! }));
  }

  async lotsByIds(ids: readonly string[]): Promise<GoodsLot[]> {
    if (ids.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${LOT_COLUMNS} FROM goods_lot l WHERE l.id = ANY($1::uuid[])`,
      [ids],
    )) as Raw[];
    return rows.map(lotOf);
  }

  /** The region of the incident a fund was established for, when the audit knows both. */
  async fundRegion(fundId: string): Promise<{ known: boolean; regionCode: string | null }> {
    const rows = (await this.dataSource.query(
      `SELECT i.region_code FROM audit_fund f LEFT JOIN audit_incident i ON i.id = f.incident_id WHERE f.id = $1`,
      [fundId],
    )) as { region_code: string | null }[];
    return { known: rows.length > 0, regionCode: rows[0]?.region_code ?? null };
  }
}
