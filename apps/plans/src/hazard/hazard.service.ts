import { complianceScope } from '../assessment/compliance-view';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  HazardClosed,
  HazardDeadlineChanged,
  HazardRectificationPlanned,
  HazardRegistered,
  HazardRulesSet,
  HazardStatusChanged,
  HazardVerified,
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
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  categoryOfSubcategory,
  chinaDateOf,
  EMERGENCY_CATEGORIES,
  inJurisdiction,
  regionPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { createdAtKey, readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import {
  HAZARD_KINDS,
  HAZARD_LEVELS,
  HAZARD_STATUSES,
  HAZARD_VERIFICATION_RESULTS,
  HazardDeadlineChangeEntity,
  HazardTransitionEntity,
  HazardVerificationEntity,
  type HazardEntity,
  type HazardKind,
  type HazardLevel,
  type HazardRuleEntity,
  type HazardStatus,
} from './hazard.entity';
import { HazardErrorCode, HazardException } from './hazard.exception';
import { HazardRepository, type HazardQuery } from './hazard.repository';
import {
  hazardOverdue,
  latestOrdinaryDeadline,
  nextHazardStatus,
  retainUntil,
  type HazardStep,
} from './hazard-rules';

export interface RecordHazardInput {
  kind: HazardKind;
  category?: string | null;
  subcategory?: string | null;
  place: string;
  regionCode: string;
  latitude?: number | null;
  longitude?: number | null;
  level: HazardLevel;
  description: string;
  responsibleOrganisationId: string;
  responsiblePersonId: string;
  foundOn: string;
  foundByOrganisationId: string;
  supervisingOrganisationId?: string | null;
}

export interface HazardStepInput {
  hazardId: string;
  note?: string | null;
}

export interface PlanHazardRectificationInput {
  hazardId: string;
  item: string;
  measures: string;
  fundsFen: bigint;
  responsiblePersonId: string;
  deadline: string;
  reviewerPersonId: string;
  note?: string | null;
}

export interface ChangeHazardDeadlineInput {
  hazardId: string;
  deadline: string;
  reason: string;
}

export interface VerifyHazardInput {
  hazardId: string;
  verifiedOn: string;
  result: string;
  reviewerPersonId: string;
  note?: string | null;
}

export interface CloseHazardInput {
  hazardId: string;
  closedOn: string;
  note?: string | null;
}

export interface SetHazardRulesInput {
  regionPrefix: string;
  retentionYears: number;
  ordinaryMaxDays?: number | null;
  source: string;
}

export interface HazardFilter {
  regionCode?: string | null;
  level?: string | null;
  status?: string | null;
  kind?: string | null;
  responsibleOrganisationId?: string | null;
  overdue?: boolean | null;
}

/** One region's line of the summary. */
export interface HazardRegionSummary {
  regionCode: string;
  total: number;
  ordinary: number;
  major: number;
  byStatus: { status: HazardStatus; count: number }[];
  overdue: number;
  majorOverdue: number;
}

const HAZARDS = loaderKey<HazardEntity>('Hazard');
const TRANSITIONS = loaderKey<HazardTransitionEntity[]>('Hazard.history');
const VERIFICATIONS = loaderKey<HazardVerificationEntity[]>('Hazard.verifications');
const DEADLINE_CHANGES = loaderKey<HazardDeadlineChangeEntity[]>('Hazard.deadlineChanges');

@Injectable()
export class HazardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: HazardRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return chinaDateOf(this.clock.now());
  }

  async get(ctx: RequestContext, id: string): Promise<HazardEntity | null> {
    const hazard = await loadById(ctx, HAZARDS, (ids) => this.repository.findByIds(ids), id);
    return hazard && inJurisdiction(ctx.identity, hazard.regionCode) ? hazard : null;
  }

  async list(ctx: RequestContext, filter: HazardFilter, args: PageArgs) {
    const page = readPage(args);
    const query = this.query(filter);
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, createdAtKey);
    if (filter.overdue !== null && filter.overdue !== undefined)
      query.overdueOn = { today: this.today(), overdue: filter.overdue };
    const rows = await this.repository.list({ ...query, regionPrefix: prefix }, page, readTimeKey(page));
    return toConnection(rows, page, createdAtKey);
  }

  /** The compliance view: hazards in `regionCode` still unverified after their deadline as of `asOf`. */
  async pastDeadline(
    ctx: RequestContext,
    regionCode: string,
    asOf: string | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    const { day, prefix } = complianceScope(ctx, regionCode, asOf, this.today());
    if (prefix === null) return toConnection([], page, createdAtKey);
    const rows = await this.repository.list(
      { regionPrefix: prefix, overdueOn: { today: day, overdue: true } },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, createdAtKey);
  }

  /**
   * Counts of the hazards of `regionCode` and of each region directly below it (a province's prefectures, a
   * prefecture's counties), by level and status, with those overdue today. Empty outside the caller's jurisdiction.
   */
  async summary(ctx: RequestContext, regionCode: string): Promise<HazardRegionSummary[]> {
    requiredRegionCode(regionCode, 'regionCode');
    if (!inJurisdiction(ctx.identity, regionCode)) return [];
    const prefix = regionPrefix(regionCode);
    const rows = await this.repository.summary(prefix, this.today());
    const childOf = (code: string) =>
      prefix.length === 2 ? `${code.slice(0, 4)}00` : prefix.length === 4 ? code : regionCode;
    const lines = new Map<string, HazardRegionSummary>();
    const line = (code: string) => {
      let found = lines.get(code);
      if (!found) {
        found = {
          regionCode: code,
          total: 0,
          ordinary: 0,
          major: 0,
          byStatus: [],
          overdue: 0,
          majorOverdue: 0,
        };
        lines.set(code, found);
      }
      return found;
    };
    line(regionCode);
    for (const row of rows) {
      const count = Number(row.count);
      const overdue = Number(row.overdue);
      const targets = [line(regionCode)];
      const child = childOf(row.region_code);
      if (child !== regionCode) targets.push(line(child));
      for (const target of targets) {
        target.total += count;
        if (row.level === 'MAJOR') target.major += count;
        else target.ordinary += count;
        target.overdue += overdue;
        if (row.level === 'MAJOR') target.majorOverdue += overdue;
        const status = target.byStatus.find((s) => s.status === row.status);
        if (status) status.count += count;
        else target.byStatus.push({ status: row.status, count });
      }
    }
    const order = (s: HazardStatus) => HAZARD_STATUSES.indexOf(s);
    for (const l of lines.values()) l.byStatus.sort((a, b) => order(a.status) - order(b.status));
    return [...lines.values()].sort((a, b) =>
      a.regionCode === regionCode
        ? -1
        : b.regionCode === regionCode
          ? 1
          : a.regionCode.localeCompare(b.regionCode),
    );
  }

  history(ctx: RequestContext, hazard: HazardEntity) {
    return loadGroup(
      ctx,
      TRANSITIONS,
      (ids) => this.repository.transitionsOf(ids),
      (t) => t.hazardId,
      hazard.id,
    );
  }

  verifications(ctx: RequestContext, hazard: HazardEntity) {
    return loadGroup(
      ctx,
      VERIFICATIONS,
      (ids) => this.repository.verificationsOf(ids),
      (v) => v.hazardId,
      hazard.id,
    );
  }

  deadlineChanges(ctx: RequestContext, hazard: HazardEntity) {
    return loadGroup(
      ctx,
      DEADLINE_CHANGES,
      (ids) => this.repository.deadlineChangesOf(ids),
      (d) => d.hazardId,
      hazard.id,
    );
  }

  overdue(hazard: HazardEntity): boolean {
    return hazardOverdue(hazard, this.today());
  }

  rules(): Promise<HazardRuleEntity[]> {
    return this.repository.rules();
  }

  ruleInForce(regionCode: string): Promise<HazardRuleEntity> {
    return this.repository.ruleFor(requiredRegionCode(regionCode, 'regionCode'));
  }

  async setRules(ctx: RequestContext, input: SetHazardRulesInput): Promise<HazardRuleEntity> {
    requireRole(ctx, 'admin');
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionPrefix))
      throw badInput('regionPrefix must be empty (national) or 2, 4 or 6 digits', 'regionPrefix');
    const whole = (value: number, field: string, max: number) => {
      if (!Number.isInteger(value) || value < 1 || value > max)
        throw badInput(`${field} must be a whole number from 1 to ${max}`, field);
      return value;
    };
    const rule = {
      regionPrefix: input.regionPrefix,
      retentionYears: whole(input.retentionYears, 'retentionYears', 100),
      ordinaryMaxDays:
        input.ordinaryMaxDays === null || input.ordinaryMaxDays === undefined
          ? null
          : whole(input.ordinaryMaxDays, 'ordinaryMaxDays', 3660),
      source: requiredText(input.source, 'source', 500),
    };
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.upsertRule(manager, rule);
      await this.outbox.publish(
        manager,
        HazardRulesSet,
        `hazard-rule:${saved.regionPrefix}`,
        {
          regionPrefix: saved.regionPrefix,
          retentionYears: saved.retentionYears,
          ordinaryMaxDays: saved.ordinaryMaxDays,
          source: saved.source,
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async record(ctx: RequestContext, input: RecordHazardInput): Promise<HazardEntity> {
    requireWriter(ctx);
    const kind = oneOf(HAZARD_KINDS, input.kind, 'kind');
    const level = oneOf(HAZARD_LEVELS, input.level, 'level');
    const { category, subcategory } = classification(input.category, input.subcategory);
    const place = requiredText(input.place, 'place', 500);
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const { latitude, longitude } = position(input.latitude, input.longitude);
    const description = requiredText(input.description, 'description', 4000);
    const responsibleOrganisationId = requiredUuid(
      input.responsibleOrganisationId,
      'responsibleOrganisationId',
    );
    const responsiblePersonId = requiredUuid(input.responsiblePersonId, 'responsiblePersonId');
    const foundOn = pastOrToday(input.foundOn, 'foundOn', this.today());
    const foundByOrganisationId = requiredUuid(input.foundByOrganisationId, 'foundByOrganisationId');
    const supervisingOrganisationId =
      optionalUuid(input.supervisingOrganisationId, 'supervisingOrganisationId') ?? null;
    if (level === 'MAJOR' && !supervisingOrganisationId)
      throw new HazardException(
        HazardErrorCode.HazardSupervisorRequired,
        'a MAJOR hazard is reported to its supervising department: name supervisingOrganisationId',
        { field: 'supervisingOrganisationId' },
      );
    requireJurisdiction(ctx, regionCode, 'regionCode');
    await this.organisations.requireActive(responsibleOrganisationId, 'responsibleOrganisationId');
    await this.organisations.requireActive(foundByOrganisationId, 'foundByOrganisationId');
    if (supervisingOrganisationId)
      await this.organisations.requireActive(supervisingOrganisationId, 'supervisingOrganisationId');
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const hazard = await this.repository.insert(manager, {
        id: randomUUID(),
        kind,
        category,
        subcategory,
        place,
        regionCode,
        latitude,
        longitude,
        level,
        description,
        responsibleOrganisationId,
        responsiblePersonId,
        foundOn,
        foundByOrganisationId,
        supervisingOrganisationId,
        status: 'FOUND',
        onTheSpot: false,
        fixItem: null,
        fixMeasures: null,
        fixFundsFen: null,
        fixPersonId: null,
        deadline: null,
        reviewerPersonId: null,
        verifiedOn: null,
        closedOn: null,
        retainUntil: null,
        overdueAnnouncedFor: null,
        overdueAt: null,
      });
      await this.transition(ctx, manager, hazard, null, 'FOUND', null, now);
      return hazard;
    });
  }

  /** FOUND → REGISTERED: entered in the ledger; a MAJOR hazard reaches its supervising department. */
  register(ctx: RequestContext, input: HazardStepInput): Promise<HazardEntity> {
    requireWriter(ctx);
    const note = optionalText(input.note, 'note', 2000);
    return this.step(ctx, input.hazardId, 'REGISTER', async (manager, hazard, now) => {
      const registered = await this.repository.update(manager, hazard.id, { status: 'REGISTERED' });
      await this.transition(ctx, manager, registered, hazard.status, 'REGISTERED', note, now);
      await this.outbox.publish(
        manager,
        HazardRegistered,
        hazard.id,
        {
          ...eventBase(registered),
          kind: registered.kind,
          category: registered.category,
          subcategory: registered.subcategory,
          foundOn: registered.foundOn,
          foundByOrganisationId: registered.foundByOrganisationId,
          supervisingOrganisationId: registered.supervisingOrganisationId,
          registeredAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return registered;
    });
  }

  /** REGISTERED → RECTIFYING with the six fixes. */
  async plan(ctx: RequestContext, input: PlanHazardRectificationInput): Promise<HazardEntity> {
    requireWriter(ctx);
    const fixItem = requiredText(input.item, 'item', 500);
    const fixMeasures = requiredText(input.measures, 'measures', 4000);
    const fixFundsFen = funds(input.fundsFen);
    const fixPersonId = requiredUuid(input.responsiblePersonId, 'responsiblePersonId');
    const deadline = requiredCalendarDate(input.deadline, 'deadline');
    const reviewerPersonId = requiredUuid(input.reviewerPersonId, 'reviewerPersonId');
    const note = optionalText(input.note, 'note', 2000);
    return this.step(ctx, input.hazardId, 'PLAN', async (manager, hazard, now) => {
      await this.requireDeadline(manager, hazard, deadline, 'deadline');
      const planned = await this.repository.update(manager, hazard.id, {
        status: 'RECTIFYING',
        fixItem,
        fixMeasures,
        fixFundsFen,
        fixPersonId,
        deadline,
        reviewerPersonId,
      });
      await this.transition(ctx, manager, planned, hazard.status, 'RECTIFYING', note, now);
      await this.outbox.publish(
        manager,
        HazardRectificationPlanned,
        hazard.id,
        {
          ...eventBase(planned),
          item: fixItem,
          measures: fixMeasures,
          amountFen: fixFundsFen.toString(),
          responsiblePersonId: fixPersonId,
          deadline,
          reviewerPersonId,
        },
        eventContext(ctx),
      );
      return planned;
    });
  }

  /** Moves a rectifying hazard's deadline, recording the reason. */
  async changeDeadline(ctx: RequestContext, input: ChangeHazardDeadlineInput): Promise<HazardEntity> {
    requireWriter(ctx);
    const deadline = requiredCalendarDate(input.deadline, 'deadline');
    const reason = requiredText(input.reason, 'reason', 2000);
    return this.step(ctx, input.hazardId, 'CHANGE_DEADLINE', async (manager, hazard, now) => {
      await this.requireDeadline(manager, hazard, deadline, 'deadline');
      const previousDeadline = hazard.deadline as string;
      if (deadline === previousDeadline) throw badInput(`the deadline is ${deadline} already`, 'deadline');
      const changed = await this.repository.update(manager, hazard.id, { deadline });
      await this.repository.addDeadlineChange(
        manager,
        Object.assign(new HazardDeadlineChangeEntity(), {
          id: randomUUID(),
          hazardId: hazard.id,
          previousDeadline,
          deadline,
          reason,
          changedBy: ctx.identity.subject,
          changedAt: now,
        }),
      );
      await this.outbox.publish(
        manager,
        HazardDeadlineChanged,
        hazard.id,
        { ...eventBase(changed), previousDeadline, deadline, reason },
        eventContext(ctx),
      );
      return changed;
    });
  }

  /**
   * The reviewer's check: PASSED makes a rectifying hazard VERIFIED (an ORDINARY FOUND one: fixed on the spot, the
   * reviewer recorded then); FAILED keeps it RECTIFYING.
   */
  async verify(ctx: RequestContext, input: VerifyHazardInput): Promise<HazardEntity> {
    requireWriter(ctx);
    const result = oneOf(HAZARD_VERIFICATION_RESULTS, input.result, 'result');
    const verifiedOn = pastOrToday(input.verifiedOn, 'verifiedOn', this.today());
    const reviewerPersonId = requiredUuid(input.reviewerPersonId, 'reviewerPersonId');
    const note = optionalText(input.note, 'note', 2000);
    return this.step(
      ctx,
      input.hazardId,
      result === 'PASSED' ? 'PASS' : 'FAIL',
      async (manager, hazard, now) => {
        if (hazard.reviewerPersonId && hazard.reviewerPersonId !== reviewerPersonId)
          throw new HazardException(
            HazardErrorCode.HazardWrongReviewer,
            `hazard ${hazard.id} is verified by its reviewer ${hazard.reviewerPersonId}`,
            { field: 'reviewerPersonId', reviewerPersonId: hazard.reviewerPersonId },
          );
        notBefore(verifiedOn, hazard.foundOn, 'verifiedOn');
        const onTheSpot = hazard.status === 'FOUND';
        const to: HazardStatus = result === 'PASSED' ? 'VERIFIED' : 'RECTIFYING';
        const verified = await this.repository.update(manager, hazard.id, {
          status: to,
          reviewerPersonId,
          ...(result === 'PASSED' ? { verifiedOn, onTheSpot } : {}),
        });
        await this.repository.addVerification(
          manager,
          Object.assign(new HazardVerificationEntity(), {
            id: randomUUID(),
            hazardId: hazard.id,
            verifiedOn,
            result,
            reviewerPersonId,
            note,
            recordedBy: ctx.identity.subject,
            recordedAt: now,
          }),
        );
        await this.outbox.publish(
          manager,
          HazardVerified,
          hazard.id,
          { ...eventBase(verified), verifiedOn, result, reviewerPersonId, deadline: verified.deadline },
          eventContext(ctx),
        );
        await this.transition(
          ctx,
          manager,
          verified,
          hazard.status,
          to,
          note ?? (onTheSpot ? 'fixed on the spot' : `verification ${result}`),
          now,
        );
        return verified;
      },
    );
  }

  /** VERIFIED → CLOSED (销号); the record is kept for the jurisdiction's retention years. */
  async close(ctx: RequestContext, input: CloseHazardInput): Promise<HazardEntity> {
    requireWriter(ctx);
    const closedOn = pastOrToday(input.closedOn, 'closedOn', this.today());
    const note = optionalText(input.note, 'note', 2000);
    return this.step(ctx, input.hazardId, 'CLOSE', async (manager, hazard, now) => {
      const verifiedOn = hazard.verifiedOn as string;
      notBefore(closedOn, verifiedOn, 'closedOn');
      const rule = await this.repository.ruleFor(hazard.regionCode, manager);
      const keepUntil = retainUntil(closedOn, rule.retentionYears);
      const closed = await this.repository.update(manager, hazard.id, {
        status: 'CLOSED',
        closedOn,
        retainUntil: keepUntil,
      });
      await this.transition(ctx, manager, closed, hazard.status, 'CLOSED', note, now);
      await this.outbox.publish(
        manager,
        HazardClosed,
        hazard.id,
        {
          ...eventBase(closed),
          closedOn,
          onTheSpot: closed.onTheSpot,
          deadline: closed.deadline,
          verifiedOn,
          retainUntil: keepUntil,
        },
        eventContext(ctx),
      );
      return closed;
    });
  }

  /**
   * Runs `work` on the hazard locked in one write after checking the caller may see it and that `step` is allowed
   * from its status; nothing is written on refusal.
   */
  private step(
    ctx: RequestContext,
    id: string,
    step: HazardStep,
    work: (manager: EntityManager, hazard: HazardEntity, now: Date) => Promise<HazardEntity>,
  ): Promise<HazardEntity> {
    const hazardId = requiredUuid(id, 'hazardId');
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const hazard = await this.repository.lock(manager, hazardId);
        if (!hazard || !inJurisdiction(ctx.identity, hazard.regionCode))
          throw new HazardException(
            HazardErrorCode.HazardNotFound,
            `hazard ${hazardId} does not exist or is outside your jurisdiction`,
            { field: 'hazardId', id: hazardId },
          );
        const to = nextHazardStatus(hazard.status, step, hazard.level);
        if (!to)
          throw new HazardException(
            HazardErrorCode.HazardTransitionNotAllowed,
            `a ${hazard.level} hazard that is ${hazard.status} cannot ${step.toLowerCase().replace('_', ' ')}`,
            { field: 'hazardId', status: hazard.status, to: step },
          );
        return work(manager, hazard, now);
      },
      { forgets: [{ key: HAZARDS, ids: [hazardId] }, TRANSITIONS, VERIFICATIONS, DEADLINE_CHANGES] },
    );
  }

  /** A deadline on or after the finding and, for an ORDINARY hazard, within the jurisdiction's limit. */
  private async requireDeadline(
    manager: EntityManager,
    hazard: HazardEntity,
    deadline: string,
    field: string,
  ) {
    notBefore(deadline, hazard.foundOn, field);
    if (hazard.level !== 'ORDINARY') return;
    const rule = await this.repository.ruleFor(hazard.regionCode, manager);
    const latest = latestOrdinaryDeadline(hazard.foundOn, rule.ordinaryMaxDays);
    if (latest && deadline > latest)
      throw new HazardException(
        HazardErrorCode.HazardDeadlineTooLate,
        `an ORDINARY hazard found on ${hazard.foundOn} is rectified by ${latest} at the latest (${rule.source})`,
        { field, latest },
      );
  }

  private async transition(
    ctx: RequestContext,
    manager: EntityManager,
    hazard: HazardEntity,
    from: HazardStatus | null,
    to: HazardStatus,
    note: string | null,
    now: Date,
  ) {
    await this.repository.addTransition(
      manager,
      Object.assign(new HazardTransitionEntity(), {
        id: randomUUID(),
        hazardId: hazard.id,
        fromStatus: from,
        toStatus: to,
        changedBy: ctx.identity.subject,
        changedAt: now,
        note,
      }),
    );
    await this.outbox.publish(
      manager,
      HazardStatusChanged,
      hazard.id,
      { ...eventBase(hazard), from, to, onTheSpot: hazard.onTheSpot, note, changedAt: now.toISOString() },
      eventContext(ctx),
    );
  }

  private query(filter: HazardFilter): HazardQuery {
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    return {
      level: filter.level ? oneOf(HAZARD_LEVELS, filter.level, 'filter.level') : undefined,
      status: filter.status ? oneOf(HAZARD_STATUSES, filter.status, 'filter.status') : undefined,
      kind: filter.kind ? oneOf(HAZARD_KINDS, filter.kind, 'filter.kind') : undefined,
      responsibleOrganisationId: filter.responsibleOrganisationId
        ? requiredUuid(filter.responsibleOrganisationId, 'filter.responsibleOrganisationId')
        : undefined,
    };
  }
}

