import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentReportSubmitted, ReportDeadlineRulesSet } from '@emergency/contracts';
import { inJurisdiction, isClockTime, regionPrefix, visibleRegionPrefix } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loaderKey,
  loadGroup,
  loadPage,
  oneOf,
  optionalText,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireActingFor,
  requireRole,
  requireWriter,
  toConnection,
  CommonErrorCode,
  DomainError,
  type RequestContext,
} from '@emergency/graphql';
import { afterKey, readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, write } from '@emergency/subgraph';
import {
  figuresForEvent,
  hasFigures,
  mergeFigures,
  requiredFigures,
  type IncidentFiguresInput,
} from '../incident/incident-figures';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_SEVERITIES,
  type IncidentCategory,
  type IncidentEntity,
} from '../incident/incident.entity';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentService } from '../incident/incident.service';
import { ReportDeadlines } from './report-deadlines';
import {
  placeInChain,
  requiredReportedAt,
  requiredSkip,
  requireExplanation,
  rulesInForce,
} from './report-rules';
import {
  DEADLINE_ANCHORS,
  DEADLINE_HOPS,
  REPORT_CHANNELS,
  REPORT_KINDS,
  REPORT_LEVELS,
  type IncidentReportEntity,
  type ReportDeadlineEntity,
  type ReportDeadlineRuleEntity,
  type ReportKind,
  type ReportChannel,
  type ReportLevel,
} from './report.entity';
import { ReportErrorCode, ReportException } from './report.exception';
import { ReportRepository } from './report.repository';

export interface SubmitReportInput {
  incidentId: string;
  kind: ReportKind;
  channel: ReportChannel;
  reportingOrganisationId: string;
  toLevel: ReportLevel;
  text: string;
  figures?: IncidentFiguresInput | null;
  reportedAt?: Date | null;
  skippedLevels?: ReportLevel[] | null;
  skipReason?: string | null;
  explanation?: string | null;
}

export interface DeadlineRuleInput {
  subcategory?: string | null;
  grades: string[];
  kind: string;
  channel?: string | null;
  hop: string;
  anchor: string;
  level?: string | null;
  withinMinutes?: number | null;
  withinWorkingDays?: number | null;
  fixedTimes?: string[] | null;
  source: string;
}

export interface SetRulesInput {
  regionPrefix: string;
  category: IncidentCategory;
  rules: DeadlineRuleInput[];
}

export interface LateReportFilter {
  regionCode?: string | null;
  reportingOrganisationId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** The incident loader's key (IncidentService's), forgotten once a report changed the incident's figures. */
const INCIDENTS = loaderKey<IncidentEntity>('Incident');
const REPORTS_OF_INCIDENT = loaderKey<IncidentReportEntity[]>('Incident.reports');
const HISTORY_OF_INCIDENT = loaderKey<IncidentReportEntity[]>('Incident.figuresHistory');
const positionKey = (r: IncidentReportEntity) => [String(r.position), r.id];
const reportedKey = (r: IncidentReportEntity) => [r.reportedAt.toISOString(), r.id];
const dueKey = (d: ReportDeadlineEntity) => [d.dueAt.toISOString(), d.id];
const MINUTE = 60_000;

