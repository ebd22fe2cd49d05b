import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import {
  HazardDeadlineChangeEntity,
  HazardEntity,
  HazardRuleEntity,
  HazardTransitionEntity,
  HazardVerificationEntity,
  type HazardKind,
  type HazardLevel,
  type HazardStatus,
} from './hazard.entity';

export interface HazardQuery {
  regionPrefix?: string;
  level?: HazardLevel;
  status?: HazardStatus;
  kind?: HazardKind;
  responsibleOrganisationId?: string;
  /** Unverified after their deadline (as it stands now) on this day (true), or not (false). */
  overdueOn?: { today: string; overdue: boolean };
}

/** What `UPDATE ... RETURNING` gives back for an overdue hazard, in its column names. */
export interface OverdueHazardRow {
  id: string;
  region_code: string;
  level: HazardLevel;
  responsible_organisation_id: string;
  supervising_organisation_id: string | null;
  deadline: string;
}

export interface HazardSummaryRow {
  region_code: string;
  level: HazardLevel;
  status: HazardStatus;
  count: string;
  overdue: string;
}

/**
 * Unverified after its deadline on the day `param` names: verified later, or not yet (a closed hazard was always
 * verified first); the SQL of `hazardOverdue`.
 */
const pastDeadlineOn = (param: string) =>
  `(h.deadline < ${param}::date AND (h.verified_on IS NULL OR h.verified_on > ${param}::date))`;

@Injectable()
export class HazardRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(HazardEntity);
  }

  findByIds(ids: readonly string[]): Promise<HazardEntity[]> {
    return this.repo()
      .createQueryBuilder('h')
      .where('h.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lock(manager: EntityManager, id: string): Promise<HazardEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Keyset page, newest first. */
  list(query: HazardQuery, page: Page, after?: TimeKey): Promise<HazardEntity[]> {
    const qb = this.repo()
      .createQueryBuilder('h')
      .orderBy('h.created_at', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .limit(page.limit + 1);
    if (query.regionPrefix) qb.andWhere('h.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.level) qb.andWhere('h.level = :level', { level: query.level });
    if (query.status) qb.andWhere('h.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('h.kind = :kind', { kind: query.kind });
    if (query.responsibleOrganisationId)
      qb.andWhere('h.responsible_organisation_id = :org', { org: query.responsibleOrganisationId });
    if (query.overdueOn) {
      const overdue = pastDeadlineOn(':today');
      qb.andWhere(query.overdueOn.overdue ? overdue : `NOT COALESCE(${overdue}, false)`, {
        today: query.overdueOn.today,
      });
    }
    if (after)
      qb.andWhere('(h.created_at, h.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    return qb.getMany();
  }

  /** Counts per region, level and status of the hazards under `regionPrefix`, with those overdue on `today`. */
  summary(regionPrefix: string, today: string): Promise<HazardSummaryRow[]> {
    return this.dataSource.query(
      `SELECT h.region_code, h.level, h.status, count(*)::text AS count,
              count(*) FILTER (WHERE ${pastDeadlineOn('$2')})::text AS overdue
       FROM hazard h WHERE h.region_code LIKE $1
       GROUP BY h.region_code, h.level, h.status`,
      [`${regionPrefix}%`, today],
    );
  }

  transitionsOf(ids: readonly string[]) {
    return this.dataSource
      .getRepository(HazardTransitionEntity)
      .createQueryBuilder('t')
      .where('t.hazard_id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('t.seq')
      .getMany();
  }

  verificationsOf(ids: readonly string[]) {
    return this.dataSource
      .getRepository(HazardVerificationEntity)
      .createQueryBuilder('v')
      .where('v.hazard_id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('v.seq')
      .getMany();
  }

  deadlineChangesOf(ids: readonly string[]) {
    return this.dataSource
      .getRepository(HazardDeadlineChangeEntity)
      .createQueryBuilder('d')
      .where('d.hazard_id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('d.seq')
      .getMany();
  }

  async insert(manager: EntityManager, hazard: Omit<HazardEntity, 'createdAt'>): Promise<HazardEntity> {
    await this.repo(manager).insert(hazard);
    return this.repo(manager).findOneByOrFail({ id: hazard.id });
  }

  async update(manager: EntityManager, id: string, changes: Partial<HazardEntity>): Promise<HazardEntity> {
    await this.repo(manager).update({ id }, changes);
    return this.repo(manager).findOneByOrFail({ id });
  }

  async addTransition(manager: EntityManager, row: HazardTransitionEntity) {
    await manager.getRepository(HazardTransitionEntity).insert(row);
  }

  async addVerification(manager: EntityManager, row: HazardVerificationEntity) {
    await manager.getRepository(HazardVerificationEntity).insert(row);
  }

  async addDeadlineChange(manager: EntityManager, row: HazardDeadlineChangeEntity) {
    await manager.getRepository(HazardDeadlineChangeEntity).insert(row);
  }

  rules(): Promise<HazardRuleEntity[]> {
    return this.dataSource.getRepository(HazardRuleEntity).find({ order: { regionPrefix: 'ASC' } });
  }

  /** The rule set of a region: the longest prefix with a row. */
  async ruleFor(regionCode: string, manager?: EntityManager): Promise<HazardRuleEntity> {
    const rule = await (manager ?? this.dataSource.manager)
      .getRepository(HazardRuleEntity)
      .createQueryBuilder('r')
      .where(`:regionCode LIKE r.region_prefix || '%'`, { regionCode })
      .orderBy('length(r.region_prefix)', 'DESC')
      .limit(1)
      .getOne();
    if (!rule) throw new Error(`no hazard rule covers ${regionCode}: the national row is missing`);
    return rule;
  }

  async upsertRule(manager: EntityManager, rule: Omit<HazardRuleEntity, 'updatedAt'>) {
    await manager.query(
      `INSERT INTO hazard_rule (region_prefix, retention_years, ordinary_max_days, source)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (region_prefix) DO UPDATE SET retention_years = EXCLUDED.retention_years,
         ordinary_max_days = EXCLUDED.ordinary_max_days, source = EXCLUDED.source, updated_at = now()`,
      [rule.regionPrefix, rule.retentionYears, rule.ordinaryMaxDays, rule.source],
    );
    return manager.getRepository(HazardRuleEntity).findOneByOrFail({ regionPrefix: rule.regionPrefix });
  }

  /**
   * Marks, once per deadline, the hazards still being rectified whose deadline is before `today`; returns those
   * marked. A later deadline (an extension) that passes too is announced again.
   */
  async markOverdue(manager: EntityManager, today: string, at: Date): Promise<OverdueHazardRow[]> {
    const [rows] = (await manager.query(
      `UPDATE hazard SET overdue_announced_for = deadline, overdue_at = $2
       WHERE status = 'RECTIFYING' AND deadline < $1::date AND overdue_announced_for IS DISTINCT FROM deadline
       RETURNING id, region_code, level, responsible_organisation_id, supervising_organisation_id, deadline::text`,
      [today, at.toISOString()],
    )) as [OverdueHazardRow[], number];
    return rows;
  }

  /** Hazards of `organisationIds` with a deadline that may count in a period ending `to`. */
  withDeadlinesOf(organisationIds: readonly string[], to: string): Promise<HazardEntity[]> {
    return this.repo()
      .createQueryBuilder('h')
      .where('h.responsible_organisation_id = ANY(:ids::uuid[])', { ids: [...organisationIds] })
      .andWhere('h.deadline <= :to::date', { to })
      .orderBy('h.deadline')
      .addOrderBy('h.id')
      .getMany();
  }
}