function eventBase(hazard: HazardEntity) {
  return {
    hazardId: hazard.id,
    regionCode: hazard.regionCode,
    level: hazard.level,
    responsibleOrganisationId: hazard.responsibleOrganisationId,
  };
}

/** Funds are a planned amount in integer fen (the Money scalar refuses fractions), zero or more. */
function funds(value: bigint): bigint {
  if (typeof value !== 'bigint') throw badInput('fundsFen must be integer fen', 'fundsFen');
  if (value < 0n)
    throw new HazardException(HazardErrorCode.HazardFundsNegative, 'fundsFen must be zero or more', {
      field: 'fundsFen',
    });
  return value;
}

function classification(category: string | null | undefined, subcategory: string | null | undefined) {
  if (!category) {
    if (subcategory) throw badInput('a subcategory needs the category it belongs to', 'category');
    return { category: null, subcategory: null };
  }
  const checked = oneOf(EMERGENCY_CATEGORIES, category, 'category');
  if (subcategory && categoryOfSubcategory(subcategory) !== checked)
    throw badInput(`${JSON.stringify(subcategory)} is not a subcategory of ${checked}`, 'subcategory');
  return { category: checked as string, subcategory: subcategory || null };
}

function position(latitude: number | null | undefined, longitude: number | null | undefined) {
  const lat = latitude ?? null;
  const lon = longitude ?? null;
  if ((lat === null) !== (lon === null))
    throw badInput('give both latitude and longitude, or neither', lat === null ? 'latitude' : 'longitude');
  if (lat !== null && (lat < -90 || lat > 90)) throw badInput('latitude lies from -90 to 90', 'latitude');
  if (lon !== null && (lon < -180 || lon > 180))
    throw badInput('longitude lies from -180 to 180', 'longitude');
  return { latitude: lat, longitude: lon };
}

function notBefore(date: string, earliest: string, field: string) {
  if (date < earliest)
    throw new HazardException(HazardErrorCode.HazardDateTooEarly, `${field} ${date} is before ${earliest}`, {
      field,
      earliest,
    });
}