@Injectable()
export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReportRepository,
    private readonly deadlines: ReportDeadlines,
    private readonly incidents: IncidentService,
    private readonly incidentRepository: IncidentRepository,
    private readonly organisations: KnownOrganisations,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async submit(ctx: RequestContext, input: SubmitReportInput): Promise<IncidentReportEntity> {
    requireWriter(ctx);
    const incidentId = requiredUuid(input.incidentId, 'incidentId');
    const kind = oneOf(REPORT_KINDS, input.kind, 'kind');
    const channel = oneOf(REPORT_CHANNELS, input.channel, 'channel');
    const toLevel = oneOf(REPORT_LEVELS, input.toLevel, 'toLevel');
    const skipReason = optionalText(input.skipReason, 'skipReason', 1000);
    const skippedLevels = requiredSkip(
      toLevel,
      (input.skippedLevels ?? []).map((level) => oneOf(REPORT_LEVELS, level, 'skippedLevels')),
      skipReason,
    );
    const text = requiredText(input.text, 'text', 20_000);
    const explanation = optionalText(input.explanation, 'explanation', 4000);
    const figures = requiredFigures(input.figures, 'figures');
    const reportingOrganisationId = requiredUuid(input.reportingOrganisationId, 'reportingOrganisationId');
    requireActingFor(ctx, [reportingOrganisationId], 'a report is submitted by its reporting organisation');
    const visible = await this.incidents.require(ctx, incidentId);
    await this.organisations.requireActive(reportingOrganisationId, 'reportingOrganisationId');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const incident = (await this.incidentRepository.lock(manager, visible.id)) as IncidentEntity;
        const chain = await this.repository.chainOf(manager, incident.id);
        const { number } = placeInChain(chain, kind, toLevel);
        const now = this.clock.now();
        const reportedAt = requiredReportedAt(input.reportedAt, now, incident.occurredAt);
        requireExplanation(incident.figures, figures, explanation);
        const withinSupplementaryWindow =
          kind === 'SUPPLEMENTARY' ? await this.deadlines.withinWindow(manager, incident, reportedAt) : null;
        const after = mergeFigures(incident.figures, figures);
        const report = await this.repository.insertReport(manager, {
          id: randomUUID(),
          incidentId: incident.id,
          position: chain.length + 1,
          regionCode: incident.regionCode,
          kind,
          number,
          channel,
          reportingOrganisationId,
          toLevel,
          skippedLevels,
          skipReason,
          text,
          explanation,
          figures,
          figuresAfter: figuresForEvent(after),
          reportedAt,
          recordedAt: now,
          withinSupplementaryWindow,
          lateMinutes: null,
        });
        if (hasFigures(figures))
          await this.incidentRepository.applyFigures(manager, incident, figures, reportedAt);
        const late = await this.deadlines.onReport(manager, incident, report);
        if (late !== null) {
          report.lateMinutes = late;
          await this.repository.setLateMinutes(manager, report.id, late);
        }
        await this.outbox.publish(
          manager,
          IncidentReportSubmitted,
          incident.id,
          {
            reportId: report.id,
            incidentId: incident.id,
            regionCode: incident.regionCode,
            category: incident.category,
            subcategory: incident.subcategory,
            kind,
            number,
            channel,
            reportingOrganisationId,
            toLevel,
            skippedLevels,
            reportedAt: reportedAt.toISOString(),
            figures: figuresForEvent(figures),
            late: late !== null,
            lateByMinutes: late,
          },
          eventContext(ctx),
        );
        return report;
      },
      {
        // The incident is locked first, so a lost race is rare; the indexes still answer with the same codes.
        constraints: {
          incident_report_initial_per_level: () =>
            new ReportException(
              ReportErrorCode.InitialReportExists,
              `the initial report already reached ${toLevel}`,
              {
                field: 'kind',
              },
            ),
          incident_report_once: () =>
            kind === 'FINAL'
              ? new ReportException(
                  ReportErrorCode.ReportChainClosed,
                  'the incident already has its FINAL report',
                  {
                    field: 'kind',
                  },
                )
              : new ReportException(
                  ReportErrorCode.VerifiedReportExists,
                  `the incident already has its ${kind} report`,
                  { field: 'kind' },
                ),
        },
        forgets: [{ key: INCIDENTS, ids: [visible.id] }, REPORTS_OF_INCIDENT, HISTORY_OF_INCIDENT],
      },
    );
  }

  /** An incident's reports in chain order; the first page of every incident in the request in one statement. */
  async reports(ctx: RequestContext, incident: IncidentEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, REPORTS_OF_INCIDENT, page, incident.id, {
      firstPages: (ids, limit) => this.repository.firstReports(ids, limit),
      parentOf: (r) => r.incidentId,
      nextPage: () => {
        const key = afterKey(page, ['int', 'uuid']);
        return this.repository.listReports(incident.id, page, key ? Number(key[0]) : undefined);
      },
    });
    return toConnection(rows, page, positionKey);
  }

  /** The incident's figures after each report, in chain order. */
  async figuresHistory(ctx: RequestContext, incident: IncidentEntity) {
    const rows = await loadGroup(
      ctx,
      HISTORY_OF_INCIDENT,
      (ids) => this.repository.reportsOfAll(ids),
      (r) => r.incidentId,
      incident.id,
    );
    return rows.map((report) => ({
      report,
      figures: {
        ...report.figuresAfter,
        directLossFen:
          report.figuresAfter.directLossFen === null ? null : BigInt(report.figuresAfter.directLossFen),
      },
    }));
  }

  incidentOf(ctx: RequestContext, report: { incidentId: string }) {
    return this.incidents.get(ctx, report.incidentId);
  }

  /** The rules in force for a region and category (the longest matching prefix with rules). */
  async rules(ctx: RequestContext, regionCode: string, category: IncidentCategory) {
    const code = requiredRegionCode(regionCode, 'regionCode');
    const cat = oneOf(INCIDENT_CATEGORIES, category, 'category');
    const covering = await this.repository.rulesCovering(code, cat);
    return rulesInForce(covering, code, cat);
  }

  /** Replaces a jurisdiction's rules for a category (admins; '' is the national rules). */
  async setRules(ctx: RequestContext, input: SetRulesInput) {
    requireRole(ctx, 'admin');
    const prefix = input.regionPrefix;
    if (!/^([0-9]{2}){0,3}$/.test(prefix)) {
      throw badInput('regionPrefix is empty (national) or 2, 4 or 6 digits of a region code', 'regionPrefix');
    }
    const category = oneOf(INCIDENT_CATEGORIES, input.category, 'category');
    const own = ctx.identity.regionCode;
    if (own && !prefix.startsWith(regionPrefix(own))) {
      throw new DomainError(
        CommonErrorCode.OutsideJurisdiction,
        `prefix ${prefix} is outside your jurisdiction`,
        {
          field: 'regionPrefix',
        },
      );
    }
    const rules = input.rules.map((rule, i) => checkedRule(rule, `rules.${i}`, prefix, category));
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.replaceRules(manager, prefix, category, rules);
      await this.outbox.publish(
        manager,
        ReportDeadlineRulesSet,
        prefix === '' ? 'national' : prefix,
        {
          regionPrefix: prefix,
          category,
          rules: saved.map((r) => ({
            ruleId: r.id,
            subcategory: r.subcategory,
            grades: r.grades,
            kind: r.kind,
            channel: r.channel,
            hop: r.hop,
            anchor: r.anchor,
            level: r.level,
            withinMinutes: r.withinMinutes,
            withinWorkingDays: r.withinWorkingDays,
            fixedTimes: r.fixedTimes,
            source: r.source,
          })),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  /** Open obligations in the caller's jurisdiction, soonest due first, with how overdue each is at `at`. */
  async due(ctx: RequestContext, regionCode: string, at: Date | null | undefined, args: PageArgs) {
    const page = readPage(args);
    requiredRegionCode(regionCode, 'regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, regionCode);
    const now = at ?? this.clock.now();
    const rows = prefix === null ? [] : await this.repository.due(prefix ?? '', page, readTimeKey(page));
    const connection = toConnection(rows, page, dueKey);
    return {
      ...connection,
      edges: connection.edges.map((edge) => ({ ...edge, node: withOverdue(edge.node, now) })),
    };
  }

  async late(ctx: RequestContext, filter: LateReportFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, reportedKey);
    const rows = await this.repository.lateReports(
      {
        regionPrefix: prefix ?? '',
        reportingOrganisationId: filter.reportingOrganisationId
          ? requiredUuid(filter.reportingOrganisationId, 'filter.reportingOrganisationId')
          : undefined,
        from: filter.from ?? undefined,
        to: filter.to ?? undefined,
        after: readTimeKey(page),
      },
      page,
    );
    return toConnection(rows, page, reportedKey);
  }

  async timeliness(ctx: RequestContext, regionCode: string, from: Date, to: Date) {
    requiredRegionCode(regionCode, 'regionCode');
    if (to.getTime() <= from.getTime()) throw badInput('to must lie after from', 'to');
    const prefix = visibleRegionPrefix(ctx.identity, regionCode);
    if (prefix === null) return [];
    return this.repository.timeliness(prefix ?? '', from, to, this.clock.now());
  }

  visible(ctx: RequestContext, regionCode: string) {
    return inJurisdiction(ctx.identity, regionCode);
  }
}

function withOverdue(deadline: ReportDeadlineEntity, at: Date) {
  const past = at.getTime() - deadline.dueAt.getTime();
  return { ...deadline, overdue: past > 0, minutesOverdue: past > 0 ? Math.ceil(past / MINUTE) : 0 };
}

function checkedRule(
  rule: DeadlineRuleInput,
  field: string,
  regionPrefix: string,
  category: IncidentCategory,
): Omit<ReportDeadlineRuleEntity, 'id'> {
  const grades = [...new Set(rule.grades.map((g) => oneOf(INCIDENT_SEVERITIES, g, `${field}.grades`)))];
  if (grades.length === 0) throw badInput(`${field}.grades must name at least one grade`, `${field}.grades`);
  const count = (value: number | null | undefined, name: string) => {
    if (value === null || value === undefined) return null;
    if (!Number.isInteger(value) || value < 0)
      throw badInput(`${field}.${name} must be a whole number ≥ 0`, `${field}.${name}`);
    return value;
  };
  const fixedTimes = rule.fixedTimes ?? [];
  for (const time of fixedTimes) {
    if (!isClockTime(time)) throw badInput(`${field}.fixedTimes must be HH:mm times`, `${field}.fixedTimes`);
  }
  const anchor = oneOf(DEADLINE_ANCHORS, rule.anchor, `${field}.anchor`);
  const withinMinutes = count(rule.withinMinutes, 'withinMinutes');
  const withinWorkingDays = count(rule.withinWorkingDays, 'withinWorkingDays');
  if (
    anchor === 'FIXED_TIME' ? fixedTimes.length === 0 : withinMinutes === null && withinWorkingDays === null
  ) {
    throw badInput(`${field} needs fixedTimes (FIXED_TIME) or withinMinutes / withinWorkingDays`, field);
  }
  return {
    regionPrefix,
    category,
    subcategory: optionalText(rule.subcategory, `${field}.subcategory`, 100),
    grades,
    kind: oneOf(REPORT_KINDS, rule.kind, `${field}.kind`),
    channel: rule.channel ? oneOf(REPORT_CHANNELS, rule.channel, `${field}.channel`) : null,
    hop: oneOf(DEADLINE_HOPS, rule.hop, `${field}.hop`),
    anchor,
    level: rule.level ? oneOf(REPORT_LEVELS, rule.level, `${field}.level`) : null,
    withinMinutes,
    withinWorkingDays,
    fixedTimes,
    source: requiredText(rule.source, `${field}.source`, 1000),
  };
}
