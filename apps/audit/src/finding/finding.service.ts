import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole } from '@emergency/auth';
import {
  AuditEngagementAdvanced,
  AuditEngagementOpened,
  AuditFindingClosed,
  AuditFindingIssued,
  AuditFindingOutcomeRecorded,
  AuditFindingRecorded,
  AuditFindingResponded,
  AuditProblemListIssued,
  RectificationItemUpdated,
  RectificationListIssued,
  RectificationRulesSet,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  oneOf,
  optionalText,
  optionalUuid,
  pastOrToday,
  requiredCalendarDate,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireRole,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  chinaDateOf,
  inJurisdiction,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock, write } from '@emergency/subgraph';
import {
  ENGAGEMENT_STAGES,
  FINDING_STATUSES,
  FINDING_TYPES,
  RECTIFICATION_STATES,
  type FindingType,
  type RectificationState,
} from '../follow-up/follow-up';
import { FindingErrorCode, FindingException } from './finding.exception';
import {
  FindingRepository,
  type Engagement,
  type Evidence,
  type Finding,
  type ItemChange,
  type Recommendation,
  type RectificationItem,
} from './finding.repository';
import {
  deadlinePassed,
  findingStepAllowed,
  nextEngagementStage,
  problemListDueOn,
  rate,
  RECTIFICATION_RULE_KEYS,
  rectificationDays,
  rectificationListDueOn,
  REQUIRED_RECTIFICATION_RULES,
  responseDueOn,
  verifiedState,
  type FindingStep,
  type RectificationRule,
  type RectificationRuleKey,
} from './finding-rules';

export interface EvidenceInput {
  kind: string;
  id: string;
  note?: string | null;
}

export interface SetRectificationRulesInput {
  regionPrefix: string;
  rules: { key: string; days: number; source: string }[];
}

export interface OpenAuditEngagementInput {
  title: string;
  incidentId?: string | null;
  fundId?: string | null;
  regionCode: string;
  periodFrom: string;
  periodTo: string;
  leadPersonId: string;
  teamPersonIds: string[];
}

export interface AdvanceAuditEngagementInput {
  engagementId: string;
  stage: string;
  reportIssuedOn?: string | null;
}

export interface RecordAuditFindingInput {
  engagementId: string;
  type: string;
  title: string;
  description: string;
  amountFen: bigint;
  auditedOrganisationId: string;
  regionCode: string;
  evidence: EvidenceInput[];
  anomalyIds?: string[] | null;
  recommendations: string[];
}

export interface IssueAuditFindingInput {
  findingId: string;
  issuedOn: string;
}

export interface RespondToAuditFindingInput {
  findingId: string;
  response: string;
  recommendations: { recommendationId: string; adopted: boolean }[];
}

export interface IssueProblemListInput {
  findingId: string;
  issuedOn: string;
  rectifyBy: string;
}

export interface IssueRectificationListInput {
  findingId: string;
  issuedOn: string;
  items: { text: string; ownerPersonId: string; dueOn: string }[];
}

export interface UpdateRectificationItemInput {
  itemId: string;
  state: string;
  evidence: EvidenceInput[];
  note?: string | null;
}

export interface VerifyAuditFindingInput {
  findingId: string;
  verifiedOn: string;
  note?: string | null;
}

export interface RecordFindingOutcomeInput {
  findingId: string;
  recoveredFen: bigint;
  savedFen: bigint;
  transferredForHandling: boolean;
  recoveryFlowIds: string[];
}

export interface EngagementFilterInput {
  regionCode?: string | null;
  incidentId?: string | null;
  fundId?: string | null;
  stage?: string | null;
}

export interface FindingFilterInput {
  regionCode?: string | null;
  engagementId?: string | null;
  status?: string | null;
  auditedOrganisationId?: string | null;
}

const ENGAGEMENTS = loaderKey<Engagement>('AuditEngagement');
const FINDINGS = loaderKey<Finding>('AuditFinding');
const RECOMMENDATIONS = loaderKey<Recommendation[]>('AuditFinding.recommendations');
const ITEMS = loaderKey<RectificationItem[]>('AuditFinding.items');
const CHANGES = loaderKey<ItemChange[]>('RectificationItem.history');
const ANOMALIES = loaderKey<{ findingId: string; id: string }[]>('AuditFinding.anomalyIds');
const RECOVERIES = loaderKey<{ findingId: string; flowId: string }[]>('AuditFinding.recoveryFlowIds');

