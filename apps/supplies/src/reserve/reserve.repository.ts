import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { DeliveryRuleEntity } from './delivery-rule.entity';
import {
  ReservePointEntity,
  type ReserveKind,
  type ReserveLevel,
  type ReservePointStatus,
} from './reserve-point.entity';
import { greatCircleMetresSql } from '../geo/great-circle';

export interface ReservePointQuery {
  regionPrefix?: string;
  level?: ReserveLevel;
  kind?: ReserveKind;
  status?: ReservePointStatus;
  ownerOrganisationIds?: readonly string[];
}

/** A point and its distance in metres, as {@link ReserveRepository.near} finds them. */
export interface ReservePointAtDistance {
  point: ReservePointEntity;
  distanceMetres: number;
}

@Injectable()
export class ReserveRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ReservePointEntity);
  }

  findByIds(ids: readonly string[]): Promise<ReservePointEntity[]> {
    return this.repo()
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lock(manager: EntityManager, id: string): Promise<ReservePointEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Keyset page, newest first. */
  list(query: ReservePointQuery, page: Page, after?: TimeKey): Promise<ReservePointEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    if (after)
      qb.andWhere('(r.created_at, r.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    return qb.getMany();
  }

  /** The first `limit` points of each owner, newest first, within `regionPrefix`, in one statement. */
  newestOf(ownerIds: readonly string[], regionPrefix: string, limit: number): Promise<ReservePointEntity[]> {
    return firstRowsOfEach(
      this.query({ ownerOrganisationIds: ownerIds, regionPrefix }),
      'r.owner_organisation_id',
      limit,
    ).getMany();
  }

  private query(query: ReservePointQuery) {
    const qb = this.repo().createQueryBuilder('r').orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
    if (query.regionPrefix) qb.andWhere('r.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.level) qb.andWhere('r.level = :level', { level: query.level });
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.ownerOrganisationIds)
      qb.andWhere('r.owner_organisation_id = ANY(:owners::uuid[])', {
        owners: [...query.ownerOrganisationIds],
      });
    return qb;
  }

  /**
   * ACTIVE points under `regionPrefix` within `radiusMetres` (inclusive) of the point, nearest first (then by id),
   * at most `limit`, each with its distance, computed in SQL.
   */
  async near(
    latitude: number,
    longitude: number,
    radiusMetres: number,
    regionPrefix: string,
    limit: number,
  ): Promise<ReservePointAtDistance[]> {
    const rows: { id: string; distance_metres: number }[] = await this.dataSource.query(
      `SELECT id, distance_metres FROM (
         SELECT r.id, ${greatCircleMetresSql('r', '$1::float8', '$2::float8')} AS distance_metres
         FROM reserve_point r
         WHERE r.status = 'ACTIVE' AND r.region_code LIKE $3
       ) d
       WHERE distance_metres <= $4::float8
       ORDER BY distance_metres, id
       LIMIT $5`,
      [latitude, longitude, `${regionPrefix}%`, radiusMetres, limit],
    );
    const points = new Map((await this.findByIds(rows.map((r) => r.id))).map((p) => [p.id, p]));
    return rows.map((row) => ({ point: points.get(row.id)!, distanceMetres: Number(row.distance_metres) }));
  }

  async insert(
    manager: EntityManager,
    point: Omit<ReservePointEntity, 'createdAt'>,
  ): Promise<ReservePointEntity> {
    await this.repo(manager).insert(point);
    return this.repo(manager).findOneByOrFail({ id: point.id });
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<ReservePointEntity>,
  ): Promise<ReservePointEntity> {
    await this.repo(manager).update({ id }, changes);
    return this.repo(manager).findOneByOrFail({ id });
  }

  /** Every delivery rule: a small table, read whole so the most specific prefix can be picked per region. */
  rules(manager?: EntityManager): Promise<DeliveryRuleEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(DeliveryRuleEntity)
      .find({ order: { regionPrefix: 'ASC', level: 'ASC' } });
  }

  async replaceRules(
    manager: EntityManager,
    regionPrefix: string,
    rules: readonly Omit<DeliveryRuleEntity, 'regionPrefix'>[],
  ): Promise<DeliveryRuleEntity[]> {
    const repo = manager.getRepository(DeliveryRuleEntity);
    await repo.delete({ regionPrefix });
    if (rules.length) await repo.insert(rules.map((rule) => ({ ...rule, regionPrefix })));
    return repo.find({ where: { regionPrefix }, order: { level: 'ASC' } });
  }
}
