import { Injectable } from '@nestjs/common';
import { greatCircleMetresSql } from '../geo/great-circle';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page } from '@emergency/paging';
import {
  StockCensusEntity,
  StockCensusLineEntity,
  StockLotEntity,
  StockMinimumEntity,
  StockMovementEntity,
  StockRuleEntity,
} from './stock.entity';

/** A reserve point as stock needs it. */
export interface PointRow {
  id: string;
  regionCode: string;
  status: string;
}

/** The stock of one item at one reserve point: the sum of its lots. */
export interface StockLevelRow {
  reservePointId: string;
  regionCode: string;
  itemCode: string;
  quantity: number;
  valueFen: bigint;
  lotIds: string[];
}

/** An item below its minimum at a reserve point. */
export interface ShortfallRow {
  reservePointId: string;
  regionCode: string;
  itemCode: string;
  minimum: number;
  quantity: number;
}

/** A reserve point whose last census is older than its rules' interval (or that has none). */
export interface CensusDueRow {
  reservePointId: string;
  regionCode: string;
  lastCountedOn: string | null;
  dueOn: string | null;
}

/** A reserve point holding an item, with its distance and estimated hours to a destination. */
export interface NearRow {
  reservePointId: string;
  regionCode: string;
  quantity: number;
  distanceKm: number;
  estimatedHours: number;
  firstBatchHours: number | null;
}

/** A column of the rules in force for a region code (SQL): the row of the longest prefix with one. */
const RULE_OF = (region: string, column: string) =>
  `(SELECT r.${column} FROM stock_rule r WHERE ${region} LIKE r.region_prefix || '%'
    ORDER BY length(r.region_prefix) DESC LIMIT 1)`;