const FINDING_TYPE_KEYS = Object.keys(FINDING_TYPES) as FindingType[];
const openedAtKey = (e: Engagement) => timeKeyOf(e.openedAt, e.id);
const recordedAtKey = (f: Finding) => timeKeyOf(f.recordedAt, f.id);

/** Auditors (and admins) read and write audit records in their jurisdiction. */
const isAuditor = (ctx: RequestContext) => hasRole(ctx.identity, 'auditor', 'admin');

/** The organisation an audited unit acts for: an operator's, never an auditor's. */
const unitOf = (ctx: RequestContext) =>
  !isAuditor(ctx) && hasRole(ctx.identity, 'operator') ? (ctx.identity.organisationId ?? null) : null;

const findingNotFound = (id: string, field: string) =>
  new FindingException(FindingErrorCode.AuditFindingNotFound, `audit finding ${id} does not exist`, {
    field,
    id,
  });

function evidenceOf(list: readonly EvidenceInput[], field: string): Evidence[] {
  return list.map((e, i) => ({
    kind: requiredText(e.kind, `${field}.${i}.kind`, 100),
    id: requiredText(e.id, `${field}.${i}.id`, 200),
    note: optionalText(e.note, `${field}.${i}.note`, 2000),
  }));
}

function uniqueUuids(values: readonly string[], field: string): string[] {
  const ids = values.map((v, i) => requiredUuid(v, `${field}.${i}`));
  if (new Set(ids).size !== ids.length) throw badInput(`${field} names an id twice`, field);
  return ids;
}

function notNegative(value: bigint, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n) throw badInput(`${field} must be zero or more fen`, field);
  return value;
}

function notBefore(date: string, earliest: string | null, field: string) {
  if (earliest !== null && date < earliest)
    throw new FindingException(
      FindingErrorCode.AuditDateTooEarly,
      `${field} must not be before ${earliest}`,
      {
        field,
        earliest,
      },
    );
}

function requireStep(finding: Finding, step: FindingStep) {
  if (!findingStepAllowed(finding.status, step))
    throw new FindingException(
      FindingErrorCode.AuditFindingStepNotAllowed,
      `a ${finding.status} finding does not allow ${step}`,
      { field: 'findingId', status: finding.status, step },
    );
}

