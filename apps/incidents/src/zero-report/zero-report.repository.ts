import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '@emergency/paging';
import {
  ZeroReportDeadlineRuleEntity,
  ZeroReportEntity,
  ZeroReportMissEntity,
  ZeroReportPeriodEntity,
  type UnitLevel,
} from './zero-report.entity';

/** The unique constraint behind "one report per unit per day". */
export const ZERO_REPORT_ONCE_A_DAY = 'zero_report_once_a_day';
/** The unique index behind "one period going on per incident". */
export const ONE_OPEN_PERIOD_PER_INCIDENT = 'zero_report_period_one_open_per_incident';

/** A (period, unit, date) whose deadline has passed, as the scan offers it. */
export interface MissCandidate {
  periodId: string;
  unitRegionCode: string;
  date: string;
  dueAt: Date;
}

export interface MissKey {
  date: string;
  unitRegionCode: string;
  periodId: string;
}

@Injectable()
export class ZeroReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  insertPeriod(manager: EntityManager, period: Omit<ZeroReportPeriodEntity, 'createdAt'>) {
    const repository = manager.getRepository(ZeroReportPeriodEntity);
    return repository.save(repository.create(period));
  }

  findPeriod(id: string, manager?: EntityManager): Promise<ZeroReportPeriodEntity | null> {
    return this.manager(manager).getRepository(ZeroReportPeriodEntity).findOneBy({ id });
  }

  findPeriodsByIds(ids: readonly string[]): Promise<ZeroReportPeriodEntity[]> {
    return this.dataSource
      .getRepository(ZeroReportPeriodEntity)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lockPeriod(manager: EntityManager, id: string): Promise<ZeroReportPeriodEntity | null> {
    return manager
      .getRepository(ZeroReportPeriodEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  openPeriodOfIncident(manager: EntityManager, incidentId: string): Promise<ZeroReportPeriodEntity | null> {
    return manager
      .getRepository(ZeroReportPeriodEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.incident_id = :incidentId AND p.ends_on IS NULL', { incidentId })
      .getOne();
  }

  async endPeriod(manager: EntityManager, id: string, endsOn: string): Promise<void> {
    await manager.getRepository(ZeroReportPeriodEntity).update({ id }, { endsOn });
  }

  /** Periods reporting on `date`, or (for the scan) on any day since `since`. */
  periodsReporting(from: string, to: string, manager?: EntityManager): Promise<ZeroReportPeriodEntity[]> {
    return this.manager(manager)
      .getRepository(ZeroReportPeriodEntity)
      .createQueryBuilder('p')
      .where('p.starts_on <= :to AND (p.ends_on IS NULL OR p.ends_on >= :from)', { from, to })
      .orderBy('p.starts_on', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  deadlineRules(manager?: EntityManager): Promise<ZeroReportDeadlineRuleEntity[]> {
    return this.manager(manager)
      .getRepository(ZeroReportDeadlineRuleEntity)
      .createQueryBuilder('r')
      .orderBy('r.region_prefix', 'ASC')
      .addOrderBy('r.level', 'ASC')
      .getMany();
  }

  async setDeadlineRule(
    manager: EntityManager,
    rule: ZeroReportDeadlineRuleEntity,
  ): Promise<ZeroReportDeadlineRuleEntity> {
    await manager.query(
      `INSERT INTO zero_report_deadline_rule (region_prefix, level, due_time, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region_prefix, level) DO UPDATE SET due_time = EXCLUDED.due_time, source = EXCLUDED.source`,
      [rule.regionPrefix, rule.level satisfies UnitLevel, rule.dueTime, rule.source],
    );
    return rule;
  }

  insertReport(manager: EntityManager, report: ZeroReportEntity): Promise<ZeroReportEntity> {
    const repository = manager.getRepository(ZeroReportEntity);
    return repository.save(repository.create(report));
  }

  findReport(manager: EntityManager, periodId: string, unitRegionCode: string, date: string) {
    return manager.getRepository(ZeroReportEntity).findOneBy({ periodId, unitRegionCode, date });
  }

  reportsOn(periodIds: readonly string[], date: string): Promise<ZeroReportEntity[]> {
    return this.dataSource
      .getRepository(ZeroReportEntity)
      .createQueryBuilder('r')
      .where('r.period_id = ANY(:ids::uuid[]) AND r.report_date = :date', { ids: [...periodIds], date })
      .getMany();
  }

  missesOn(periodIds: readonly string[], date: string): Promise<ZeroReportMissEntity[]> {
    return this.dataSource
      .getRepository(ZeroReportMissEntity)
      .createQueryBuilder('m')
      .where('m.period_id = ANY(:ids::uuid[]) AND m.report_date = :date', { ids: [...periodIds], date })
      .getMany();
  }

  /**
   * Marks every candidate without a report as missed, each once (a row already marked, or a report in by now,
   * is skipped); returns the rows marked by this call.
   */
  async markMisses(
    manager: EntityManager,
    candidates: readonly MissCandidate[],
    now: Date,
  ): Promise<MissCandidate[]> {
    if (candidates.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO zero_report_miss (period_id, unit_region_code, report_date, due_at, marked_at)
       SELECT c.period_id, c.unit, c.day, c.due_at, $5
       FROM unnest($1::uuid[], $2::text[], $3::date[], $4::timestamptz[]) AS c (period_id, unit, day, due_at)
       WHERE NOT EXISTS (
         SELECT 1 FROM zero_report r
         WHERE r.period_id = c.period_id AND r.unit_region_code = c.unit AND r.report_date = c.day)
       ON CONFLICT DO NOTHING
       RETURNING period_id, unit_region_code, to_char(report_date, 'YYYY-MM-DD') AS report_date, due_at`,
      [
        candidates.map((c) => c.periodId),
        candidates.map((c) => c.unitRegionCode),
        candidates.map((c) => c.date),
        candidates.map((c) => c.dueAt.toISOString()),
        now.toISOString(),
      ],
    )) as { period_id: string; unit_region_code: string; report_date: string; due_at: Date }[];
    return rows.map((r) => ({
      periodId: r.period_id,
      unitRegionCode: r.unit_region_code,
      date: r.report_date,
      dueAt: new Date(r.due_at),
    }));
  }

  /** Keyset page of misses within a region prefix and dates, newest day first, then by unit and period. */
  listMisses(
    filter: { regionPrefix?: string; from: string; to: string },
    page: Page,
    after?: MissKey,
  ): Promise<ZeroReportMissEntity[]> {
    const qb = this.dataSource
      .getRepository(ZeroReportMissEntity)
      .createQueryBuilder('m')
      .where('m.report_date BETWEEN :from AND :to', { from: filter.from, to: filter.to })
      .orderBy('m.report_date', 'DESC')
      .addOrderBy('m.unit_region_code', 'ASC')
      .addOrderBy('m.period_id', 'ASC')
      .limit(page.limit + 1);
    if (filter.regionPrefix) {
      qb.andWhere('m.unit_region_code LIKE :prefix', { prefix: `${filter.regionPrefix}%` });
    }
    if (after) {
      qb.andWhere(
        `(m.report_date < :afterDate OR (m.report_date = :afterDate AND
          (m.unit_region_code, m.period_id) > (:afterUnit, :afterPeriod::uuid)))`,
        { afterDate: after.date, afterUnit: after.unitRegionCode, afterPeriod: after.periodId },
      );
    }
    return qb.getMany();
  }
}
