import { complianceScope } from '../assessment/compliance-view';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PlanApproved,
  PlanCycleRulesSet,
  PlanDraftEdited,
  PlanEvaluated,
  PlanFiled,
  PlanIssued,
  PlanRetired,
} from '@emergency/contracts';
import { chinaDateOf } from '@emergency/domain';
import { Outbox, type CloudEvent } from '@emergency/events';
import { ActivationMatcher, type MatchTrigger } from '../activation/activation-matcher';
import {
  badInput,
  eventContext,
  loadGroup,
  loaderKey,
  loadPage,
  oneOf,
  optionalText,
  optionalUuid,
  pastOrToday,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireRole,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { Clock, KnownOrganisations, write } from '@emergency/subgraph';
import { afterKey, readPage, type PageArgs } from '@emergency/paging';
import { PLAN_TYPES, type PlanEntity, type PlanType } from '../plan/plan.entity';
import { PlanService } from '../plan/plan.service';
import {
  PLAN_EVALUATION_CONCLUSIONS,
  PLAN_OVERDUE_KINDS,
  PLAN_REVISION_TRIGGERS,
  PlanCycleRuleEntity,
  type PlanEvaluationConclusion,
  type PlanEvaluationEntity,
  type PlanOverdueKind,
  type PlanRevisionTrigger,
  type PlanVersionEntity,
} from './plan-version.entity';
import { PlanVersionErrorCode, PlanVersionException } from './plan-version.exception';
import {
  readAttachments,
  readSections,
  SECTION_NAMES,
  type PlanAttachmentInput,
  type PlanSectionsInput,
} from './plan-version-input';
import { PlanVersionRepository, type OverdueRow } from './plan-version.repository';
import { planHeader, PlanVersionWriter } from './plan-version.writer';
import { addYears, cycleRuleFor, filingDueOn, issueVerdict } from './plan-version-rules';

export interface RevisePlanInput {
  planId: string;
  trigger: PlanRevisionTrigger;
  note: string;
  major: boolean;
  sections?: PlanSectionsInput | null;
  attachments?: PlanAttachmentInput[] | null;
}
export interface EditPlanDraftInput {
  planId: string;
  sections?: PlanSectionsInput | null;
  attachments?: PlanAttachmentInput[] | null;
}
export interface ApprovePlanInput {
  planId: string;
  approvingBody: string;
  meeting?: string | null;
  approvedOn: string;
}
export interface IssuePlanInput {
  planId: string;
  issuedOn: string;
}
export interface RecordPlanFilingInput {
  planId: string;
  version: number;
  filedOn: string;
  filedWithOrganisationId: string;
  receiptNumber: string;
}
export interface RecordPlanEvaluationInput {
  planId: string;
  evaluatedOn: string;
  conclusion: PlanEvaluationConclusion;
  findings: string;
}
export interface RetirePlanInput {
  planId: string;
  retiredOn: string;
  reason: string;
  replacedByPlanId?: string | null;
}
export interface SetPlanCycleRulesInput {
  regionPrefix: string;
  rules: { planType: PlanType; filingWorkingDays: number; evaluationYears: number; source: string }[];
}

/** Versions of each plan in draft, approved or issued, for this request. */
const LIVE_VERSIONS = loaderKey<PlanVersionEntity[]>('ContingencyPlan.liveVersions');
const VERSIONS = loaderKey<PlanVersionEntity[]>('ContingencyPlan.versions');
const EVALUATIONS = loaderKey<PlanEvaluationEntity[]>('ContingencyPlan.evaluations');
const OPEN_STATUSES = ['DRAFT', 'APPROVED'];

@Injectable()
export class PlanVersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PlanVersionRepository,
    private readonly plans: PlanService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly organisations: KnownOrganisations,
    private readonly writer: PlanVersionWriter,
    private readonly activations: ActivationMatcher,
  ) {}

  today(): string {
    return chinaDateOf(this.clock.now());
  }

  /** What started or stood down a plan: the plan event the same write published. */
  private trigger(ctx: RequestContext, event: CloudEvent<unknown>, name: string): MatchTrigger {
    return { eventId: event.id, eventType: name, at: this.clock.now(), context: eventContext(ctx) };
  }

  // ---- reads

  private live(ctx: RequestContext, planId: string) {
    return loadGroup(
      ctx,
      LIVE_VERSIONS,
      (ids) => this.repository.liveVersions(ids),
      (v) => v.planId,
      planId,
    );
  }

  async current(ctx: RequestContext, planId: string): Promise<PlanVersionEntity | null> {
    return (await this.live(ctx, planId)).find((v) => v.status === 'ISSUED') ?? null;
  }

  async draftOf(ctx: RequestContext, planId: string): Promise<PlanVersionEntity | null> {
    return (await this.live(ctx, planId)).find((v) => OPEN_STATUSES.includes(v.status)) ?? null;
  }

  async versions(ctx: RequestContext, planId: string, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, VERSIONS, page, planId, {
      firstPages: (ids, limit) => this.repository.newestVersionsOf(ids, limit),
      parentOf: (v) => v.planId,
      nextPage: () => this.repository.versionsOf(planId, page, Number(afterKey(page, ['int'])![0])),
    });
    return toConnection(rows, page, (v) => [String(v.version)]);
  }

  async evaluations(ctx: RequestContext, planId: string, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, EVALUATIONS, page, planId, {
      firstPages: (ids, limit) => this.repository.newestEvaluationsOf(ids, limit),
      parentOf: (e) => e.planId,
      nextPage: () => this.repository.evaluationsOf(planId, page, afterKey(page, ['date', 'uuid'])),
    });
    return toConnection(rows, page, (e) => [e.evaluatedOn, e.id]);
  }

  /** Plans of a region overdue on `asOf` (today when not given), by due date. */
  async overdue(
    ctx: RequestContext,
    regionCode: string,
    kind: PlanOverdueKind | null | undefined,
    asOf: string | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    const { day, prefix } = complianceScope(ctx, regionCode, asOf, this.today());
    const checkedKind = kind ? oneOf(PLAN_OVERDUE_KINDS, kind, 'kind') : undefined;
    const keyOf = (r: OverdueRow) => [r.due_on, r.plan_id, r.kind, String(r.version ?? 0)];
    if (prefix === null) return toConnection<OverdueRow>([], page, keyOf);
    const rows = await this.repository.overdue(
      prefix,
      checkedKind,
      day,
      page,
      afterKey(page, ['date', 'uuid', 'text', 'int']),
    );
    return toConnection(rows, page, keyOf);
  }

  async rulesInForce(regionCode: string): Promise<PlanCycleRuleEntity[]> {
    requiredRegionCode(regionCode, 'regionCode');
    const rules = await this.repository.rules();
    return PLAN_TYPES.map((t) => cycleRuleFor(rules, regionCode, t)).filter(
      (r): r is PlanCycleRuleEntity => r !== undefined,
    );
  }

  // ---- writes

  async revise(ctx: RequestContext, input: RevisePlanInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    const trigger = oneOf(PLAN_REVISION_TRIGGERS, input.trigger, 'trigger');
    const note = requiredText(input.note, 'note', 2000);
    if (typeof input.major !== 'boolean') throw badInput('major is true or false', 'major');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.lockLive(manager, plan.id);
        if (locked.status !== 'ISSUED')
          throw new PlanVersionException(
            PlanVersionErrorCode.PlanNotInForce,
            `plan ${plan.id} is ${locked.status}: only a plan in force is revised`,
            { field: 'planId', planId: plan.id, status: locked.status },
          );
        const versions = await this.repository.liveVersions([plan.id], manager);
        this.requireNoOpenVersion(plan.id, versions);
        const current = versions.find((v) => v.status === 'ISSUED') ?? null;
        const sections = readSections(input.sections, current, 'sections');
        const attachments = readAttachments(input.attachments, current?.attachments ?? [], 'attachments');
        const number = (await this.repository.newestVersionNumber(manager, plan.id)) + 1;
        await this.writer.open(manager, ctx, locked, {
          version: number,
          sections,
          attachments,
          trigger,
          note,
          major: input.major,
        });
        return locked;
      },
      { forgets: [{ key: LIVE_VERSIONS, ids: [plan.id] }] },
    );
  }

  async editDraft(ctx: RequestContext, input: EditPlanDraftInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.lockLive(manager, plan.id);
        const versions = await this.repository.liveVersions([plan.id], manager);
        const open = versions.find((v) => v.status === 'DRAFT');
        if (!open) throw this.noOpenVersion(plan.id);
        const sections = readSections(input.sections, open, 'sections');
        const attachments = readAttachments(input.attachments, open.attachments, 'attachments');
        const changedSections = SECTION_NAMES.filter((name) => sections[name] !== open[name]);
        Object.assign(open, sections, { attachments });
        await this.repository.saveVersion(manager, open);
        await this.outbox.publish(
          manager,
          PlanDraftEdited,
          plan.id,
          {
            ...planHeader(locked),
            version: open.version,
            changedSections,
            attachmentCount: attachments.length,
          },
          eventContext(ctx),
        );
        return locked;
      },
      { forgets: [{ key: LIVE_VERSIONS, ids: [plan.id] }] },
    );
  }

  async approve(ctx: RequestContext, input: ApprovePlanInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    const approvingBody = requiredText(input.approvingBody, 'approvingBody', 200);
    const meeting = optionalText(input.meeting, 'meeting', 200);
    const approvedOn = pastOrToday(input.approvedOn, 'approvedOn', this.today());
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.lockLive(manager, plan.id);
        const versions = await this.repository.liveVersions([plan.id], manager);
        const open = versions.find((v) => v.status === 'DRAFT');
        if (!open) throw this.noOpenVersion(plan.id);
        Object.assign(open, { status: 'APPROVED', approvingBody, approvalMeeting: meeting, approvedOn });
        await this.repository.saveVersion(manager, open);
        if (locked.status === 'DRAFT') {
          locked.status = 'APPROVED';
          await this.repository.savePlan(manager, locked);
        }
        await this.outbox.publish(
          manager,
          PlanApproved,
          plan.id,
          { ...planHeader(locked), version: open.version, approvingBody, meeting, approvedOn },
          eventContext(ctx),
        );
        return locked;
      },
      { forgets: [{ key: LIVE_VERSIONS, ids: [plan.id] }] },
    );
  }

  async issue(ctx: RequestContext, input: IssuePlanInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    const issuedOn = pastOrToday(input.issuedOn, 'issuedOn', this.today());
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.lockLive(manager, plan.id);
        const versions = await this.repository.liveVersions([plan.id], manager);
        const open = versions.find((v) => OPEN_STATUSES.includes(v.status)) ?? null;
        const verdict = issueVerdict(open);
        if (verdict === 'NOTHING_TO_ISSUE' || !open) throw this.noOpenVersion(plan.id);
        if (verdict === 'APPROVAL_REQUIRED')
          throw new PlanVersionException(
            PlanVersionErrorCode.PlanApprovalRequired,
            `version ${open.version} of plan ${plan.id} must be approved before it is issued`,
            { field: 'planId', planId: plan.id, version: open.version },
          );
        const previous = versions.find((v) => v.status === 'ISSUED') ?? null;
        const earliest = [open.approvedOn, previous?.issuedOn]
          .filter((d): d is string => !!d)
          .sort()
          .at(-1);
        if (earliest && issuedOn < earliest) throw outOfOrder('issuedOn', earliest);
        const rule = await this.ruleFor(manager, locked);
        if (previous) {
          Object.assign(previous, { status: 'SUPERSEDED', supersededOn: issuedOn });
          await this.repository.saveVersion(manager, previous);
        }
        const dueOn = filingDueOn(issuedOn, rule.filingWorkingDays);
        Object.assign(open, { status: 'ISSUED', issuedOn, filingDueOn: dueOn });
        await this.repository.saveVersion(manager, open);
        const keepGiven = open.version === 1 && locked.reviewDueOn !== null;
        const evaluationDueOn = keepGiven ? locked.reviewDueOn! : addYears(issuedOn, rule.evaluationYears);
        Object.assign(locked, { status: 'ISSUED', reviewDueOn: evaluationDueOn, evaluationOverdueAt: null });
        await this.repository.savePlan(manager, locked);
        const issued = await this.outbox.publish(
          manager,
          PlanIssued,
          plan.id,
          {
            ...planHeader(locked),
            version: open.version,
            issuedOn,
            supersededVersion: previous?.version ?? null,
            filingDueOn: dueOn,
            evaluationDueOn,
          },
          eventContext(ctx),
        );
        // A plan issued while a response is in force that it reaches is started for it at once.
        await this.activations.planChanged(manager, plan.id, this.trigger(ctx, issued, PlanIssued.name));
        return locked;
      },
      { forgets: [{ key: LIVE_VERSIONS, ids: [plan.id] }] },
    );
  }

  async file(ctx: RequestContext, input: RecordPlanFilingInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    if (!Number.isInteger(input.version) || input.version < 1)
      throw badInput('version is a positive whole number', 'version');
    const filedOn = pastOrToday(input.filedOn, 'filedOn', this.today());
    const filedWith = requiredUuid(input.filedWithOrganisationId, 'filedWithOrganisationId');
    const receiptNumber = requiredText(input.receiptNumber, 'receiptNumber', 100);
    await this.organisations.requireActive(filedWith, 'filedWithOrganisationId');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.lockLive(manager, plan.id);
        const version = await this.repository.version(manager, plan.id, input.version);
        if (!version?.issuedOn || !version.filingDueOn || version.filedOn)
          throw new PlanVersionException(
            PlanVersionErrorCode.PlanVersionNotFilable,
            `version ${input.version} of plan ${plan.id} is not an issued version awaiting filing`,
            { field: 'version', planId: plan.id, version: input.version },
          );
        if (filedOn < version.issuedOn) throw outOfOrder('filedOn', version.issuedOn);
        Object.assign(version, {
          filedOn,
          filedWithOrganisationId: filedWith,
          filingReceiptNumber: receiptNumber,
        });
        await this.repository.saveVersion(manager, version);
        await this.outbox.publish(
          manager,
          PlanFiled,
          plan.id,
          {
            ...planHeader(locked),
            version: version.version,
            filedOn,
            filedWithOrganisationId: filedWith,
            receiptNumber,
            filingDueOn: version.filingDueOn,
            late: filedOn > version.filingDueOn,
          },
          eventContext(ctx),
        );
        return locked;
      },
      { forgets: [{ key: LIVE_VERSIONS, ids: [plan.id] }] },
    );
  }

  async evaluate(ctx: RequestContext, input: RecordPlanEvaluationInput): Promise<PlanEvaluationEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    const evaluatedOn = pastOrToday(input.evaluatedOn, 'evaluatedOn', this.today());
    const conclusion = oneOf(PLAN_EVALUATION_CONCLUSIONS, input.conclusion, 'conclusion');
    const findings = requiredText(input.findings, 'findings', 20_000);
    return write(ctx, this.dataSource, async (manager) => {
      const locked = await this.lockLive(manager, plan.id);
      const current = (await this.repository.liveVersions([plan.id], manager)).find(
        (v) => v.status === 'ISSUED',
      );
      if (locked.status !== 'ISSUED' || !current?.issuedOn || !locked.reviewDueOn)
        throw new PlanVersionException(
          PlanVersionErrorCode.PlanNotInForce,
          `plan ${plan.id} is ${locked.status}: only a plan in force is evaluated`,
          { field: 'planId', planId: plan.id, status: locked.status },
        );
      if (evaluatedOn < current.issuedOn) throw outOfOrder('evaluatedOn', current.issuedOn);
      const rule = await this.ruleFor(manager, locked);
      const dueOn = locked.reviewDueOn;
      const nextDueOn = addYears(evaluatedOn, rule.evaluationYears);
      const evaluation = await this.repository.insertEvaluation(manager, {
        id: randomUUID(),
        planId: plan.id,
        evaluatedOn,
        conclusion,
        findings,
        dueOn,
        nextDueOn,
      });
      Object.assign(locked, { reviewDueOn: nextDueOn, evaluationOverdueAt: null });
      await this.repository.savePlan(manager, locked);
      await this.outbox.publish(
        manager,
        PlanEvaluated,
        plan.id,
        {
          ...planHeader(locked),
          evaluationId: evaluation.id,
          evaluatedOn,
          conclusion,
          dueOn,
          onTime: evaluatedOn <= dueOn,
          nextDueOn,
        },
        eventContext(ctx),
      );
      return evaluation;
    });
  }

  async retire(ctx: RequestContext, input: RetirePlanInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const plan = await this.plans.require(ctx, input.planId, 'planId');
    const retiredOn = pastOrToday(input.retiredOn, 'retiredOn', this.today());
    const reason = requiredText(input.reason, 'reason', 2000);
    const replacedBy = optionalUuid(input.replacedByPlanId, 'replacedByPlanId') ?? null;
    if (replacedBy) {
      await this.plans.require(ctx, replacedBy, 'replacedByPlanId');
      if (replacedBy === plan.id) throw badInput('a plan does not replace itself', 'replacedByPlanId');
    }
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.lockLive(manager, plan.id);
        const current = (await this.repository.liveVersions([plan.id], manager)).find(
          (v) => v.status === 'ISSUED',
        );
        if (current?.issuedOn && retiredOn < current.issuedOn)
          throw outOfOrder('retiredOn', current.issuedOn);
        if (current) {
          Object.assign(current, { status: 'SUPERSEDED', supersededOn: retiredOn });
          await this.repository.saveVersion(manager, current);
        }
        Object.assign(locked, { status: 'RETIRED', retiredOn, retiredReason: reason });
        await this.repository.savePlan(manager, locked);
        const retired = await this.outbox.publish(
          manager,
          PlanRetired,
          plan.id,
          { ...planHeader(locked), retiredOn, reason, replacedByPlanId: replacedBy },
          eventContext(ctx),
        );
        // A retired plan stands down wherever it was started.
        await this.activations.planChanged(manager, plan.id, this.trigger(ctx, retired, PlanRetired.name));
        return locked;
      },
      { forgets: [{ key: LIVE_VERSIONS, ids: [plan.id] }] },
    );
  }

  async setRules(ctx: RequestContext, input: SetPlanCycleRulesInput): Promise<PlanCycleRuleEntity[]> {
    requireRole(ctx, 'admin');
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionPrefix))
      throw badInput('regionPrefix must be empty (national) or 2, 4 or 6 digits', 'regionPrefix');
    const seen = new Set<string>();
    const rules = input.rules.map((r, i) => {
      const field = `rules[${i}]`;
      const planType = oneOf(PLAN_TYPES, r.planType, `${field}.planType`);
      if (seen.has(planType)) throw badInput(`${planType} is given twice`, `${field}.planType`);
      seen.add(planType);
      const whole = (value: number, name: string, max: number) => {
        if (!Number.isInteger(value) || value < 1 || value > max)
          throw badInput(`${name} must be a whole number from 1 to ${max}`, `${field}.${name}`);
        return value;
      };
      return Object.assign(new PlanCycleRuleEntity(), {
        regionPrefix: input.regionPrefix,
        planType,
        filingWorkingDays: whole(r.filingWorkingDays, 'filingWorkingDays', 250),
        evaluationYears: whole(r.evaluationYears, 'evaluationYears', 10),
        source: requiredText(r.source, `${field}.source`, 1000),
      });
    });
    // A jurisdiction's set replaces the shorter prefix's as a whole: it names every type, or none (handing back).
    if (rules.length > 0 && rules.length !== PLAN_TYPES.length)
      throw badInput(`a set of plan cycle rules names every plan type (${PLAN_TYPES.join(', ')})`, 'rules');
    const setAt = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      await this.repository.replaceRules(manager, input.regionPrefix, rules);
      await this.outbox.publish(
        manager,
        PlanCycleRulesSet,
        `plan-cycle-rules:${input.regionPrefix}`,
        {
          regionPrefix: input.regionPrefix,
          rules: rules.map(({ planType, filingWorkingDays, evaluationYears, source }) => ({
            planType,
            filingWorkingDays,
            evaluationYears,
            source,
          })),
          setAt: setAt.toISOString(),
        },
        eventContext(ctx),
      );
      return rules;
    });
  }

  // ---- helpers

  /** The plan row locked for the change; PLAN_RETIRED when it is retired. */
  private async lockLive(manager: EntityManager, planId: string): Promise<PlanEntity> {
    const plan = (await this.repository.lockPlan(manager, planId))!;
    if (plan.status === 'RETIRED')
      throw new PlanVersionException(PlanVersionErrorCode.PlanRetired, `plan ${planId} is retired`, {
        field: 'planId',
        planId,
      });
    return plan;
  }

  private requireNoOpenVersion(planId: string, versions: readonly PlanVersionEntity[]) {
    const open = versions.find((v) => OPEN_STATUSES.includes(v.status));
    if (open)
      throw new PlanVersionException(
        PlanVersionErrorCode.PlanRevisionOpen,
        `plan ${planId} already has version ${open.version} ${open.status.toLowerCase()}`,
        { field: 'planId', planId, version: open.version },
      );
  }

  private noOpenVersion(planId: string) {
    return new PlanVersionException(
      PlanVersionErrorCode.PlanNoOpenVersion,
      `plan ${planId} has no version awaiting this step`,
      { field: 'planId', planId },
    );
  }

  private async ruleFor(manager: EntityManager, plan: PlanEntity) {
    const rule = cycleRuleFor(await this.repository.rules(manager), plan.regionCode, plan.planType);
    if (!rule)
      throw new PlanVersionException(
        PlanVersionErrorCode.PlanCycleRuleMissing,
        `no plan cycle rule covers a ${plan.planType} plan in ${plan.regionCode}`,
        { field: 'planId', regionCode: plan.regionCode, planType: plan.planType },
      );
    return rule;
  }
}

function outOfOrder(field: string, earliest: string) {
  return new PlanVersionException(
    PlanVersionErrorCode.PlanDateOutOfOrder,
    `${field} must not be before ${earliest}`,
    { field, earliest },
  );
}
