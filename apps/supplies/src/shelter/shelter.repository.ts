import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import {
  RegionPopulationEntity,
  ShelterEntity,
  ShelterOccupancyEntity,
  ShelterPlanningRatioEntity,
} from './shelter.entity';
import { greatCircleMetresSql } from '../geo/great-circle';
import { type ShelterClass, type ShelterLevel, type ShelterStatus } from './shelter-rules';

export interface ShelterQuery {
  regionPrefix: string;
  level?: ShelterLevel;
  shelterClass?: ShelterClass;
  status?: ShelterStatus;
}

export interface NearQuery {
  regionPrefix: string;
  latitude: number;
  longitude: number;
  radiusMetres: number;
  minFreePlaces: number;
  limit: number;
}

export interface CoverageRow {
  region_code: string;
  shelters: string;
  capacity: string;
  fixed_capacity: string;
  area: string;
}

@Injectable()
export class ShelterRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ShelterEntity);
  }

  findByIds(ids: readonly string[]): Promise<ShelterEntity[]> {
    return this.repo()
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lock(manager: EntityManager, id: string): Promise<ShelterEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(manager: EntityManager, shelter: ShelterEntity): Promise<ShelterEntity> {
    await this.repo(manager).insert(shelter);
    return this.repo(manager).findOneByOrFail({ id: shelter.id });
  }

  async update(manager: EntityManager, id: string, change: Partial<ShelterEntity>): Promise<ShelterEntity> {
    await this.repo(manager).update({ id }, change);
    return this.repo(manager).findOneByOrFail({ id });
  }

  /** Keyset page, newest first. */
  list(query: ShelterQuery, page: Page, after?: TimeKey): Promise<ShelterEntity[]> {
    const qb = this.repo()
      .createQueryBuilder('s')
      .where('s.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` })
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(page.limit + 1);
    if (query.level) qb.andWhere('s.level = :level', { level: query.level });
    if (query.shelterClass)
      qb.andWhere('s.shelter_class = :shelterClass', { shelterClass: query.shelterClass });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (after)
      qb.andWhere('(s.created_at, s.id) < (:at::timestamptz, :id::uuid)', {
        at: after.at.toISOString(),
        id: after.id,
      });
    return qb.getMany();
  }

  /** OPEN or READY shelters with room within the radius, nearest first, with their distance. */
  async withRoomNear(query: NearQuery): Promise<{ id: string; distance: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, distance FROM (
         SELECT s.id, ${greatCircleMetresSql('s', '$1::float8', '$2::float8')} AS distance
         FROM shelter s
         WHERE s.status IN ('OPEN', 'READY') AND s.region_code LIKE $3
           AND s.capacity - s.current_occupants >= $4
       ) d
       WHERE distance <= $5
       ORDER BY distance, id
       LIMIT $6`,
      [
        query.latitude,
        query.longitude,
        `${query.regionPrefix}%`,
        query.minFreePlaces,
        query.radiusMetres,
        query.limit,
      ],
    )) as { id: string; distance: number }[];
    return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
  }

  private occupancyQuery(shelterIds: readonly string[]) {
    return this.dataSource
      .getRepository(ShelterOccupancyEntity)
      .createQueryBuilder('o')
      .where('o.shelter_id = ANY(:shelterIds::uuid[])', { shelterIds: [...shelterIds] })
      .orderBy('o.reported_at', 'DESC')
      .addOrderBy('o.id', 'DESC');
  }

  /** One shelter's occupancy reports, newest first. */
  occupancy(shelterId: string, page: Page, after?: TimeKey): Promise<ShelterOccupancyEntity[]> {
    const qb = this.occupancyQuery([shelterId]).limit(page.limit + 1);
    if (after)
      qb.andWhere('(o.reported_at, o.id) < (:at::timestamptz, :id::uuid)', {
        at: after.at.toISOString(),
        id: after.id,
      });
    return qb.getMany();
  }

  /** The newest `limit` reports of each shelter, in one statement. */
  newestOccupancyOf(shelterIds: readonly string[], limit: number): Promise<ShelterOccupancyEntity[]> {
    return firstRowsOfEach(this.occupancyQuery(shelterIds), 'o.shelter_id', limit).getMany();
  }

  async addOccupancy(manager: EntityManager, row: ShelterOccupancyEntity) {
    await manager.getRepository(ShelterOccupancyEntity).insert(row);
  }

  /**
   * Shelters in use or usable (not closed, not under construction) under `prefix`, summed per region: all of them,
   * and the fixed and central ones that count against the planning ratio.
   */
  async coverage(prefix: string): Promise<CoverageRow[]> {
    return (await this.dataSource.query(
      `SELECT region_code, count(*)::text AS shelters, sum(capacity)::text AS capacity,
              coalesce(sum(capacity) FILTER (WHERE shelter_class <> 'EMERGENCY'), 0)::text AS fixed_capacity,
              sum(effective_area_square_metres)::text AS area
       FROM shelter WHERE region_code LIKE $1 AND status IN ('READY', 'OPEN', 'FULL')
       GROUP BY region_code`,
      [`${prefix}%`],
    )) as CoverageRow[];
  }

  ratios(): Promise<ShelterPlanningRatioEntity[]> {
    return this.dataSource.getRepository(ShelterPlanningRatioEntity).find({ order: { regionPrefix: 'ASC' } });
  }

  async upsertRatio(manager: EntityManager, ratio: Omit<ShelterPlanningRatioEntity, 'updatedAt'>, at: Date) {
    await manager.query(
      `INSERT INTO shelter_planning_ratio (region_prefix, min_percent, max_percent, source, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (region_prefix) DO UPDATE SET min_percent = EXCLUDED.min_percent,
         max_percent = EXCLUDED.max_percent, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at`,
      [ratio.regionPrefix, ratio.minPercent, ratio.maxPercent, ratio.source, at.toISOString()],
    );
    return manager
      .getRepository(ShelterPlanningRatioEntity)
      .findOneByOrFail({ regionPrefix: ratio.regionPrefix });
  }

  populationsUnder(prefix: string): Promise<RegionPopulationEntity[]> {
    return this.dataSource
      .getRepository(RegionPopulationEntity)
      .createQueryBuilder('p')
      .where('p.region_code LIKE :prefix', { prefix: `${prefix}%` })
      .getMany();
  }

  population(regionCode: string): Promise<RegionPopulationEntity | null> {
    return this.dataSource.getRepository(RegionPopulationEntity).findOneBy({ regionCode });
  }

  async upsertPopulation(manager: EntityManager, row: RegionPopulationEntity) {
    await manager.query(
      `INSERT INTO region_population (region_code, population, source, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region_code) DO UPDATE SET population = EXCLUDED.population, source = EXCLUDED.source,
         updated_at = EXCLUDED.updated_at`,
      [row.regionCode, row.population, row.source, row.updatedAt.toISOString()],
    );
    return manager.getRepository(RegionPopulationEntity).findOneByOrFail({ regionCode: row.regionCode });
  }
}
