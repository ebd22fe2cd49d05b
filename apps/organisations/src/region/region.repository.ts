import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockKey } from '@emergency/database';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import { RegionEntity, type RegionLevel } from './region.entity';
import type { RegionRow } from './region-data';

export interface RegionQuery {
  /** Only divisions whose code starts with this (a region's subtree prefix), excluding `excludeCode`. */
  codePrefix?: string;
  excludeCode?: string;
  parentCodes?: readonly string[];
  level?: RegionLevel;
  nameContains?: string;
}

@Injectable()
export class RegionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RegionEntity);
  }

  /** All of `codes` in one statement. */
  findByCodes(codes: readonly string[]): Promise<RegionEntity[]> {
    return this.repo()
      .createQueryBuilder('r')
      .where('r.code = ANY(:codes::text[])', { codes: [...codes] })
      .getMany();
  }

  /** Keyset page in code order. */
  list(query: RegionQuery, page: Page): Promise<RegionEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 1, false);
    if (after) qb.andWhere('r.code > :after', { after: after[0] });
    return qb.getMany();
  }

  /** The first `limit` children of each of `query.parentCodes`, in code order, in one statement. */
  firstChildren(query: RegionQuery, limit: number): Promise<RegionEntity[]> {
    return firstRowsOfEach(this.query(query), 'r.parent_code', limit, 'r.code').getMany();
  }

  private query(query: RegionQuery) {
    const qb = this.repo().createQueryBuilder('r').orderBy('r.code', 'ASC');
    if (query.codePrefix) qb.andWhere(`r.code LIKE :prefix`, { prefix: `${query.codePrefix}%` });
    if (query.excludeCode) qb.andWhere('r.code <> :exclude', { exclude: query.excludeCode });
    if (query.parentCodes) {
      qb.andWhere('r.parent_code = ANY(:parents::text[])', { parents: [...query.parentCodes] });
    }
    if (query.level) qb.andWhere('r.level = :level', { level: query.level });
    if (query.nameContains) {
      qb.andWhere(`strpos(r.name, :name) > 0`, { name: query.nameContains });
    }
    return qb;
  }

  /** Inserts or corrects `rows` (parents must already be stored); returns how many rows changed. */
  async upsert(manager: EntityManager, rows: readonly RegionRow[]): Promise<number> {
    let changed = 0;
    for (let i = 0; i < rows.length; i += 5000) {
      const batch = rows.slice(i, i + 5000);
      const result = (await manager.query(
        `INSERT INTO region (code, name, level, parent_code)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (code) DO UPDATE
           SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code
           WHERE (region.name, region.level, region.parent_code)
             IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code)
         RETURNING code`,
        [
          batch.map((r) => r.code),
          batch.map((r) => r.name),
          batch.map((r) => r.level),
          batch.map((r) => r.parentCode),
        ],
      )) as unknown[];
      changed += result.length;
    }
    return changed;
  }

  /** Whether `scope` was already loaded from `source`. */
  async datasetLoaded(manager: EntityManager, scope: string, source: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM region_dataset WHERE scope = $1 AND source = $2`, [
      scope,
      source,
    ])) as unknown[];
    return rows.length > 0;
  }

  async recordDataset(manager: EntityManager, scope: string, source: string, regionCount: number) {
    await manager.query(
      `INSERT INTO region_dataset (scope, source, region_count) VALUES ($1, $2, $3)
       ON CONFLICT (scope) DO UPDATE SET source = EXCLUDED.source, region_count = EXCLUDED.region_count,
         loaded_at = now()`,
      [scope, source, regionCount],
    );
  }

  /** Takes the transaction-scoped lock that lets one instance load region data at a time. */
  async lockForLoading(manager: EntityManager): Promise<void> {
    await lockKey(manager, REGION_LOAD_LOCK, 'load');
  }
}

const REGION_LOAD_LOCK = 0x726567;
