import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import type { IncidentCategory } from '../incident/incident.entity';
import type { Obligation } from './report-rules';
import { IncidentReportEntity, ReportDeadlineEntity, ReportDeadlineRuleEntity } from './report.entity';

export interface LateReportQuery {
  regionPrefix: string;
  reportingOrganisationId?: string;
  from?: Date;
  to?: Date;
  after?: TimeKey;
}

export interface TimelinessRow {
  reportingRegion: string;
  onTime: number;
  late: number;
  missed: number;
}

@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** An incident's reports (kind and levels), in their order (the incident is locked by the caller). */
  chainOf(
    manager: EntityManager,
    incidentId: string,
  ): Promise<Pick<IncidentReportEntity, 'kind' | 'position' | 'toLevel' | 'skippedLevels'>[]> {
    return manager
      .getRepository(IncidentReportEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.kind', 'r.position', 'r.toLevel', 'r.skippedLevels'])
      .where('r.incident_id = :incidentId', { incidentId })
      .orderBy('r.position', 'ASC')
      .getMany();
  }

  insertReport(manager: EntityManager, report: IncidentReportEntity): Promise<IncidentReportEntity> {
    const repository = manager.getRepository(IncidentReportEntity);
    return repository.save(repository.create(report));
  }

  async setLateMinutes(manager: EntityManager, id: string, lateMinutes: number) {
    await manager.getRepository(IncidentReportEntity).update({ id }, { lateMinutes });
  }

  findReportsByIds(ids: readonly string[]): Promise<IncidentReportEntity[]> {
    return this.dataSource
      .getRepository(IncidentReportEntity)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Every report of `incidentIds`, in chain order (the figures history). */
  reportsOfAll(incidentIds: readonly string[]): Promise<IncidentReportEntity[]> {
    return this.reportsOf(incidentIds).getMany();
  }

  listReports(incidentId: string, page: Page, afterPosition?: number): Promise<IncidentReportEntity[]> {
    const qb = this.reportsOf([incidentId]).limit(page.limit + 1);
    if (afterPosition !== undefined) qb.andWhere('r.position > :afterPosition', { afterPosition });
    return qb.getMany();
  }

  firstReports(incidentIds: readonly string[], limit: number): Promise<IncidentReportEntity[]> {
    return firstRowsOfEach(this.reportsOf(incidentIds), 'r.incident_id', limit).getMany();
  }

  private reportsOf(incidentIds: readonly string[]) {
    return this.dataSource
      .getRepository(IncidentReportEntity)
      .createQueryBuilder('r')
      .where('r.incident_id = ANY(:incidentIds::uuid[])', { incidentIds: [...incidentIds] })
      .orderBy('r.position', 'ASC')
      .addOrderBy('r.id', 'ASC');
  }

  /** Reports that met their deadline late, newest first by reportedAt. */
  lateReports(query: LateReportQuery, page: Page): Promise<IncidentReportEntity[]> {
    const qb = this.dataSource
      .getRepository(IncidentReportEntity)
      .createQueryBuilder('r')
      .where('r.late_minutes IS NOT NULL')
      .andWhere('r.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` })
      .orderBy('r.reported_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(page.limit + 1);
    if (query.reportingOrganisationId) {
      qb.andWhere('r.reporting_organisation_id = :org', { org: query.reportingOrganisationId });
    }
    if (query.from) qb.andWhere('r.reported_at >= :from', { from: query.from.toISOString() });
    if (query.to) qb.andWhere('r.reported_at < :to', { to: query.to.toISOString() });
    if (query.after) {
      qb.andWhere('(r.reported_at, r.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: query.after.at.toISOString(),
        afterId: query.after.id,
      });
    }
    return qb.getMany();
  }

  /** Every rule of `category` whose prefix `regionCode` starts with (the caller picks the longest). */
  rulesCovering(regionCode: string, category: IncidentCategory, manager?: EntityManager) {
    return this.manager(manager)
      .getRepository(ReportDeadlineRuleEntity)
      .createQueryBuilder('r')
      .where('r.category = :category', { category })
      .andWhere(":regionCode LIKE r.region_prefix || '%'", { regionCode })
      .orderBy('r.kind', 'ASC')
      .addOrderBy('r.hop', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  /** Replaces the rules of one prefix and category. */
  async replaceRules(
    manager: EntityManager,
    regionPrefix: string,
    category: IncidentCategory,
    rules: Omit<ReportDeadlineRuleEntity, 'id'>[],
  ): Promise<ReportDeadlineRuleEntity[]> {
    await manager.getRepository(ReportDeadlineRuleEntity).delete({ regionPrefix, category });
    const rows = rules.map((rule) => ({ ...rule, id: randomUUID() }));
    if (rows.length > 0) await manager.getRepository(ReportDeadlineRuleEntity).insert(rows);
    return rows;
  }

  /** Records obligations, each at most once (the same kind, level, channel and instant). */
  async insertObligations(
    manager: EntityManager,
    incident: { id: string; regionCode: string; category: IncidentCategory },
    obligations: readonly Obligation[],
    now: Date,
  ): Promise<number> {
    let inserted = 0;
    for (const o of obligations) {
      const rows = (await manager.query(
        `INSERT INTO report_deadline (id, incident_id, rule_id, region_code, category, reporting_region, kind, channel,
           level, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (incident_id, kind, level, coalesce(channel, ''), due_at) DO NOTHING RETURNING id`,
        [
          randomUUID(),
          incident.id,
          o.ruleId,
          incident.regionCode,
          incident.category,
          o.reportingRegion,
          o.kind,
          o.channel,
          o.level,
          o.dueAt.toISOString(),
          now.toISOString(),
        ],
      )) as unknown[];
      inserted += rows.length;
    }
    return inserted;
  }

  /** Whether the incident already owes (or met) a report of `kind` to `level`. */
  async hasObligation(
    manager: EntityManager,
    incidentId: string,
    kind: string,
    level: string,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM report_deadline WHERE incident_id = $1 AND kind = $2 AND level = $3 LIMIT 1`,
      [incidentId, kind, level],
    )) as unknown[];
    return rows.length > 0;
  }

  openObligations(manager: EntityManager, incidentId: string): Promise<ReportDeadlineEntity[]> {
    return manager
      .getRepository(ReportDeadlineEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.incident_id = :incidentId AND d.met_at IS NULL', { incidentId })
      .orderBy('d.due_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
  }

  async meet(manager: EntityManager, id: string, reportId: string, at: Date, lateMinutes: number) {
    await manager
      .getRepository(ReportDeadlineEntity)
      .update({ id }, { metByReportId: reportId, metAt: at, lateMinutes });
  }

  /** Marks the open obligations due before `now` as overdue, each once; returns them. */
  async markOverdue(manager: EntityManager, now: Date): Promise<ReportDeadlineEntity[]> {
    const rows = (await manager.query(
      `UPDATE report_deadline SET overdue_at = $1
       WHERE met_at IS NULL AND overdue_at IS NULL AND due_at < $1
       RETURNING id`,
      [now.toISOString()],
    )) as [{ id: string }[], number];
    const ids = rows[0].map((r) => r.id);
    if (ids.length === 0) return [];
    return manager
      .getRepository(ReportDeadlineEntity)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids::uuid[])', { ids })
      .orderBy('d.due_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
  }

  /** The incidents responding now, with the facts the follow-up rules need. */
  responding(manager: EntityManager) {
    return manager.query(
      `SELECT id, region_code AS "regionCode", category, subcategory, severity, occurred_at AS "occurredAt"
       FROM incident WHERE status = 'RESPONDING'`,
    ) as Promise<
      {
        id: string;
        regionCode: string;
        category: IncidentCategory;
        subcategory: string | null;
        severity: 'I' | 'II' | 'III' | 'IV';
        occurredAt: Date;
      }[]
    >;
  }

  /** Open obligations within a region prefix, soonest due first. */
  due(regionPrefix: string, page: Page, after?: TimeKey): Promise<ReportDeadlineEntity[]> {
    const qb = this.dataSource
      .getRepository(ReportDeadlineEntity)
      .createQueryBuilder('d')
      .where('d.met_at IS NULL')
      .andWhere('d.region_code LIKE :prefix', { prefix: `${regionPrefix}%` })
      .orderBy('d.due_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(page.limit + 1);
    if (after) {
      qb.andWhere('(d.due_at, d.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  /** Per reporting region, the obligations due in [from, to): met on time, met late, and missed (unmet, past due at `now`). */
  async timeliness(regionPrefix: string, from: Date, to: Date, now: Date): Promise<TimelinessRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT reporting_region AS "reportingRegion",
         count(*) FILTER (WHERE met_at IS NOT NULL AND late_minutes = 0)::int AS "onTime",
         count(*) FILTER (WHERE met_at IS NOT NULL AND late_minutes > 0)::int AS "late",
         count(*) FILTER (WHERE met_at IS NULL AND due_at < $4)::int AS "missed"
       FROM report_deadline
       WHERE region_code LIKE $1 AND due_at >= $2 AND due_at < $3
       GROUP BY reporting_region ORDER BY reporting_region`,
      [`${regionPrefix}%`, from.toISOString(), to.toISOString(), now.toISOString()],
    )) as TimelinessRow[];
    return rows;
  }
}
