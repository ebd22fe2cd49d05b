import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import type { AvailableLot } from './dispatch-rules';
import {
  DispatchRuleEntity,
  SuppliesDispatchEntity,
  SuppliesRequestEntity,
  type DispatchStatus,
  type RequestStatus,
} from './dispatch.entity';

/** A reserve point as a dispatch needs it: with its level. */
export interface DispatchPointRow {
  id: string;
  regionCode: string;
  level: string;
  status: string;
}

export interface RequestQuery {
  regionPrefix?: string;
  status?: RequestStatus;
  incidentId?: string;
  ownStockAvailable?: boolean;
  /** true: paperwork due before `now` and not recorded; false: anything else. */
  paperworkOverdue?: boolean;
  now: Date;
}

export interface DispatchQuery {
  regionPrefix?: string;
  status?: DispatchStatus;
  incidentId?: string;
  receivedShort?: boolean;
  late?: boolean;
}

@Injectable()
export class DispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async pointOf(id: string): Promise<DispatchPointRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, region_code, level, status FROM reserve_point WHERE id = $1`,
      [id],
    )) as { id: string; region_code: string; level: string; status: string }[];
    const row = rows[0];
    return row ? { id: row.id, regionCode: row.region_code, level: row.level, status: row.status } : null;
  }

  async shelterRegion(id: string): Promise<string | null> {
    const rows = (await this.dataSource.query(`SELECT region_code FROM shelter WHERE id = $1`, [id])) as {
      region_code: string;
    }[];
    return rows[0]?.region_code ?? null;
  }

  /**
   * The stock of each item a region holds itself: unexpired lots at the active reserve points of exactly that
   * region (not those of the levels below it).
   */
  async ownStock(
    regionCode: string,
    itemCodes: readonly string[],
    today: string,
  ): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT l.item_code, sum(l.quantity_on_hand)::int AS quantity
       FROM stock_lot l JOIN reserve_point p ON p.id = l.reserve_point_id
       WHERE p.region_code = $1 AND p.status = 'ACTIVE' AND l.item_code = ANY($2::text[])
         AND l.quantity_on_hand > 0 AND (l.expires_on IS NULL OR l.expires_on >= $3)
       GROUP BY l.item_code`,
      [regionCode, [...itemCodes], today],
    )) as { item_code: string; quantity: number }[];
    return new Map(rows.map((r) => [r.item_code, r.quantity]));
  }

  /** The unexpired lots of an item with goods at a point; locked until the transaction ends when `manager` is given. */
  async lotsAt(
    pointId: string,
    itemCode: string,
    today: string,
    manager?: EntityManager,
  ): Promise<AvailableLot[]> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT id, quantity_on_hand, expires_on::text, received_on::text FROM stock_lot
       WHERE reserve_point_id = $1 AND item_code = $2 AND quantity_on_hand > 0
         AND (expires_on IS NULL OR expires_on >= $3)
       ORDER BY expires_on NULLS LAST, received_on, id
       ${manager ? 'FOR UPDATE' : ''}`,
      [pointId, itemCode, today],
    )) as { id: string; quantity_on_hand: number; expires_on: string | null; received_on: string }[];
    return rows.map((r) => ({
      id: r.id,
      quantityOnHand: r.quantity_on_hand,
      expiresOn: r.expires_on,
      receivedOn: r.received_on,
    }));
  }

  async lot(
    id: string,
  ): Promise<{ id: string; reservePointId: string; itemCode: string; quantityOnHand: number } | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, reserve_point_id, item_code, quantity_on_hand FROM stock_lot WHERE id = $1`,
      [id],
    )) as { id: string; reserve_point_id: string; item_code: string; quantity_on_hand: number }[];
    const row = rows[0];
    return row
      ? {
          id: row.id,
          reservePointId: row.reserve_point_id,
          itemCode: row.item_code,
          quantityOnHand: row.quantity_on_hand,
        }
      : null;
  }

  requestsByIds(ids: readonly string[]): Promise<SuppliesRequestEntity[]> {
    return this.dataSource
      .getRepository(SuppliesRequestEntity)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lockRequest(manager: EntityManager, id: string): Promise<SuppliesRequestEntity | null> {
    return manager
      .getRepository(SuppliesRequestEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  async insertRequest(manager: EntityManager, request: SuppliesRequestEntity): Promise<void> {
    await manager.getRepository(SuppliesRequestEntity).insert(request);
  }

  async saveRequest(manager: EntityManager, request: SuppliesRequestEntity): Promise<void> {
    await manager.getRepository(SuppliesRequestEntity).save(request);
  }

  dispatch(id: string): Promise<SuppliesDispatchEntity | null> {
    return this.dataSource.getRepository(SuppliesDispatchEntity).findOneBy({ id });
  }

  /** The dispatches of the requests, each's first instructed first. */
  dispatchesOf(requestIds: readonly string[]): Promise<SuppliesDispatchEntity[]> {
    return this.dataSource
      .getRepository(SuppliesDispatchEntity)
      .createQueryBuilder('d')
      .where('d.request_id = ANY(:ids::uuid[])', { ids: [...requestIds] })
      .orderBy('d.instructed_at')
      .addOrderBy('d.id')
      .getMany();
  }

  lockDispatch(manager: EntityManager, id: string): Promise<SuppliesDispatchEntity | null> {
    return manager
      .getRepository(SuppliesDispatchEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  async insertDispatch(manager: EntityManager, dispatch: SuppliesDispatchEntity): Promise<void> {
    await manager.getRepository(SuppliesDispatchEntity).insert(dispatch);
  }

  async saveDispatch(manager: EntityManager, dispatch: SuppliesDispatchEntity): Promise<void> {
    await manager.getRepository(SuppliesDispatchEntity).save(dispatch);
  }

  /** Requests newest first, keyset paged on (requested_at, id). */
  requests(query: RequestQuery, page: Page, after?: TimeKey): Promise<SuppliesRequestEntity[]> {
    const qb = this.dataSource
      .getRepository(SuppliesRequestEntity)
      .createQueryBuilder('r')
      .orderBy('r.requested_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(page.limit + 1);
    if (query.regionPrefix !== undefined)
      qb.andWhere(`r.requester_region_code LIKE :prefix || '%'`, { prefix: query.regionPrefix });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.incidentId) qb.andWhere('r.incident_id = :incidentId', { incidentId: query.incidentId });
    if (query.ownStockAvailable !== undefined)
      qb.andWhere('r.own_stock_available = :own', { own: query.ownStockAvailable });
    const overdue = `(r.paperwork_due_at < :now AND r.paperwork_recorded_at IS NULL)`;
    if (query.paperworkOverdue === true) qb.andWhere(overdue, { now: query.now });
    if (query.paperworkOverdue === false) qb.andWhere(`NOT coalesce(${overdue}, false)`, { now: query.now });
    if (after) qb.andWhere('(r.requested_at, r.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.getMany();
  }

  /** Dispatches newest first, keyset paged on (instructed_at, id). */
  dispatches(query: DispatchQuery, page: Page, after?: TimeKey): Promise<SuppliesDispatchEntity[]> {
    const qb: SelectQueryBuilder<SuppliesDispatchEntity> = this.dataSource
      .getRepository(SuppliesDispatchEntity)
      .createQueryBuilder('d')
      .orderBy('d.instructed_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(page.limit + 1);
    if (query.regionPrefix !== undefined)
      qb.andWhere(
        `(d.receiving_region_code LIKE :prefix || '%' OR d.sending_region_code LIKE :prefix || '%')`,
        { prefix: query.regionPrefix },
      );
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.incidentId) qb.andWhere('d.incident_id = :incidentId', { incidentId: query.incidentId });
    if (query.receivedShort === true) qb.andWhere('d.shortfall_quantity > 0');
    if (query.receivedShort === false) qb.andWhere('coalesce(d.shortfall_quantity, 0) = 0');
    if (query.late === true) qb.andWhere('d.late');
    if (query.late === false) qb.andWhere('NOT coalesce(d.late, false)');
    if (after) qb.andWhere('(d.instructed_at, d.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.getMany();
  }

  /** Claims the requests whose paperwork fell due before `now` unrecorded and unannounced. */
  async claimOverduePaperwork(manager: EntityManager, now: Date): Promise<SuppliesRequestEntity[]> {
    const rows = (await manager.query(
      `UPDATE supplies_request SET paperwork_overdue_announced_at = $1
       WHERE paperwork_due_at < $1 AND paperwork_recorded_at IS NULL AND paperwork_overdue_announced_at IS NULL
       RETURNING id`,
      [now],
    )) as [{ id: string }[], number];
    const ids = rows[0].map((r) => r.id);
    if (ids.length === 0) return [];
    return manager
      .getRepository(SuppliesRequestEntity)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids::uuid[])', { ids })
      .orderBy('r.paperwork_due_at')
      .addOrderBy('r.id')
      .getMany();
  }

  rules(): Promise<DispatchRuleEntity[]> {
    return this.dataSource.getRepository(DispatchRuleEntity).find();
  }

  async replaceRules(manager: EntityManager, rule: DispatchRuleEntity): Promise<void> {
    await manager.getRepository(DispatchRuleEntity).delete({ regionPrefix: rule.regionPrefix });
    await manager.getRepository(DispatchRuleEntity).insert(rule);
  }
}
