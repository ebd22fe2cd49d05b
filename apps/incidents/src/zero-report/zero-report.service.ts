import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ZeroReportDeadlinesSet, ZeroReportSubmitted } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  eventContext,
  loadById,
  loaderKey,
  oneOf,
  optionalText,
  optionalUuid,
  requireJurisdiction,
  requireRole,
  requiredCalendarDate,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  badInput,
  type RequestContext,
} from '@emergency/graphql';
import {
  chinaDateOf,
  inJurisdiction,
  isClockTime,
  regionCovers,
  regionPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { afterKey, readPage, type PageArgs } from '@emergency/paging';
import { Clock, RegionScope, write } from '@emergency/subgraph';
import { IncidentService } from '../incident/incident.service';
import {
  UNIT_LEVELS,
  ZERO_REPORTING_KINDS,
  type UnitLevel,
  type ZeroReportDeadlineRuleEntity,
  type ZeroReportMissEntity,
  type ZeroReportPeriodEntity,
} from './zero-report.entity';
import {
  dayStatus,
  isLate,
  periodCovers,
  prefectureOf,
  ruleFor,
  unitLevel,
  zeroReportDueAt,
  type ZeroReportStatus,
} from './zero-report-rules';
import { ZeroReportErrorCode, ZeroReportException } from './zero-report.exception';
import { alreadyOpen, ZeroReporting } from './zero-reporting';
import {
  ONE_OPEN_PERIOD_PER_INCIDENT,
  ZERO_REPORT_ONCE_A_DAY,
  ZeroReportRepository,
} from './zero-report.repository';

export interface OpenZeroReportingInput {
  incidentId?: string | null;
  kind: string;
  regionCode: string;
  startsOn: string;
  title?: string | null;
}

export interface SubmitZeroReportInput {
  periodId: string;
  unitRegionCode: string;
  date: string;
  nothingToReport: boolean;
  text?: string | null;
}

export interface SetZeroReportDeadlineInput {
  regionCode?: string | null;
  level: string;
  dueTime: string;
  source: string;
}

export interface ZeroReportUnitDay {
  periodId: string;
  unitRegionCode: string;
  level: UnitLevel;
  status: ZeroReportStatus;
  dueAt: Date;
  submittedAt: Date | null;
  nothingToReport: boolean | null;
  markedMissingAt: Date | null;
}

export interface ZeroReportPrefectureSummary {
  prefectureCode: string;
  units: number;
  submitted: number;
  late: number;
  missing: number;
}

const PERIODS = loaderKey<ZeroReportPeriodEntity>('ZeroReportPeriod');
const missKeyOf = (m: ZeroReportMissEntity) => [m.date, m.unitRegionCode, m.periodId];

const alreadySubmitted = () =>
  new ZeroReportException(
    ZeroReportErrorCode.ZeroReportAlreadySubmitted,
    'the unit has already reported that day for this period',
    { field: 'unitRegionCode' },
  );

/**
 * Daily zero reporting (零报告): periods over a region during a response, each unit's report per day against the
 * deadline of its level (data: zero_report_deadline_rule), and what the duty office sees of a day.
 */
@Injectable()
export class ZeroReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ZeroReportRepository,
    private readonly incidents: IncidentService,
    private readonly regions: RegionScope,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly zeroReporting: ZeroReporting,
  ) {}

  /** The units that report in a period over `regionCode`: every county, prefecture and province within it. */
  unitsOf(regionCode: string): string[] {
    return this.zeroReporting.unitsOf(regionCode);
  }

  /** The period's incident, when the caller may see it. */
  incidentOf(ctx: RequestContext, incidentId: string) {
    return this.incidents.get(ctx, incidentId);
  }

  async period(ctx: RequestContext, id: string): Promise<ZeroReportPeriodEntity | null> {
    const period = await loadById(ctx, PERIODS, (ids) => this.repository.findPeriodsByIds(ids), id);
    return period && this.visible(ctx, period) ? period : null;
  }

  /** A period is seen by whoever may see its region or any unit of it (a county sees the prefecture's period). */
  private visible(ctx: RequestContext, period: ZeroReportPeriodEntity) {
    return (
      inJurisdiction(ctx.identity, period.regionCode) ||
      (ctx.identity.regionCode !== undefined && regionCovers(period.regionCode, ctx.identity.regionCode))
    );
  }

  private async requirePeriod(ctx: RequestContext, id: string, field: string) {
    const period = await this.period(ctx, requiredUuid(id, field));
    if (!period) {
      throw new ZeroReportException(
        ZeroReportErrorCode.ZeroReportPeriodNotFound,
        `zero-reporting period ${id} does not exist or is outside your jurisdiction`,
        { field, id },
      );
    }
    return period;
  }

  async open(ctx: RequestContext, input: OpenZeroReportingInput): Promise<ZeroReportPeriodEntity> {
    requireWriter(ctx);
    const kind = oneOf(ZERO_REPORTING_KINDS, input.kind, 'kind');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const startsOn = requiredCalendarDate(input.startsOn, 'startsOn');
    const title = optionalText(input.title, 'title', 200);
    const incidentId = optionalUuid(input.incidentId, 'incidentId') ?? null;
    if (incidentId) await this.incidents.require(ctx, incidentId, 'incidentId');
    return write(
      ctx,
      this.dataSource,
      (manager) =>
        this.zeroReporting.insertPeriod(
          manager,
          { incidentId, kind, regionCode, startsOn, title },
          eventContext(ctx),
        ),
      { constraints: { [ONE_OPEN_PERIOD_PER_INCIDENT]: () => alreadyOpen() } },
    );
  }

  async close(ctx: RequestContext, input: { periodId: string; endsOn: string }) {
    requireWriter(ctx);
    const found = await this.requirePeriod(ctx, input.periodId, 'periodId');
    requireJurisdiction(ctx, found.regionCode, 'periodId');
    const endsOn = requiredCalendarDate(input.endsOn, 'endsOn');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const period = (await this.repository.lockPeriod(manager, found.id))!;
        return this.zeroReporting.endPeriod(manager, period, endsOn);
      },
      { forgets: [{ key: PERIODS, ids: [found.id] }] },
    );
  }

  async submit(ctx: RequestContext, input: SubmitZeroReportInput) {
    requireWriter(ctx);
    const period = await this.requirePeriod(ctx, input.periodId, 'periodId');
    const unit = requiredRegionCode(input.unitRegionCode, 'unitRegionCode');
    if (!this.unitsOf(period.regionCode).includes(unit)) {
      throw new ZeroReportException(
        ZeroReportErrorCode.UnitNotInScope,
        `${unit} is not a county, prefecture or province within ${period.regionCode}`,
        { field: 'unitRegionCode', regionCode: period.regionCode },
      );
    }
    requireJurisdiction(ctx, unit, 'unitRegionCode');
    const date = requiredCalendarDate(input.date, 'date');
    const now = this.clock.now();
    if (date > chinaDateOf(now)) {
      throw new ZeroReportException(
        ZeroReportErrorCode.ZeroReportPeriodClosed,
        `a report of ${date} cannot be sent before that day`,
        { field: 'date', startsOn: period.startsOn, endsOn: period.endsOn },
      );
    }
    if (!periodCovers(period, date)) {
      throw new ZeroReportException(
        ZeroReportErrorCode.ZeroReportPeriodClosed,
        `period ${period.id} does not report on ${date}`,
        { field: 'date', startsOn: period.startsOn, endsOn: period.endsOn },
      );
    }
    const text = optionalText(input.text, 'text', 4000);
    if (!input.nothingToReport && !text) {
      throw new ZeroReportException(
        ZeroReportErrorCode.ZeroReportTextMissing,
        'a report with something to report must say what (text)',
        { field: 'text' },
      );
    }
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        if (await this.repository.findReport(manager, period.id, unit, date)) throw alreadySubmitted();
        const rules = await this.repository.deadlineRules(manager);
        const dueAt = zeroReportDueAt(rules, unit, date);
        const report = await this.repository.insertReport(manager, {
          id: randomUUID(),
          periodId: period.id,
          unitRegionCode: unit,
          date,
          nothingToReport: input.nothingToReport,
          text,
          dueAt,
          submittedAt: now,
          late: isLate(now, dueAt),
          organisationId: ctx.identity.organisationId ?? null,
        });
        await this.outbox.publish(
          manager,
          ZeroReportSubmitted,
          period.id,
          {
            reportId: report.id,
            periodId: period.id,
            incidentId: period.incidentId,
            unitRegionCode: unit,
            date,
            nothingToReport: report.nothingToReport,
            dueAt: dueAt.toISOString(),
            submittedAt: now.toISOString(),
            late: report.late,
          },
          eventContext(ctx),
        );
        return report;
      },
      { constraints: { [ZERO_REPORT_ONCE_A_DAY]: alreadySubmitted } },
    );
  }

  /** The deadline rules in force at `regionCode`, one per level. */
  async deadlineRules(regionCode: string): Promise<ZeroReportDeadlineRuleEntity[]> {
    const code = requiredRegionCode(regionCode, 'regionCode');
    const rules = await this.repository.deadlineRules();
    return UNIT_LEVELS.map((level) => ruleFor(rules, code, level)).filter(
      (r): r is ZeroReportDeadlineRuleEntity => r !== undefined,
    );
  }

  async setDeadline(ctx: RequestContext, input: SetZeroReportDeadlineInput) {
    requireRole(ctx, 'admin');
    const prefix = input.regionCode ? regionPrefix(requiredRegionCode(input.regionCode, 'regionCode')) : '';
    if (input.regionCode) this.regions.require(input.regionCode, 'regionCode');
    const level = oneOf(UNIT_LEVELS, input.level, 'level');
    if (!isClockTime(input.dueTime)) throw badInput('dueTime must be a time of day HH:mm', 'dueTime');
    const source = requiredText(input.source, 'source', 500);
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.setDeadlineRule(manager, {
        regionPrefix: prefix,
        level,
        dueTime: input.dueTime,
        source,
      });
      await this.outbox.publish(
        manager,
        ZeroReportDeadlinesSet,
        // One key per jurisdiction, so its replacements stay in order.
        `zero-report-deadlines:${prefix}`,
        {
          regionPrefix: saved.regionPrefix,
          level: saved.level,
          dueTime: saved.dueTime,
          source: saved.source,
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  /**
   * A day of zero reporting: each unit of the period (or of every period reporting that day over or within
   * `regionCode`) the caller may see, with its status, and the count per prefecture.
   */
  async day(
    ctx: RequestContext,
    args: { periodId?: string | null; regionCode?: string | null; date: string },
  ) {
    const date = requiredCalendarDate(args.date, 'date');
    let periods: ZeroReportPeriodEntity[];
    let within: string | undefined;
    if (args.periodId) {
      periods = [await this.requirePeriod(ctx, args.periodId, 'periodId')].filter((p) =>
        periodCovers(p, date),
      );
    } else if (args.regionCode) {
      within = requiredRegionCode(args.regionCode, 'regionCode');
      periods = (await this.repository.periodsReporting(date, date)).filter(
        (p) => regionCovers(p.regionCode, within!) || regionCovers(within!, p.regionCode),
      );
    } else {
      throw badInput('give periodId or regionCode', 'periodId');
    }
    const rules = await this.repository.deadlineRules();
    const ids = periods.map((p) => p.id);
    const [reports, misses] = await Promise.all([
      this.repository.reportsOn(ids, date),
      this.repository.missesOn(ids, date),
    ]);
    const now = this.clock.now();
    const units: ZeroReportUnitDay[] = [];
    for (const period of periods) {
      for (const unit of this.unitsOf(period.regionCode)) {
        if (within && !regionCovers(within, unit)) continue;
        if (!inJurisdiction(ctx.identity, unit)) continue;
        const report = reports.find((r) => r.periodId === period.id && r.unitRegionCode === unit);
        const miss = misses.find((m) => m.periodId === period.id && m.unitRegionCode === unit);
        const dueAt = zeroReportDueAt(rules, unit, date);
        units.push({
          periodId: period.id,
          unitRegionCode: unit,
          level: unitLevel(unit),
          status: dayStatus(report, dueAt, now),
          dueAt,
          submittedAt: report?.submittedAt ?? null,
          nothingToReport: report?.nothingToReport ?? null,
          markedMissingAt: miss?.markedAt ?? null,
        });
      }
    }
    const summary = new Map<string, ZeroReportPrefectureSummary>();
    for (const u of units) {
      const prefectureCode = prefectureOf(u.unitRegionCode);
      if (!prefectureCode) continue;
      const line = summary.get(prefectureCode) ?? {
        prefectureCode,
        units: 0,
        submitted: 0,
        late: 0,
        missing: 0,
      };
      line.units += 1;
      if (u.status === 'LATE') line.late += 1;
      if (u.status !== 'MISSING' && u.status !== 'PENDING') line.submitted += 1;
      if (u.status === 'MISSING') line.missing += 1;
      summary.set(prefectureCode, line);
    }
    return { date, units, prefectures: [...summary.values()] };
  }

  /** The duty officer's list: which units missed a day's report, within `regionCode` and the caller's jurisdiction. */
  async missed(ctx: RequestContext, args: { regionCode: string; from: string; to: string } & PageArgs) {
    const page = readPage(args);
    const code = requiredRegionCode(args.regionCode, 'regionCode');
    const from = requiredCalendarDate(args.from, 'from');
    const to = requiredCalendarDate(args.to, 'to');
    const key = afterKey(page, ['date', 'text', 'uuid']);
    const prefix = visibleRegionPrefix(ctx.identity, code);
    if (prefix === null) return toConnection<ZeroReportMissEntity>([], page, missKeyOf);
    const rows = await this.repository.listMisses(
      { regionPrefix: prefix, from, to },
      page,
      key && { date: key[0]!, unitRegionCode: key[1]!, periodId: key[2]! },
    );
    return toConnection(rows, page, missKeyOf);
  }
}