@Injectable()
export class StockRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async point(id: string, manager?: EntityManager): Promise<PointRow | null> {
    const rows = (await this.manager(manager).query(
      `SELECT id, region_code, status FROM reserve_point WHERE id = $1`,
      [id],
    )) as { id: string; region_code: string; status: string }[];
    const row = rows[0];
    return row ? { id: row.id, regionCode: row.region_code, status: row.status } : null;
  }

  async item(code: string): Promise<{ code: string; shelfLifeDays: number | null } | null> {
    const rows = (await this.dataSource.query(
      `SELECT code, shelf_life_days FROM supply_item WHERE code = $1`,
      [code],
    )) as { code: string; shelf_life_days: number | null }[];
    return rows[0] ? { code: rows[0].code, shelfLifeDays: rows[0].shelf_life_days } : null;
  }

  findLotsByIds(ids: readonly string[]): Promise<StockLotEntity[]> {
    return this.dataSource
      .getRepository(StockLotEntity)
      .createQueryBuilder('l')
      .where('l.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The lot row, locked until `manager`'s transaction ends: every movement of it waits its turn. */
  lockLot(manager: EntityManager, id: string): Promise<StockLotEntity | null> {
    return manager
      .getRepository(StockLotEntity)
      .createQueryBuilder('l')
      .setLock('pessimistic_write')
      .where('l.id = :id', { id })
      .getOne();
  }

  async insertLot(manager: EntityManager, lot: Omit<StockLotEntity, 'createdAt'>): Promise<void> {
    await manager.getRepository(StockLotEntity).insert(lot);
  }

  async setBalance(manager: EntityManager, lotId: string, balance: number): Promise<void> {
    await manager.query(`UPDATE stock_lot SET quantity_on_hand = $2 WHERE id = $1`, [lotId, balance]);
  }

  async insertMovement(manager: EntityManager, movement: Omit<StockMovementEntity, 'seq'>): Promise<void> {
    await manager.getRepository(StockMovementEntity).insert(movement);
  }

  /** Records a shipment's arrival; false when it had arrived already (the row exists). */
  async insertArrival(
    manager: EntityManager,
    arrival: {
      shipMovementId: string;
      orderId: string;
      toLotId: string | null;
      receivedQuantity: number;
      shortfallQuantity: number;
      shortfallFen: bigint;
      receivedOn: string;
      arrivedAt: Date;
    },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO stock_arrival (ship_movement_id, order_id, to_lot_id, received_quantity, shortfall_quantity,
                                  shortfall_fen, received_on, arrived_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (ship_movement_id) DO NOTHING
       RETURNING ship_movement_id`,
      [
        arrival.shipMovementId,
        arrival.orderId,
        arrival.toLotId,
        arrival.receivedQuantity,
        arrival.shortfallQuantity,
        arrival.shortfallFen.toString(),
        arrival.receivedOn,
        arrival.arrivedAt,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  movement(manager: EntityManager, id: string): Promise<StockMovementEntity | null> {
    return manager.getRepository(StockMovementEntity).findOneBy({ id });
  }

  /** What has been returned against an issue movement. */
  async returnedAgainst(manager: EntityManager, movementId: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT coalesce(sum(quantity), 0)::int AS n FROM stock_movement WHERE returns_movement_id = $1`,
      [movementId],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  private movements(lotIds: readonly string[]) {
    return this.dataSource
      .getRepository(StockMovementEntity)
      .createQueryBuilder('m')
      .where('m.lot_id = ANY(:lots::uuid[])', { lots: [...lotIds] })
      .orderBy('m.seq', 'DESC');
  }

  /** The newest `limit` movements of each lot, in one statement. */
  newestMovementsOf(lotIds: readonly string[], limit: number): Promise<StockMovementEntity[]> {
    return firstRowsOfEach(this.movements(lotIds), 'm.lot_id', limit).getMany();
  }

  /** One lot's movements, newest first, after the journal position `afterSeq`. */
  movementsOf(lotId: string, page: Page, afterSeq?: bigint): Promise<StockMovementEntity[]> {
    const qb = this.movements([lotId]).limit(page.limit + 1);
    if (afterSeq !== undefined) qb.andWhere('m.seq < :seq', { seq: afterSeq.toString() });
    return qb.getMany();
  }

  /** The stock per reserve point and item, in (point, item) order, after `after`. */
  async levels(
    query: { reservePointId?: string; regionPrefix?: string; itemCode?: string },
    limit: number,
    after?: string[],
  ): Promise<StockLevelRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT l.reserve_point_id, min(l.region_code) AS region_code, l.item_code,
              sum(l.quantity_on_hand)::int AS quantity,
              sum(l.quantity_on_hand::bigint * l.unit_value_fen)::text AS value_fen,
              array_agg(l.id ORDER BY l.expires_on NULLS LAST, l.received_on, l.id) AS lot_ids
       FROM stock_lot l
       WHERE ($1::uuid IS NULL OR l.reserve_point_id = $1)
         AND ($2::text IS NULL OR l.region_code LIKE $2 || '%')
         AND ($3::text IS NULL OR l.item_code = $3)
         AND ($4::uuid IS NULL OR (l.reserve_point_id, l.item_code) > ($4::uuid, $5::text))
       GROUP BY l.reserve_point_id, l.item_code
       ORDER BY l.reserve_point_id, l.item_code
       LIMIT $6`,
      [
        query.reservePointId ?? null,
        query.regionPrefix ?? null,
        query.itemCode ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    )) as {
      reserve_point_id: string;
      region_code: string;
      item_code: string;
      quantity: number;
      value_fen: string;
      lot_ids: string[];
    }[];
    return rows.map((r) => ({
      reservePointId: r.reserve_point_id,
      regionCode: r.region_code,
      itemCode: r.item_code,
      quantity: r.quantity,
      valueFen: BigInt(r.value_fen),
      lotIds: r.lot_ids,
    }));
  }

  /** Lots with goods on hand expiring on or before `until` (and not before `from`), soonest first. */
  expiringBetween(
    regionPrefix: string | undefined,
    from: string,
    until: string,
    page: Page,
    after?: string[],
  ): Promise<StockLotEntity[]> {
    const qb = this.dataSource
      .getRepository(StockLotEntity)
      .createQueryBuilder('l')
      .where('l.quantity_on_hand > 0')
      .andWhere('l.expires_on BETWEEN :from AND :until', { from, until })
      .orderBy('l.expires_on', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .limit(page.limit + 1);
    if (regionPrefix !== undefined) qb.andWhere('l.region_code LIKE :prefix', { prefix: `${regionPrefix}%` });
    if (after)
      qb.andWhere('(l.expires_on, l.id) > (:date::date, :id::uuid)', { date: after[0], id: after[1] });
    return qb.getMany();
  }

  /** Items below their minimum, in (point, item) order. */
  async belowMinimum(
    regionPrefix: string | undefined,
    limit: number,
    after?: string[],
  ): Promise<ShortfallRow[]> {
    const rows = (await this.dataSource.query(
      `${this.shortfalls()}
         AND ($1::text IS NULL OR p.region_code LIKE $1 || '%')
         AND ($2::uuid IS NULL OR (m.reserve_point_id, m.item_code) > ($2::uuid, $3::text))
       ORDER BY m.reserve_point_id, m.item_code
       LIMIT $4`,
      [regionPrefix ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as ShortfallSql[];
    return rows.map(shortfallOf);
  }

  private shortfalls() {
    return `SELECT m.reserve_point_id, p.region_code, m.item_code, m.minimum,
              coalesce((SELECT sum(l.quantity_on_hand) FROM stock_lot l
                        WHERE l.reserve_point_id = m.reserve_point_id AND l.item_code = m.item_code), 0)::int AS quantity
       FROM stock_minimum m JOIN reserve_point p ON p.id = m.reserve_point_id
       WHERE m.minimum > coalesce((SELECT sum(l.quantity_on_hand) FROM stock_lot l
                        WHERE l.reserve_point_id = m.reserve_point_id AND l.item_code = m.item_code), 0)`;
  }

  async setMinimum(manager: EntityManager, reservePointId: string, itemCode: string, minimum: number) {
    await manager.query(
      `INSERT INTO stock_minimum (reserve_point_id, item_code, minimum) VALUES ($1, $2, $3)
       ON CONFLICT (reserve_point_id, item_code) DO UPDATE SET minimum = excluded.minimum`,
      [reservePointId, itemCode, minimum],
    );
  }

  minimumOf(reservePointId: string, itemCode: string): Promise<StockMinimumEntity | null> {
    return this.dataSource.getRepository(StockMinimumEntity).findOneBy({ reservePointId, itemCode });
  }

  /** Claims the breaches not yet announced (marking them) and returns them. */
  async claimBreaches(manager: EntityManager, now: Date): Promise<ShortfallRow[]> {
    const rows = (await manager.query(
      `WITH breached AS (${this.shortfalls()} AND m.breach_announced_at IS NULL FOR UPDATE OF m)
       UPDATE stock_minimum s SET breach_announced_at = $1
       FROM breached b WHERE s.reserve_point_id = b.reserve_point_id AND s.item_code = b.item_code
       RETURNING b.reserve_point_id, b.region_code, b.item_code, b.minimum, b.quantity`,
      [now],
    )) as [ShortfallSql[], number];
    return rows[0].map(shortfallOf);
  }

  /** Forgets the breaches whose stock is back at its minimum, so a later breach is announced again. */
  async clearRestored(manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE stock_minimum m SET breach_announced_at = NULL
       WHERE m.breach_announced_at IS NOT NULL
         AND m.minimum <= coalesce((SELECT sum(l.quantity_on_hand) FROM stock_lot l
                        WHERE l.reserve_point_id = m.reserve_point_id AND l.item_code = m.item_code), 0)`,
    );
  }

  /**
   * Claims the lots with goods on hand that expire within their region's near-expiry days of `today` (and not
   * before it), not yet announced; returns each with the days of its rule.
   */
  async claimNearExpiry(manager: EntityManager, today: string, now: Date) {
    const rows = (await manager.query(
      `UPDATE stock_lot l SET near_expiry_announced_at = $2
       FROM (SELECT c.id, c.days FROM (
               SELECT n.id, n.expires_on, ${RULE_OF('n.region_code', 'near_expiry_days')} AS days FROM stock_lot n
               WHERE n.quantity_on_hand > 0 AND n.near_expiry_announced_at IS NULL AND n.expires_on >= $1::date) c
             WHERE c.expires_on <= $1::date + c.days) due
       -- Re-checked under the row lock: a scan running at the same time claims each lot once.
       WHERE l.id = due.id AND l.near_expiry_announced_at IS NULL
       RETURNING l.id, due.days`,
      [today, now],
    )) as [{ id: string; days: number }[], number];
    return rows[0];
  }

  /** Claims the lots with goods on hand whose expiry date has passed, not yet announced. */
  async claimExpired(manager: EntityManager, today: string, now: Date): Promise<string[]> {
    const rows = (await manager.query(
      `UPDATE stock_lot SET expired_announced_at = $2
       WHERE quantity_on_hand > 0 AND expired_announced_at IS NULL AND expires_on < $1::date
       RETURNING id`,
      [today, now],
    )) as [{ id: string }[], number];
    return rows[0].map((r) => r.id);
  }

  lotsOf(manager: EntityManager, ids: readonly string[]): Promise<StockLotEntity[]> {
    return manager
      .getRepository(StockLotEntity)
      .createQueryBuilder('l')
      .where('l.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('l.id')
      .getMany();
  }

  rules(): Promise<StockRuleEntity[]> {
    return this.dataSource.getRepository(StockRuleEntity).find();
  }

  async replaceRules(manager: EntityManager, rule: StockRuleEntity): Promise<void> {
    await manager.getRepository(StockRuleEntity).delete({ regionPrefix: rule.regionPrefix });
    await manager.getRepository(StockRuleEntity).insert(rule);
  }

  /** Each lot's journal quantity as of (before) `until`. */
  async journalAsOf(
    manager: EntityManager,
    lotIds: readonly string[],
    until: Date,
  ): Promise<Map<string, number>> {
    const rows = (await manager.query(
      `SELECT l.id, coalesce(sum(m.quantity), 0)::int AS n
       FROM unnest($1::uuid[]) AS l (id) LEFT JOIN stock_movement m ON m.lot_id = l.id AND m.at < $2
       GROUP BY l.id`,
      [[...lotIds], until],
    )) as { id: string; n: number }[];
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async insertCensus(
    manager: EntityManager,
    census: StockCensusEntity,
    lines: readonly StockCensusLineEntity[],
  ): Promise<void> {
    await manager.getRepository(StockCensusEntity).insert(census);
    if (lines.length > 0) await manager.getRepository(StockCensusLineEntity).insert([...lines]);
  }

  censusesByIds(ids: readonly string[]): Promise<StockCensusEntity[]> {
    return this.dataSource
      .getRepository(StockCensusEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  censusLinesOf(censusIds: readonly string[]): Promise<StockCensusLineEntity[]> {
    return this.dataSource
      .getRepository(StockCensusLineEntity)
      .createQueryBuilder('c')
      .where('c.census_id = ANY(:ids::uuid[])', { ids: [...censusIds] })
      .orderBy('c.lot_id')
      .getMany();
  }

  /** A reserve point's censuses, the latest counted first. */
  censusesOf(reservePointId: string, page: Page, after?: string[]): Promise<StockCensusEntity[]> {
    const qb = this.dataSource
      .getRepository(StockCensusEntity)
      .createQueryBuilder('c')
      .where('c.reserve_point_id = :point', { point: reservePointId })
      .orderBy('c.counted_on', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(page.limit + 1);
    if (after)
      qb.andWhere('(c.counted_on, c.id) < (:date::date, :id::uuid)', { date: after[0], id: after[1] });
    return qb.getMany();
  }

  /** Active reserve points whose last census is older than their rules' interval as of `today`, or that have none. */
  async dueForCensus(
    regionPrefix: string | undefined,
    today: string,
    limit: number,
    after?: string,
  ): Promise<CensusDueRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM (
         SELECT p.id, p.region_code, c.last::text AS last_counted_on,
                (c.last + make_interval(months => ${RULE_OF('p.region_code', 'census_interval_months')}))::date::text
                  AS due_on
         FROM reserve_point p
         LEFT JOIN (SELECT reserve_point_id, max(counted_on) AS last FROM stock_census GROUP BY reserve_point_id) c
           ON c.reserve_point_id = p.id
         WHERE p.status = 'ACTIVE' AND ($1::text IS NULL OR p.region_code LIKE $1 || '%')
           AND ($3::uuid IS NULL OR p.id > $3::uuid)) d
       WHERE d.due_on IS NULL OR d.due_on::date < $2::date
       ORDER BY d.id LIMIT $4`,
      [regionPrefix ?? null, today, after ?? null, limit + 1],
    )) as { id: string; region_code: string; last_counted_on: string | null; due_on: string | null }[];
    return rows.map((r) => ({
      reservePointId: r.id,
      regionCode: r.region_code,
      lastCountedOn: r.last_counted_on,
      dueOn: r.due_on,
    }));
  }

  /**
   * Active reserve points holding `itemCode`, with the great-circle distance (`greatCircleMetresSql`) to
   * the destination and the hours at the road speed of each point's rules, those within `hours`, nearest first.
   */
  async near(
    itemCode: string,
    latitude: number,
    longitude: number,
    hours: number,
    regionPrefix: string | undefined,
    limit: number,
    after?: string[],
  ): Promise<NearRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM (
         SELECT p.id, p.region_code, s.quantity,
                ${greatCircleMetresSql('p', '$2::float8', '$3::float8')} / 1000 AS distance_km,
                d.road_speed_kmh AS speed, d.first_batch_hours
         FROM reserve_point p
         -- The point's level in the delivery rules of its jurisdiction (the longest prefix with rules, as a set).
         JOIN reserve_delivery_rule d ON d.level = p.level AND d.region_prefix = (
           SELECT r.region_prefix FROM reserve_delivery_rule r WHERE p.region_code LIKE r.region_prefix || '%'
            ORDER BY length(r.region_prefix) DESC LIMIT 1)
         JOIN (SELECT reserve_point_id, sum(quantity_on_hand)::int AS quantity FROM stock_lot
               WHERE item_code = $1 GROUP BY reserve_point_id) s ON s.reserve_point_id = p.id
         WHERE p.status = 'ACTIVE' AND s.quantity > 0 AND ($5::text IS NULL OR p.region_code LIKE $5 || '%')) n
       WHERE n.distance_km / n.speed <= $4
         AND ($6::float8 IS NULL OR (n.distance_km, n.id) > ($6::float8, $7::uuid))
       ORDER BY n.distance_km, n.id
       LIMIT $8`,
      [
        itemCode,
        latitude,
        longitude,
        hours,
        regionPrefix ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    )) as {
      id: string;
      region_code: string;
      quantity: number;
      distance_km: number;
      speed: string;
      first_batch_hours: string | null;
    }[];
    return rows.map((r) => ({
      reservePointId: r.id,
      regionCode: r.region_code,
      quantity: r.quantity,
      distanceKm: Number(r.distance_km),
      estimatedHours: Number(r.distance_km) / Number(r.speed),
      firstBatchHours: r.first_batch_hours === null ? null : Number(r.first_batch_hours),
    }));
  }
}

interface ShortfallSql {
  reserve_point_id: string;
  region_code: string;
  item_code: string;
  minimum: number;
  quantity: number;
}

const shortfallOf = (r: ShortfallSql): ShortfallRow => ({
  reservePointId: r.reserve_point_id,
  regionCode: r.region_code,
  itemCode: r.item_code,
  minimum: r.minimum,
  quantity: r.quantity,
});