@Injectable()
export class FindingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FindingRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return chinaDateOf(this.clock.now());
  }

  // Rules.

  async rulesInForce(regionCode: string): Promise<RectificationRule[]> {
    return rulesOfMostSpecificPrefix(await this.repository.rules(), regionCode);
  }

  private async days(regionCode: string, key: RectificationRuleKey): Promise<number> {
    const days = rectificationDays(await this.repository.rules(), regionCode)[key];
    if (days === undefined)
      throw new FindingException(
        FindingErrorCode.RectificationRulesIncomplete,
        `no ${key} rule for ${regionCode}`,
        {
          field: 'regionCode',
          key,
        },
      );
    return days;
  }

  async setRules(ctx: RequestContext, input: SetRectificationRulesInput): Promise<RectificationRule[]> {
    requireRole(ctx, 'admin');
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionPrefix))
      throw badInput('regionPrefix must be empty (national) or 2, 4 or 6 digits', 'regionPrefix');
    const incomplete = (message: string, key: string, index: number) =>
      new FindingException(FindingErrorCode.RectificationRulesIncomplete, message, {
        field: `rules.${index}`,
        key,
      });
    const rules: RectificationRule[] = input.rules.map((r, i) => {
      if (!(RECTIFICATION_RULE_KEYS as readonly string[]).includes(r.key))
        throw incomplete(`unknown rule ${r.key}`, r.key, i);
      if (!Number.isInteger(r.days) || r.days < 1 || r.days > 366)
        throw incomplete(`${r.key} must be 1 to 366 days`, r.key, i);
      if (input.rules.findIndex((o) => o.key === r.key) !== i)
        throw incomplete(`${r.key} is given twice`, r.key, i);
      return {
        regionPrefix: input.regionPrefix,
        key: r.key as RectificationRuleKey,
        days: r.days,
        source: requiredText(r.source, `rules.${i}.source`, 1000),
      };
    });
    const missing = REQUIRED_RECTIFICATION_RULES.find((key) => !rules.some((r) => r.key === key));
    if (missing)
      throw new FindingException(FindingErrorCode.RectificationRulesIncomplete, `the set lacks ${missing}`, {
        field: 'rules',
        key: missing,
      });
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      await this.repository.replaceRules(manager, input.regionPrefix, rules);
      await this.outbox.publish(
        manager,
        RectificationRulesSet,
        `rectification-rules:${input.regionPrefix}`,
        {
          regionPrefix: input.regionPrefix,
          rules: rules.map(({ key, days, source }) => ({ key, days, source })),
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return rules;
    });
  }

  // Engagements: auditors only.

  async engagement(ctx: RequestContext, id: string): Promise<Engagement | null> {
    if (!isAuditor(ctx)) return null;
    const e = await loadById(ctx, ENGAGEMENTS, (ids) => this.repository.engagementsByIds(ids), id);
    return e && inJurisdiction(ctx.identity, e.regionCode) ? e : null;
  }

  async engagements(ctx: RequestContext, filter: EngagementFilterInput, args: PageArgs) {
    const page = readPage(args);
    const requested = filter.regionCode
      ? requiredRegionCode(filter.regionCode, 'filter.regionCode')
      : undefined;
    const prefix = visibleRegionPrefix(ctx.identity, requested);
    if (!isAuditor(ctx) || prefix === null) return toConnection([], page, openedAtKey);
    const rows = await this.repository.listEngagements(
      {
        regionPrefix: prefix,
        incidentId: optionalUuid(filter.incidentId, 'filter.incidentId'),
        fundId: optionalUuid(filter.fundId, 'filter.fundId'),
        stage: filter.stage ? oneOf(ENGAGEMENT_STAGES, filter.stage, 'filter.stage') : undefined,
      },
      page.limit + 1,
      readTimeKey(page),
    );
    return toConnection(rows, page, openedAtKey);
  }

  async open(ctx: RequestContext, input: OpenAuditEngagementInput): Promise<Engagement> {
    requireRole(ctx, 'auditor', 'admin');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const periodFrom = requiredCalendarDate(input.periodFrom, 'periodFrom');
    const periodTo = requiredCalendarDate(input.periodTo, 'periodTo');
    notBefore(periodTo, periodFrom, 'periodTo');
    const engagement: Engagement = {
      id: randomUUID(),
      title: requiredText(input.title, 'title', 500),
      incidentId: optionalUuid(input.incidentId, 'incidentId') ?? null,
      fundId: optionalUuid(input.fundId, 'fundId') ?? null,
      regionCode,
      periodFrom,
      periodTo,
      leadPersonId: requiredUuid(input.leadPersonId, 'leadPersonId'),
      teamPersonIds: uniqueUuids(input.teamPersonIds, 'teamPersonIds'),
      stage: 'PLANNED',
      reportIssuedOn: null,
      problemListDueOn: null,
      openedAt: this.clock.now(),
    };
    return write(ctx, this.dataSource, async (manager) => {
      await this.repository.insertEngagement(manager, engagement, ctx.identity.subject);
      await this.outbox.publish(
        manager,
        AuditEngagementOpened,
        engagement.id,
        {
          engagementId: engagement.id,
          title: engagement.title,
          incidentId: engagement.incidentId,
          fundId: engagement.fundId,
          regionCode,
          periodFrom,
          periodTo,
          leadPersonId: engagement.leadPersonId,
          teamPersonIds: engagement.teamPersonIds,
          stage: engagement.stage,
          openedAt: engagement.openedAt.toISOString(),
        },
        eventContext(ctx),
      );
      return engagement;
    });
  }

  private async lockedEngagement(
    ctx: RequestContext,
    manager: EntityManager,
    id: string,
  ): Promise<Engagement> {
    const e = await this.repository.lockEngagement(manager, id);
    if (!e || !inJurisdiction(ctx.identity, e.regionCode))
      throw new FindingException(
        FindingErrorCode.AuditEngagementNotFound,
        `audit engagement ${id} does not exist`,
        {
          field: 'engagementId',
          id,
        },
      );
    return e;
  }

  async advance(ctx: RequestContext, input: AdvanceAuditEngagementInput): Promise<Engagement> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.engagementId, 'engagementId');
    const stage = oneOf(ENGAGEMENT_STAGES, input.stage, 'stage');
    const today = this.today();
    const reportIssuedOn =
      input.reportIssuedOn === null || input.reportIssuedOn === undefined
        ? null
        : pastOrToday(input.reportIssuedOn, 'reportIssuedOn', today);
    if (stage === 'REPORTED' && reportIssuedOn === null)
      throw badInput('an engagement reaches REPORTED with the day its report was issued', 'reportIssuedOn');
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const e = await this.lockedEngagement(ctx, manager, id);
        if (nextEngagementStage(e.stage) !== stage)
          throw new FindingException(
            FindingErrorCode.AuditEngagementStageNotAllowed,
            `an engagement at ${e.stage} does not move to ${stage}`,
            { field: 'stage', stage: e.stage, to: stage },
          );
        let report: { issuedOn: string; problemListDueOn: string } | null = null;
        if (stage === 'REPORTED' && reportIssuedOn !== null) {
          notBefore(reportIssuedOn, e.periodFrom, 'reportIssuedOn');
          const days = await this.days(e.regionCode, 'PROBLEM_LIST_WORKING_DAYS');
          report = { issuedOn: reportIssuedOn, problemListDueOn: problemListDueOn(reportIssuedOn, days) };
        }
        await this.repository.advanceEngagement(manager, id, stage, report);
        await this.outbox.publish(
          manager,
          AuditEngagementAdvanced,
          id,
          {
            engagementId: id,
            regionCode: e.regionCode,
            from: e.stage,
            stage,
            reportIssuedOn: report?.issuedOn ?? e.reportIssuedOn,
            problemListDueOn: report?.problemListDueOn ?? e.problemListDueOn,
            advancedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return (await this.repository.engagementsByIds([id], manager))[0]!;
      },
      { forgets: [{ key: ENGAGEMENTS, ids: [id] }] },
    );
  }

  // Findings.

  /** Whether the caller sees `finding`: auditors in their jurisdiction, the audited unit its own issued ones. */
  private sees(ctx: RequestContext, finding: Finding): boolean {
    if (isAuditor(ctx)) return inJurisdiction(ctx.identity, finding.regionCode);
    const unit = unitOf(ctx);
    return unit !== null && finding.auditedOrganisationId === unit && finding.status !== 'DRAFT';
  }

  /** Whether the caller acts as the finding's audited unit. */
  isAuditedUnit(ctx: RequestContext, finding: Finding): boolean {
    return unitOf(ctx) === finding.auditedOrganisationId;
  }

  async finding(ctx: RequestContext, id: string): Promise<Finding | null> {
    const f = await loadById(ctx, FINDINGS, (ids) => this.repository.findingsByIds(ids), id);
    return f && this.sees(ctx, f) ? f : null;
  }

  async findings(ctx: RequestContext, filter: FindingFilterInput, args: PageArgs) {
    const page = readPage(args);
    const requested = filter.regionCode
      ? requiredRegionCode(filter.regionCode, 'filter.regionCode')
      : undefined;
    const common = {
      engagementId: optionalUuid(filter.engagementId, 'filter.engagementId'),
      status: filter.status ? oneOf(FINDING_STATUSES, filter.status, 'filter.status') : undefined,
      auditedOrganisationId: optionalUuid(filter.auditedOrganisationId, 'filter.auditedOrganisationId'),
    };
    const unit = unitOf(ctx);
    let rows: Finding[] = [];
    if (isAuditor(ctx)) {
      const prefix = visibleRegionPrefix(ctx.identity, requested);
      if (prefix !== null)
        rows = await this.repository.listFindings(
          { ...common, regionPrefix: prefix },
          page.limit + 1,
          readTimeKey(page),
        );
    } else if (unit !== null && (!common.auditedOrganisationId || common.auditedOrganisationId === unit)) {
      rows = await this.repository.listFindings(
        {
          ...common,
          regionPrefix: requested ? regionPrefix(requested) : undefined,
          auditedOrganisationId: unit,
          issuedOnly: true,
        },
        page.limit + 1,
        readTimeKey(page),
      );
    }
    return toConnection(rows, page, recordedAtKey);
  }

  engagementOf(ctx: RequestContext, finding: Finding) {
    return this.engagement(ctx, finding.engagementId);
  }

  recommendations(ctx: RequestContext, findingId: string) {
    return loadGroup(
      ctx,
      RECOMMENDATIONS,
      (ids) => this.repository.recommendationsOf(ids),
      (r) => r.findingId,
      findingId,
    );
  }

  items(ctx: RequestContext, findingId: string) {
    return loadGroup(
      ctx,
      ITEMS,
      (ids) => this.repository.itemsOf(ids),
      (r) => r.findingId,
      findingId,
    );
  }

  history(ctx: RequestContext, itemId: string) {
    return loadGroup(
      ctx,
      CHANGES,
      (ids) => this.repository.changesOf(ids),
      (r) => r.itemId,
      itemId,
    );
  }

  async anomalyIds(ctx: RequestContext, findingId: string): Promise<string[]> {
    if (!isAuditor(ctx)) return [];
    const rows = await loadGroup(
      ctx,
      ANOMALIES,
      (ids) => this.repository.anomalyIdsOf(ids),
      (r) => r.findingId,
      findingId,
    );
    return rows.map((r) => r.id);
  }

  async recoveryFlowIds(ctx: RequestContext, findingId: string): Promise<string[]> {
    const rows = await loadGroup(
      ctx,
      RECOVERIES,
      (ids) => this.repository.recoveryFlowIdsOf(ids),
      (r) => r.findingId,
      findingId,
    );
    return rows.map((r) => r.flowId);
  }

  /** The deadlines passed today with their step not done. */
  async overdue(ctx: RequestContext, finding: Finding): Promise<string[]> {
    const today = this.today();
    const r = finding.rectification;
    const kinds: string[] = [];
    if (finding.status === 'ISSUED' && deadlinePassed(finding.responseDueOn, today)) kinds.push('RESPONSE');
    const listsOpen = finding.status === 'ISSUED' || finding.status === 'RESPONDED';
    if (listsOpen && r.problemListIssuedOn === null && deadlinePassed(r.problemListDueOn, today))
      kinds.push('PROBLEM_LIST');
    if (listsOpen && r.rectificationListIssuedOn === null && deadlinePassed(r.rectificationListDueOn, today))
      kinds.push('RECTIFICATION_LIST');
    if (finding.status === 'RECTIFYING') {
      const items = await this.items(ctx, finding.id);
      if (items.some((i) => this.itemOverdue(i, today))) kinds.push('RECTIFICATION_ITEM');
    }
    return kinds;
  }

  itemOverdue(item: RectificationItem, today = this.today()): boolean {
    return item.state !== 'RECTIFIED' && item.state !== 'CONTINUING' && deadlinePassed(item.dueOn, today);
  }

  /** The finding, locked; AUDIT_FINDING_NOT_FOUND when the caller does not see it. */
  private async locked(ctx: RequestContext, manager: EntityManager, id: string): Promise<Finding> {
    const f = await this.repository.lockFinding(manager, id);
    if (!f || !this.sees(ctx, f)) throw findingNotFound(id, 'findingId');
    return f;
  }

  private reread = async (manager: EntityManager, id: string) =>
    (await this.repository.findingsByIds([id], manager))[0]!;

  private ref = (f: Finding) => ({
    findingId: f.id,
    engagementId: f.engagementId,
    auditedOrganisationId: f.auditedOrganisationId,
    regionCode: f.regionCode,
  });

  async record(ctx: RequestContext, input: RecordAuditFindingInput): Promise<Finding> {
    requireRole(ctx, 'auditor', 'admin');
    const engagementId = requiredUuid(input.engagementId, 'engagementId');
    const type = oneOf(FINDING_TYPE_KEYS, input.type, 'type');
    const title = requiredText(input.title, 'title', 500);
    const description = requiredText(input.description, 'description', 8000);
    const amountFen = notNegative(input.amountFen, 'amountFen');
    const auditedOrganisationId = requiredUuid(input.auditedOrganisationId, 'auditedOrganisationId');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const evidence = evidenceOf(input.evidence, 'evidence');
    const anomalyIds = uniqueUuids(input.anomalyIds ?? [], 'anomalyIds');
    const recommendations = input.recommendations.map((text, i) => ({
      id: randomUUID(),
      text: requiredText(text, `recommendations.${i}`, 4000),
    }));
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const e = await this.lockedEngagement(ctx, manager, engagementId);
      if (e.stage === 'CLOSED')
        throw new FindingException(
          FindingErrorCode.AuditEngagementStageNotAllowed,
          'a closed engagement takes no new findings',
          { field: 'engagementId', stage: e.stage, to: e.stage },
        );
      if (!regionCode.startsWith(regionPrefix(e.regionCode)))
        throw badInput(`regionCode must lie within the engagement's region ${e.regionCode}`, 'regionCode');
      const anomalies = await this.repository.lockAnomalies(manager, anomalyIds);
      for (const [i, anomalyId] of anomalyIds.entries()) {
        const a = anomalies.find((x) => x.id === anomalyId);
        if (!a || a.status !== 'OPEN' || !inJurisdiction(ctx.identity, a.regionCode))
          throw new FindingException(
            FindingErrorCode.AuditFindingAnomalyNotOpen,
            `anomaly ${anomalyId} is not an open anomaly of your jurisdiction`,
            { field: `anomalyIds.${i}`, anomalyId, ...(a ? { status: a.status } : {}) },
          );
      }
      const finding: Omit<Finding, 'rectification'> = {
        id: randomUUID(),
        engagementId,
        type,
        title,
        description,
        amountFen,
        auditedOrganisationId,
        regionCode,
        evidence,
        status: 'DRAFT',
        issuedOn: null,
        responseDueOn: null,
        response: null,
        respondedAt: null,
        rectificationState: null,
        recoveredFen: 0n,
        savedFen: 0n,
        transferredForHandling: false,
        recordedAt: now,
      };
      await this.repository.insertFinding(manager, finding, recommendations, anomalyIds, {
        by: ctx.identity.subject,
        problemListDueOn: e.problemListDueOn,
      });
      await this.outbox.publish(
        manager,
        AuditFindingRecorded,
        finding.id,
        {
          findingId: finding.id,
          engagementId,
          auditedOrganisationId,
          regionCode,
          type,
          amountFen: amountFen.toString(),
          anomalyIds,
          recommendationIds: recommendations.map((r) => r.id),
          recordedAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return this.reread(manager, finding.id);
    });
  }

  async issue(ctx: RequestContext, input: IssueAuditFindingInput): Promise<Finding> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.findingId, 'findingId');
    const issuedOn = pastOrToday(input.issuedOn, 'issuedOn', this.today());
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const f = await this.locked(ctx, manager, id);
        requireStep(f, 'ISSUE');
        notBefore(issuedOn, chinaDateOf(f.recordedAt), 'issuedOn');
        const dueOn = responseDueOn(issuedOn, await this.days(f.regionCode, 'RESPONSE_CALENDAR_DAYS'));
        await this.repository.issueFinding(manager, id, issuedOn, dueOn);
        await this.outbox.publish(
          manager,
          AuditFindingIssued,
          id,
          { ...this.ref(f), issuedOn, responseDueOn: dueOn, issuedAt: now.toISOString() },
          eventContext(ctx),
        );
        return this.reread(manager, id);
      },
      { forgets: [{ key: FINDINGS, ids: [id] }] },
    );
  }

  async respond(ctx: RequestContext, input: RespondToAuditFindingInput): Promise<Finding> {
    const id = requiredUuid(input.findingId, 'findingId');
    const response = requiredText(input.response, 'response', 20_000);
    const answers = input.recommendations.map((r, i) => ({
      id: requiredUuid(r.recommendationId, `recommendations.${i}.recommendationId`),
      adopted: r.adopted,
    }));
    const now = this.clock.now();
    const today = chinaDateOf(now);
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const f = await this.repository.lockFinding(manager, id);
        if (!f || !this.sees(ctx, f)) throw findingNotFound(id, 'findingId');
        if (!this.isAuditedUnit(ctx, f))
          throw new FindingException(
            FindingErrorCode.AuditFindingNotYourUnit,
            'only the audited unit answers a finding',
            { field: 'findingId' },
          );
        requireStep(f, 'RESPOND');
        const own = await this.repository.recommendationsOf([id]);
        const adopted = new Map<string, boolean>();
        for (const [i, a] of answers.entries()) {
          if (!own.some((r) => r.id === a.id) || adopted.has(a.id))
            throw new FindingException(
              FindingErrorCode.AuditRecommendationUnknown,
              `recommendation ${a.id} is not one of the finding's, or is named twice`,
              { field: `recommendations.${i}.recommendationId`, recommendationId: a.id },
            );
          adopted.set(a.id, a.adopted);
        }
        const late = deadlinePassed(f.responseDueOn, today);
        await this.repository.respond(manager, id, { response, at: now, late, today }, adopted);
        await this.outbox.publish(
          manager,
          AuditFindingResponded,
          id,
          {
            ...this.ref(f),
            late,
            adoptedRecommendationIds: [...adopted].filter(([, v]) => v).map(([k]) => k),
            rejectedRecommendationIds: [...adopted].filter(([, v]) => !v).map(([k]) => k),
            respondedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return this.reread(manager, id);
      },
      {
        forgets: [
          { key: FINDINGS, ids: [id] },
          { key: RECOMMENDATIONS, ids: [id] },
        ],
      },
    );
  }

  async issueProblemList(ctx: RequestContext, input: IssueProblemListInput): Promise<Finding> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.findingId, 'findingId');
    const issuedOn = pastOrToday(input.issuedOn, 'issuedOn', this.today());
    const rectifyBy = requiredCalendarDate(input.rectifyBy, 'rectifyBy');
    notBefore(rectifyBy, issuedOn, 'rectifyBy');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const f = await this.locked(ctx, manager, id);
        requireStep(f, 'PROBLEM_LIST');
        if (f.rectification.problemListIssuedOn !== null)
          throw new FindingException(
            FindingErrorCode.AuditFindingStepNotAllowed,
            'the problem list was already issued',
            { field: 'findingId', status: f.status, step: 'PROBLEM_LIST' },
          );
        notBefore(issuedOn, f.issuedOn, 'issuedOn');
        const listDueOn = rectificationListDueOn(
          rectifyBy,
          await this.days(f.regionCode, 'RECTIFICATION_LIST_WORKING_DAYS'),
        );
        await this.repository.issueProblemList(manager, id, {
          issuedOn,
          rectifyBy,
          rectificationListDueOn: listDueOn,
        });
        const dueOn = f.rectification.problemListDueOn;
        await this.outbox.publish(
          manager,
          AuditProblemListIssued,
          id,
          {
            ...this.ref(f),
            issuedOn,
            dueOn,
            late: dueOn !== null && issuedOn > dueOn,
            rectifyBy,
            rectificationListDueOn: listDueOn,
          },
          eventContext(ctx),
        );
        return this.reread(manager, id);
      },
      { forgets: [{ key: FINDINGS, ids: [id] }] },
    );
  }

  async issueRectificationList(ctx: RequestContext, input: IssueRectificationListInput): Promise<Finding> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.findingId, 'findingId');
    const issuedOn = pastOrToday(input.issuedOn, 'issuedOn', this.today());
    if (input.items.length === 0) throw badInput('a rectification list has at least one item', 'items');
    const now = this.clock.now();
    const items = input.items.map((item, i) => {
      const dueOn = requiredCalendarDate(item.dueOn, `items.${i}.dueOn`);
      notBefore(dueOn, issuedOn, `items.${i}.dueOn`);
      return {
        id: randomUUID(),
        findingId: id,
        text: requiredText(item.text, `items.${i}.text`, 4000),
        ownerPersonId: requiredUuid(item.ownerPersonId, `items.${i}.ownerPersonId`),
        dueOn,
        at: now,
      };
    });
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const f = await this.locked(ctx, manager, id);
        requireStep(f, 'RECTIFICATION_LIST');
        const r = f.rectification;
        if (r.problemListIssuedOn === null)
          throw new FindingException(
            FindingErrorCode.AuditFindingStepNotAllowed,
            'the problem list comes before the rectification list',
            { field: 'findingId', status: f.status, step: 'RECTIFICATION_LIST' },
          );
        notBefore(issuedOn, r.problemListIssuedOn, 'issuedOn');
        await this.repository.issueRectificationList(manager, id, issuedOn, items);
        const dueOn = r.rectificationListDueOn!;
        await this.outbox.publish(
          manager,
          RectificationListIssued,
          id,
          {
            ...this.ref(f),
            issuedOn,
            dueOn,
            late: issuedOn > dueOn,
            items: items.map((i) => ({ itemId: i.id, ownerPersonId: i.ownerPersonId, dueOn: i.dueOn })),
          },
          eventContext(ctx),
        );
        return this.reread(manager, id);
      },
      {
        forgets: [
          { key: FINDINGS, ids: [id] },
          { key: ITEMS, ids: [id] },
        ],
      },
    );
  }

  async updateItem(ctx: RequestContext, input: UpdateRectificationItemInput): Promise<RectificationItem> {
    const itemId = requiredUuid(input.itemId, 'itemId');
    const state: RectificationState = oneOf(RECTIFICATION_STATES, input.state, 'state');
    const evidence = evidenceOf(input.evidence, 'evidence');
    const note = optionalText(input.note, 'note', 4000);
    if (state === 'RECTIFIED' && evidence.length === 0)
      throw badInput('a RECTIFIED item needs the evidence that shows it', 'evidence');
    if (state === 'CONTINUING' && note === null)
      throw badInput('a CONTINUING item needs the reason it continues', 'note');
    const now = this.clock.now();
    const notFound = () =>
      new FindingException(
        FindingErrorCode.AuditRectificationItemNotFound,
        `rectification item ${itemId} does not exist`,
        {
          field: 'itemId',
          id: itemId,
        },
      );
    return write(ctx, this.dataSource, async (manager) => {
      const item = await this.repository.lockItem(manager, itemId);
      if (!item) throw notFound();
      const f = await this.repository.lockFinding(manager, item.findingId);
      if (!f || !this.sees(ctx, f)) throw notFound();
      const byAuditedUnit = this.isAuditedUnit(ctx, f);
      if (!byAuditedUnit) requireRole(ctx, 'auditor', 'admin');
      requireStep(f, 'UPDATE_ITEM');
      const updated: RectificationItem = { ...item, state, evidence, note };
      await this.repository.updateItem(manager, updated, {
        id: randomUUID(),
        byAuditedUnit,
        by: ctx.identity.subject,
        at: now,
      });
      await this.outbox.publish(
        manager,
        RectificationItemUpdated,
        f.id,
        { ...this.ref(f), itemId, state, byAuditedUnit, updatedAt: now.toISOString() },
        eventContext(ctx),
      );
      return updated;
    });
  }

  async verify(ctx: RequestContext, input: VerifyAuditFindingInput): Promise<Finding> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.findingId, 'findingId');
    const verifiedOn = pastOrToday(input.verifiedOn, 'verifiedOn', this.today());
    const note = optionalText(input.note, 'note', 4000);
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const f = await this.locked(ctx, manager, id);
        requireStep(f, 'VERIFY');
        notBefore(verifiedOn, f.rectification.rectificationListIssuedOn, 'verifiedOn');
        const items = await this.repository.itemsOf([id], manager);
        const state = verifiedState(items);
        if (state === null)
          throw new FindingException(
            FindingErrorCode.RectificationNotVerifiable,
            'every item must be RECTIFIED, or CONTINUING with its reason',
            {
              field: 'findingId',
              itemIds: items
                .filter((i) => i.state !== 'RECTIFIED' && i.state !== 'CONTINUING')
                .map((i) => i.id),
            },
          );
        await this.repository.close(manager, id, state, verifiedOn, note, now);
        await this.outbox.publish(
          manager,
          AuditFindingClosed,
          id,
          { ...this.ref(f), rectificationState: state, verifiedOn, closedAt: now.toISOString() },
          eventContext(ctx),
        );
        return this.reread(manager, id);
      },
      { forgets: [{ key: FINDINGS, ids: [id] }] },
    );
  }

  async recordOutcome(ctx: RequestContext, input: RecordFindingOutcomeInput): Promise<Finding> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.findingId, 'findingId');
    const recoveredFen = notNegative(input.recoveredFen, 'recoveredFen');
    const savedFen = notNegative(input.savedFen, 'savedFen');
    const flowIds = uniqueUuids(input.recoveryFlowIds, 'recoveryFlowIds');
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const f = await this.locked(ctx, manager, id);
        requireStep(f, 'OUTCOME');
        const flows = await this.repository.flows(manager, flowIds);
        for (const [i, flowId] of flowIds.entries())
          if (!flows.some((x) => x.id === flowId && x.reversal))
            throw new FindingException(
              FindingErrorCode.RecoveryFlowNotAReturn,
              `flow ${flowId} is not a return or refund in the ledger`,
              { field: `recoveryFlowIds.${i}`, flowId },
            );
        const outcome = {
          recoveredFen,
          savedFen,
          transferredForHandling: input.transferredForHandling,
          flowIds,
        };
        await this.repository.recordOutcome(manager, id, outcome, now);
        await this.outbox.publish(
          manager,
          AuditFindingOutcomeRecorded,
          id,
          {
            ...this.ref(f),
            recoveredFen: recoveredFen.toString(),
            savedFen: savedFen.toString(),
            transferredForHandling: outcome.transferredForHandling,
            recoveryFlowIds: flowIds,
            recordedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return this.reread(manager, id);
      },
      {
        forgets: [
          { key: FINDINGS, ids: [id] },
          { key: RECOVERIES, ids: [id] },
        ],
      },
    );
  }

  // Rates: the auditors' view.

  async rates(ctx: RequestContext, regionCode: string, incidentId: string | null) {
    if (!isAuditor(ctx)) return null;
    const prefix = visibleRegionPrefix(ctx.identity, regionCode);
    if (prefix === null) return null;
    const r = await this.repository.rates(prefix ?? '', incidentId);
    return {
      regionCode,
      incidentId,
      ...r,
      adoptionRate: rate(r.recommendationsAdopted, r.recommendationsMade),
      rectificationRate: rate(r.findingsRectified, r.findingsMade),
    };
  }
}
