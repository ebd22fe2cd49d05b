import { complianceScope } from '../assessment/compliance-view';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AnnualDrillPlanSet,
  DrillArchived,
  DrillEvaluated,
  DrillFindingRecorded,
  DrillHeld,
  DrillPlanned,
  DrillRegimeSet,
  DrillRulesSet,
  ImprovementActionDone,
  PlanRevisionTaskClosed,
  PlanRevisionTaskOpened,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loaderKey,
  loadGroup,
  oneOf,
  optionalText,
  optionalUuid,
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
import { afterKey, createdAtKey, readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import {
  chinaDateOf,
  inJurisdiction,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import { PLAN_TYPES, type PlanEntity } from '../plan/plan.entity';
import { PlanVersionRepository } from '../plan-version/plan-version.repository';
import { PlanService } from '../plan/plan.service';
import {
  closeVerdict,
  drilledWithinRule,
  mayMove,
  nextDrillDueBy,
  overdueOn,
  ruleForOrganisation,
  ruleForPlan,
  takesFindings,
  type DrillRule,
} from './drill-rules';
import {
  AnnualDrillPlanEntity,
  DRILL_CONTENTS,
  DRILL_EVALUATION_CATEGORIES,
  DRILL_FORMS,
  DRILL_PURPOSES,
  DRILL_REGIMES,
  DRILL_RULE_SUBJECTS,
  DRILL_STATUSES,
  DrillEntity,
  DrillFindingEntity,
  FINDING_SEVERITIES,
  ImprovementActionEntity,
  PARTICIPANT_KINDS,
  PlanRevisionTaskEntity,
  type CategoryEvaluation,
  type DrillContent,
  type DrillForm,
  type DrillParticipant,
  type DrillPurpose,
  type DrillRegime,
  type DrillRuleEntity,
  type DrillRuleSubject,
  type DrillStatus,
  type DrillSummary,
  type EvaluationCategory,
  type FindingSeverity,
  type ParticipantKind,
  type PlannedDrill,
} from './drill.entity';
import { DrillErrorCode, DrillException } from './drill.exception';
import { DrillRepository } from './drill.repository';

export interface DrillFilter {
  regionCode?: string | null;
  organiserOrganisationId?: string | null;
  planId?: string | null;
  status?: DrillStatus | null;
}
export interface PlannedDrillInput {
  form: DrillForm;
  content: DrillContent;
  planIds: string[];
  month: number;
}
export interface SetAnnualDrillPlanInput {
  organisationId: string;
  year: number;
  plannedDrills: PlannedDrillInput[];
}
export interface PlanDrillInput {
  form: DrillForm;
  content: DrillContent;
  purpose: DrillPurpose;
  planIds: string[];
  organiserOrganisationId: string;
  participants: { kind: ParticipantKind; participantId: string; role: string }[];
  scenario: string;
  scheduledOn: string;
  regionCode: string;
  place: string;
}
export interface EvaluateDrillInput {
  drillId: string;
  categories: { category: EvaluationCategory; rating: number; notes: string }[];
  evaluatorOrganisationId: string;
  thirdParty: boolean;
}
export interface RecordDrillFindingInput {
  drillId: string;
  category: EvaluationCategory;
  severity: FindingSeverity;
  description: string;
  improvementActions: { ownerOrganisationId: string; description: string; dueOn: string }[];
  revisePlanId?: string | null;
}
export interface ClosePlanRevisionTaskInput {
  taskId: string;
  revisedInVersion?: number | null;
  reason?: 'NO_CHANGE_NEEDED' | null;
  reasonText?: string | null;
}
export interface SetDrillRulesInput {
  regionPrefix: string;
  rules: { subject: DrillRuleSubject; subjectValue: string; intervalMonths: number; source: string }[];
}

const TEXT_MAX = 4000;
const SUMMARY_FIELDS = [
  'purpose',
  'timeAndPlace',
  'participants',
  'scenarioSummary',
  'problemsAndCauses',
  'lessons',
  'improvements',
] as const;

const DRILLS = loaderKey<DrillEntity>('Drill');
const FINDINGS_OF_DRILL = loaderKey<DrillFindingEntity[]>('Drill.findings');
const ACTIONS_OF_FINDING = loaderKey<ImprovementActionEntity[]>('DrillFinding.improvementActions');
const TASK_OF_FINDING = loaderKey<PlanRevisionTaskEntity[]>('DrillFinding.revisionTask');
const TASKS_OF_PLAN = loaderKey<PlanRevisionTaskEntity[]>('ContingencyPlan.revisionTasks');

/** An organisation behind on its drill rule, as `undrilledUnits` lists it. */
export interface UndrilledUnit {
  organisationId: string;
  regionCode: string;
  rule: DrillRule;
  lastDrillOn: string | null;
  dueBy: string | null;
}

/** A plan in force behind on its drill rule. */
export interface PlanNotDrilled {
  planId: string;
  rule: DrillRule;
  lastDrillOn: string | null;
  dueBy: string;
}

@Injectable()
export class DrillService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DrillRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly plans: PlanService,
    private readonly versions: PlanVersionRepository,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return chinaDateOf(this.clock.now());
  }

  async get(ctx: RequestContext, id: string): Promise<DrillEntity | null> {
    const drill = await loadById(ctx, DRILLS, (ids) => this.repository.findByIds(ids), id);
    return drill && inJurisdiction(ctx.identity, drill.regionCode) ? drill : null;
  }

  async require(ctx: RequestContext, id: string, field: string): Promise<DrillEntity> {
    const drill = await this.get(ctx, requiredUuid(id, field));
    if (!drill)
      throw new DrillException(
        DrillErrorCode.DrillNotFound,
        `drill ${id} does not exist or is outside your jurisdiction`,
        { field, id },
      );
    return drill;
  }

  async list(ctx: RequestContext, filter: DrillFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, createdAtKey);
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        organiserOrganisationId: filter.organiserOrganisationId
          ? requiredUuid(filter.organiserOrganisationId, 'filter.organiserOrganisationId')
          : undefined,
        planId: filter.planId ? requiredUuid(filter.planId, 'filter.planId') : undefined,
        status: filter.status ? oneOf(DRILL_STATUSES, filter.status, 'filter.status') : undefined,
      },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, createdAtKey);
  }

  /** The plans a drill exercised that the caller may see. */
  async plansOf(ctx: RequestContext, drill: DrillEntity): Promise<PlanEntity[]> {
    const plans = await Promise.all(drill.planIds.map((id) => this.plans.get(ctx, id)));
    return plans.filter((p): p is PlanEntity => p !== null);
  }

  findings(ctx: RequestContext, drillId: string) {
    return loadGroup(
      ctx,
      FINDINGS_OF_DRILL,
      (ids) => this.repository.findingsOf(ids),
      (f) => f.drillId,
      drillId,
    );
  }

  actions(ctx: RequestContext, findingId: string) {
    return loadGroup(
      ctx,
      ACTIONS_OF_FINDING,
      (ids) => this.repository.actionsOf(ids),
      (a) => a.findingId,
      findingId,
    );
  }

  async revisionTask(ctx: RequestContext, findingId: string) {
    const tasks = await loadGroup(
      ctx,
      TASK_OF_FINDING,
      (ids) => this.repository.tasksOfFindings(ids),
      (t) => t.findingId,
      findingId,
    );
    return tasks[0] ?? null;
  }

  /** A plan's revision tasks opened by drills the caller may see (the plan is one it sees: the field hangs on it). */
  async revisionTasksOfPlan(ctx: RequestContext, planId: string) {
    const tasks = await loadGroup(
      ctx,
      TASKS_OF_PLAN,
      (ids) => this.repository.tasksOfPlans(ids),
      (t) => t.planId,
      planId,
    );
    const drills = await Promise.all(tasks.map((t) => this.get(ctx, t.drillId)));
    return tasks.filter((_, i) => drills[i] !== null);
  }

  /** Whether an action is open past its due date today. */
  overdue(action: ImprovementActionEntity): boolean {
    return action.status === 'OPEN' && overdueOn(action.dueOn, this.today());
  }

  async annualPlan(ctx: RequestContext, organisationId: string, year: number) {
    const plan = await this.repository.annualPlan(requiredUuid(organisationId, 'organisationId'), year);
    return plan && inJurisdiction(ctx.identity, plan.regionCode) ? plan : null;
  }

  async setAnnualPlan(ctx: RequestContext, input: SetAnnualDrillPlanInput): Promise<AnnualDrillPlanEntity> {
    requireWriter(ctx);
    const organisationId = requiredUuid(input.organisationId, 'organisationId');
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw badInput('year must be a year between 2000 and 2100', 'year');
    const plannedDrills: PlannedDrill[] = [];
    for (const [i, planned] of input.plannedDrills.entries()) {
      const field = `plannedDrills[${i}]`;
      if (!Number.isInteger(planned.month) || planned.month < 1 || planned.month > 12)
        throw badInput(`${field}.month must be 1 to 12`, `${field}.month`);
      plannedDrills.push({
        form: oneOf(DRILL_FORMS, planned.form, `${field}.form`),
        content: oneOf(DRILL_CONTENTS, planned.content, `${field}.content`),
        planIds: await this.visiblePlanIds(ctx, planned.planIds, `${field}.planIds`),
        month: planned.month,
      });
    }
    const organisation = await this.organisations.requireActive(organisationId, 'organisationId');
    requireJurisdiction(ctx, organisation.regionCode, 'organisationId');
    const exists = () =>
      new DrillException(
        DrillErrorCode.AnnualDrillPlanExists,
        `organisation ${organisationId} already has a drill plan for ${input.year}`,
        { field: 'year', year: input.year },
      );
    if (await this.repository.annualPlan(organisationId, input.year)) throw exists();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const plan = await this.repository.save(manager, AnnualDrillPlanEntity, {
          id: randomUUID(),
          organisationId,
          regionCode: organisation.regionCode,
          year: input.year,
          plannedDrills,
        });
        await this.outbox.publish(
          manager,
          AnnualDrillPlanSet,
          plan.id,
          { drillPlanId: plan.id, organisationId, year: input.year, plannedDrills },
          eventContext(ctx),
        );
        return plan;
      },
      { constraints: { annual_drill_plan_once_a_year: exists } },
    );
  }

  async plan(ctx: RequestContext, input: PlanDrillInput): Promise<DrillEntity> {
    requireWriter(ctx);
    const form = oneOf(DRILL_FORMS, input.form, 'form');
    const content = oneOf(DRILL_CONTENTS, input.content, 'content');
    const purpose = oneOf(DRILL_PURPOSES, input.purpose, 'purpose');
    const scenario = requiredText(input.scenario, 'scenario', TEXT_MAX);
    const scheduledOn = requiredCalendarDate(input.scheduledOn, 'scheduledOn');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const place = requiredText(input.place, 'place', 500);
    const organiserOrganisationId = requiredUuid(input.organiserOrganisationId, 'organiserOrganisationId');
    const participants: DrillParticipant[] = input.participants.map((p, i) => ({
      kind: oneOf(PARTICIPANT_KINDS, p.kind, `participants[${i}].kind`),
      id: requiredUuid(p.participantId, `participants[${i}].participantId`),
      role: requiredText(p.role, `participants[${i}].role`, 200),
    }));
    const planIds = await this.visiblePlanIds(ctx, input.planIds, 'planIds');
    await this.organisations.requireActive(organiserOrganisationId, 'organiserOrganisationId');
    const participantOrganisationIds: string[] = [];
    for (const [i, p] of participants.entries()) {
      if (p.kind !== 'ORGANISATION' || participantOrganisationIds.includes(p.id)) continue;
      await this.organisations.requireActive(p.id, `participants[${i}].participantId`);
      participantOrganisationIds.push(p.id);
    }
    return write(ctx, this.dataSource, async (manager) => {
      const drill = await this.repository.save(manager, DrillEntity, {
        id: randomUUID(),
        form,
        content,
        purpose,
        planIds,
        organiserOrganisationId,
        participants,
        participantOrganisationIds,
        scenario,
        scheduledOn,
        heldOn: null,
        regionCode,
        place,
        status: 'PLANNED',
        evaluation: null,
        evaluatorOrganisationId: null,
        thirdParty: null,
        evaluatedAt: null,
        summary: null,
        archivedAt: null,
      });
      await this.outbox.publish(
        manager,
        DrillPlanned,
        drill.id,
        {
          drillId: drill.id,
          form,
          content,
          purpose,
          planIds,
          organiserOrganisationId,
          participantOrganisationIds,
          regionCode,
          scheduledOn,
        },
        eventContext(ctx),
      );
      return drill;
    });
  }

  async recordHeld(ctx: RequestContext, input: { drillId: string; heldOn: string }) {
    requireWriter(ctx);
    const drill = await this.require(ctx, input.drillId, 'drillId');
    const heldOn = requiredCalendarDate(input.heldOn, 'heldOn');
    if (heldOn > this.today())
      throw new DrillException(DrillErrorCode.DrillNotYetHeld, `${heldOn} has not come yet`, {
        field: 'heldOn',
        heldOn,
      });
    return this.change(ctx, drill.id, 'HELD', async (manager, locked) => {
      locked.heldOn = heldOn;
      const saved = await manager.getRepository(DrillEntity).save(locked);
      await this.outbox.publish(
        manager,
        DrillHeld,
        saved.id,
        {
          drillId: saved.id,
          organiserOrganisationId: saved.organiserOrganisationId,
          planIds: saved.planIds,
          regionCode: saved.regionCode,
          heldOn,
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async evaluate(ctx: RequestContext, input: EvaluateDrillInput) {
    requireWriter(ctx);
    const drill = await this.require(ctx, input.drillId, 'drillId');
    const evaluation: CategoryEvaluation[] = input.categories.map((c, i) => {
      const field = `categories[${i}]`;
      if (!Number.isInteger(c.rating) || c.rating < 1 || c.rating > 5)
        throw badInput(`${field}.rating must be 1 to 5`, `${field}.rating`);
      return {
        category: oneOf(DRILL_EVALUATION_CATEGORIES, c.category, `${field}.category`),
        rating: c.rating,
        notes: requiredText(c.notes, `${field}.notes`, TEXT_MAX),
      };
    });
    const rated = evaluation.map((e) => e.category);
    const missing = DRILL_EVALUATION_CATEGORIES.filter((c) => !rated.includes(c));
    if (missing.length > 0 || rated.length !== DRILL_EVALUATION_CATEGORIES.length)
      throw new DrillException(
        DrillErrorCode.DrillEvaluationIncomplete,
        'an evaluation rates each of the six categories once',
        { field: 'categories', missing },
      );
    const evaluatorOrganisationId = requiredUuid(input.evaluatorOrganisationId, 'evaluatorOrganisationId');
    await this.organisations.requireActive(evaluatorOrganisationId, 'evaluatorOrganisationId');
    const now = this.clock.now();
    return this.change(ctx, drill.id, 'EVALUATED', async (manager, locked) => {
      Object.assign(locked, {
        evaluation,
        evaluatorOrganisationId,
        thirdParty: input.thirdParty,
        evaluatedAt: now,
      });
      const saved = await manager.getRepository(DrillEntity).save(locked);
      await this.outbox.publish(
        manager,
        DrillEvaluated,
        saved.id,
        {
          drillId: saved.id,
          regionCode: saved.regionCode,
          evaluatorOrganisationId,
          thirdParty: input.thirdParty,
          ratings: evaluation.map(({ category, rating }) => ({ category, rating })),
          evaluatedAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async archive(ctx: RequestContext, input: { drillId: string; summary: DrillSummary }) {
    requireWriter(ctx);
    const drill = await this.require(ctx, input.drillId, 'drillId');
    const summary = Object.fromEntries(
      SUMMARY_FIELDS.map((f) => [f, requiredText(input.summary[f], `summary.${f}`, TEXT_MAX)]),
    ) as unknown as DrillSummary;
    const now = this.clock.now();
    return this.change(ctx, drill.id, 'ARCHIVED', async (manager, locked) => {
      Object.assign(locked, { summary, archivedAt: now });
      const saved = await manager.getRepository(DrillEntity).save(locked);
      await this.outbox.publish(
        manager,
        DrillArchived,
        saved.id,
        {
          drillId: saved.id,
          regionCode: saved.regionCode,
          organiserOrganisationId: saved.organiserOrganisationId,
          archivedAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  /** Moves a drill one step to `to` under a lock, or DRILL_WRONG_STATUS with nothing written. */
  private change(
    ctx: RequestContext,
    id: string,
    to: DrillStatus,
    work: (manager: EntityManager, locked: DrillEntity) => Promise<DrillEntity>,
  ) {
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = (await this.repository.lock(manager, id))!;
        if (!mayMove(locked.status, to))
          throw new DrillException(
            DrillErrorCode.DrillWrongStatus,
            `a ${locked.status} drill cannot become ${to}`,
            { field: 'drillId', status: locked.status },
          );
        locked.status = to;
        return work(manager, locked);
      },
      { forgets: [{ key: DRILLS, ids: [id] }] },
    );
  }

  async recordFinding(ctx: RequestContext, input: RecordDrillFindingInput): Promise<DrillFindingEntity> {
    requireWriter(ctx);
    const drill = await this.require(ctx, input.drillId, 'drillId');
    const category = oneOf(DRILL_EVALUATION_CATEGORIES, input.category, 'category');
    const severity = oneOf(FINDING_SEVERITIES, input.severity, 'severity');
    const description = requiredText(input.description, 'description', TEXT_MAX);
    const actions = input.improvementActions.map((a, i) => ({
      ownerOrganisationId: requiredUuid(
        a.ownerOrganisationId,
        `improvementActions[${i}].ownerOrganisationId`,
      ),
      description: requiredText(a.description, `improvementActions[${i}].description`, TEXT_MAX),
      dueOn: requiredCalendarDate(a.dueOn, `improvementActions[${i}].dueOn`),
    }));
    const revisePlanId = optionalUuid(input.revisePlanId, 'revisePlanId') ?? null;
    let plan: PlanEntity | null = null;
    if (revisePlanId) {
      if (!drill.planIds.includes(revisePlanId))
        throw new DrillException(
          DrillErrorCode.DrillPlanNotExercised,
          `drill ${drill.id} did not exercise plan ${revisePlanId}`,
          { field: 'revisePlanId', planId: revisePlanId },
        );
      plan = await this.plans.require(ctx, revisePlanId, 'revisePlanId');
    }
    for (const [i, a] of actions.entries())
      await this.organisations.requireActive(
        a.ownerOrganisationId,
        `improvementActions[${i}].ownerOrganisationId`,
      );
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = (await this.repository.lock(manager, drill.id))!;
        if (!takesFindings(locked.status))
          throw new DrillException(
            DrillErrorCode.DrillWrongStatus,
            `a ${locked.status} drill takes no findings`,
            { field: 'drillId', status: locked.status },
          );
        const finding = await this.repository.save(manager, DrillFindingEntity, {
          id: randomUUID(),
          drillId: drill.id,
          category,
          severity,
          description,
          revisePlanId,
        });
        const saved: ImprovementActionEntity[] = [];
        for (const a of actions)
          saved.push(
            await this.repository.save(manager, ImprovementActionEntity, {
              id: randomUUID(),
              findingId: finding.id,
              drillId: drill.id,
              regionCode: drill.regionCode,
              ...a,
              status: 'OPEN',
              doneOn: null,
              overdueAnnouncedAt: null,
            }),
          );
        await this.outbox.publish(
          manager,
          DrillFindingRecorded,
          finding.id,
          {
            findingId: finding.id,
            drillId: drill.id,
            regionCode: drill.regionCode,
            category,
            severity,
            revisePlanId,
            actions: saved.map((a) => ({
              actionId: a.id,
              ownerOrganisationId: a.ownerOrganisationId,
              dueOn: a.dueOn,
            })),
          },
          eventContext(ctx),
        );
        if (plan) {
          const task = await this.repository.save(manager, PlanRevisionTaskEntity, {
            id: randomUUID(),
            planId: plan.id,
            findingId: finding.id,
            drillId: drill.id,
            openedAt: now,
            planStatus: plan.status,
            versionAtOpening: await this.versions.versionInForce(manager, plan.id),
            status: 'OPEN',
            revisedInVersion: null,
            closeReason: null,
            reasonText: null,
            closedAt: null,
          });
          await this.outbox.publish(
            manager,
            PlanRevisionTaskOpened,
            task.id,
            {
              taskId: task.id,
              planId: plan.id,
              findingId: finding.id,
              drillId: drill.id,
              planStatus: plan.status,
              versionAtOpening: task.versionAtOpening,
              openedAt: now.toISOString(),
            },
            eventContext(ctx),
          );
        }
        return finding;
      },
      { forgets: [FINDINGS_OF_DRILL, TASKS_OF_PLAN] },
    );
  }

  async completeAction(ctx: RequestContext, input: { actionId: string }) {
    requireWriter(ctx);
    const id = requiredUuid(input.actionId, 'actionId');
    const notFound = () =>
      new DrillException(
        DrillErrorCode.ImprovementActionNotFound,
        `improvement action ${id} does not exist or is outside your jurisdiction`,
        { field: 'actionId', id },
      );
    const today = this.today();
    return write(ctx, this.dataSource, async (manager) => {
      const action = await this.repository.lockAction(manager, id);
      if (!action || !inJurisdiction(ctx.identity, action.regionCode)) throw notFound();
      if (action.status === 'DONE')
        throw new DrillException(DrillErrorCode.ImprovementActionDone, `action ${id} is already done`, {
          field: 'actionId',
          doneOn: action.doneOn,
        });
      Object.assign(action, { status: 'DONE', doneOn: today });
      const saved = await manager.getRepository(ImprovementActionEntity).save(action);
      await this.outbox.publish(
        manager,
        ImprovementActionDone,
        saved.id,
        {
          actionId: saved.id,
          findingId: saved.findingId,
          drillId: saved.drillId,
          ownerOrganisationId: saved.ownerOrganisationId,
          dueOn: saved.dueOn,
          doneOn: today,
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async closeTask(ctx: RequestContext, input: ClosePlanRevisionTaskInput) {
    requireWriter(ctx);
    const id = requiredUuid(input.taskId, 'taskId');
    const reason = input.reason ? oneOf(['NO_CHANGE_NEEDED'] as const, input.reason, 'reason') : null;
    const reasonText = optionalText(input.reasonText, 'reasonText', TEXT_MAX);
    if (reason && !reasonText) throw badInput('NO_CHANGE_NEEDED needs the text that says why', 'reasonText');
    if (!reason && reasonText) throw badInput('reasonText goes with the reason NO_CHANGE_NEEDED', 'reason');
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const task = await this.repository.lockTask(manager, id);
      const drill = task ? await this.get(ctx, task.drillId) : null;
      if (!task || !drill)
        throw new DrillException(
          DrillErrorCode.RevisionTaskNotFound,
          `plan revision task ${id} does not exist or is outside your jurisdiction`,
          { field: 'taskId', id },
        );
      if (task.status === 'CLOSED')
        throw new DrillException(DrillErrorCode.RevisionTaskClosed, `task ${id} is already closed`, {
          field: 'taskId',
        });
      switch (closeVerdict(task.versionAtOpening, input.revisedInVersion, reasonText)) {
        case 'NEITHER_OR_BOTH':
          throw new DrillException(
            DrillErrorCode.RevisionTaskNeedsRevisionOrReason,
            'close the task with the revising version or the reason no change was needed, not both',
            { field: 'revisedInVersion' },
          );
        case 'VERSION_NOT_NEWER':
          throw new DrillException(
            DrillErrorCode.RevisionNotNewer,
            `version ${input.revisedInVersion} is not later than version ${task.versionAtOpening}, in force when the task opened`,
            { field: 'revisedInVersion', versionAtOpening: task.versionAtOpening },
          );
        case 'REVISED':
          if (!(await this.versions.version(manager, task.planId, input.revisedInVersion!)))
            throw new DrillException(
              DrillErrorCode.RevisionVersionNotFound,
              `plan ${task.planId} has no version ${input.revisedInVersion}`,
              { field: 'revisedInVersion', planId: task.planId, version: input.revisedInVersion },
            );
          break;
        case 'NO_CHANGE':
          break;
      }
      Object.assign(task, {
        status: 'CLOSED',
        revisedInVersion: input.revisedInVersion ?? null,
        closeReason: reason,
        reasonText,
        closedAt: now,
      });
      const saved = await manager.getRepository(PlanRevisionTaskEntity).save(task);
      await this.outbox.publish(
        manager,
        PlanRevisionTaskClosed,
        saved.id,
        {
          taskId: saved.id,
          planId: saved.planId,
          findingId: saved.findingId,
          revisedInVersion: saved.revisedInVersion,
          reason,
          reasonText,
          closedAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  /** The rules in force for a region: those of the longest prefix with rules, as a whole set. */
  async rules(regionCode: string): Promise<DrillRuleEntity[]> {
    const code = requiredRegionCode(regionCode, 'regionCode');
    return rulesOfMostSpecificPrefix(await this.repository.rules(), code);
  }

  /** Replaces a jurisdiction's drill rules (admins; '' is the national rules). */
  async setRules(ctx: RequestContext, input: SetDrillRulesInput) {
    requireRole(ctx, 'admin');
    const prefix = input.regionPrefix;
    if (!/^([0-9]{2}){0,3}$/.test(prefix))
      throw badInput('regionPrefix is empty (national) or 2, 4 or 6 digits of a region code', 'regionPrefix');
    const own = ctx.identity.regionCode;
    if (own && !prefix.startsWith(regionPrefix(own)))
      throw new DrillException(
        CommonErrorCode.OutsideJurisdiction,
        `prefix ${prefix} is outside your jurisdiction`,
        {
          field: 'regionPrefix',
        },
      );
    const seen = new Set<string>();
    const rules = input.rules.map((rule, i) => {
      const field = `rules[${i}]`;
      const subject = oneOf(DRILL_RULE_SUBJECTS, rule.subject, `${field}.subject`);
      const subjectValue = checkedSubjectValue(subject, rule.subjectValue, `${field}.subjectValue`);
      if (seen.has(`${subject}:${subjectValue}`))
        throw badInput(`${subject} ${subjectValue} is ruled twice`, `${field}.subjectValue`);
      seen.add(`${subject}:${subjectValue}`);
      if (!Number.isInteger(rule.intervalMonths) || rule.intervalMonths < 1 || rule.intervalMonths > 120)
        throw badInput(`${field}.intervalMonths must be 1 to 120`, `${field}.intervalMonths`);
      return {
        subject,
        subjectValue,
        intervalMonths: rule.intervalMonths,
        source: requiredText(rule.source, `${field}.source`, 1000),
      };
    });
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.replaceRules(manager, prefix, rules);
      await this.outbox.publish(
        manager,
        DrillRulesSet,
        prefix === '' ? 'national' : prefix,
        {
          regionPrefix: prefix,
          rules: saved.map((r) => ({
            ruleId: r.id,
            subject: r.subject,
            subjectValue: r.subjectValue,
            intervalMonths: r.intervalMonths,
            source: r.source,
          })),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async setRegime(ctx: RequestContext, input: { organisationId: string; regime?: DrillRegime | null }) {
    requireWriter(ctx);
    const organisationId = requiredUuid(input.organisationId, 'organisationId');
    const regime = input.regime ? oneOf(DRILL_REGIMES, input.regime, 'regime') : null;
    const organisation = await this.organisations.requireActive(organisationId, 'organisationId');
    requireJurisdiction(ctx, organisation.regionCode, 'organisationId');
    const now = this.clock.now();
    await write(ctx, this.dataSource, async (manager) => {
      await this.repository.setRegime(manager, organisationId, regime, now);
      await this.outbox.publish(
        manager,
        DrillRegimeSet,
        organisationId,
        { organisationId, regime },
        eventContext(ctx),
      );
    });
    const rule = ruleForOrganisation(
      await this.repository.rules(),
      organisation.regionCode,
      organisation.type,
      regime,
    );
    return { organisationId, regime, rule };
  }

  async undrilledUnits(
    ctx: RequestContext,
    regionCode: string,
    asOf: string | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    const { day, prefix } = complianceScope(ctx, regionCode, asOf, this.today());
    const after = afterKey(page, ['uuid'])?.[0];
    const keyOf = (u: UndrilledUnit) => [u.organisationId];
    if (prefix === null) return toConnection([], page, keyOf);
    const [standings, rules] = await Promise.all([
      this.repository.organisationStandings({ regionPrefix: prefix }, day),
      this.repository.rules(),
    ]);
    const units: UndrilledUnit[] = [];
    for (const o of standings) {
      if (after && o.id <= after) continue;
      const rule = ruleForOrganisation(rules, o.regionCode, o.type, o.regime);
      if (!rule || drilledWithinRule(o.lastDrillOn, rule.intervalMonths, day)) continue;
      units.push({
        organisationId: o.id,
        regionCode: o.regionCode,
        rule,
        lastDrillOn: o.lastDrillOn,
        dueBy: o.lastDrillOn ? nextDrillDueBy(o.lastDrillOn, rule.intervalMonths) : null,
      });
      if (units.length > page.limit) break;
    }
    return toConnection(units, page, keyOf);
  }

  async plansNotDrilled(
    ctx: RequestContext,
    regionCode: string,
    asOf: string | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    const { day, prefix } = complianceScope(ctx, regionCode, asOf, this.today());
    const after = afterKey(page, ['uuid'])?.[0];
    const keyOf = (p: PlanNotDrilled) => [p.planId];
    if (prefix === null) return toConnection([], page, keyOf);
    const rules = await this.repository.rules();
    const planTypes = [...new Set(rules.filter((r) => r.subject === 'PLAN_TYPE').map((r) => r.subjectValue))];
    const standings = await this.repository.planStandings(prefix, planTypes, day);
    const plans: PlanNotDrilled[] = [];
    for (const p of standings) {
      if (after && p.id <= after) continue;
      const rule = ruleForPlan(rules, p.regionCode, p.planType);
      if (!rule) continue;
      // A plan never exercised is due within the interval from the day it was recorded.
      const dueBy = nextDrillDueBy(p.lastDrillOn ?? p.createdOn, rule.intervalMonths);
      if (day <= dueBy) continue;
      plans.push({ planId: p.id, rule, lastDrillOn: p.lastDrillOn, dueBy });
      if (plans.length > page.limit) break;
    }
    return toConnection(plans, page, keyOf);
  }

  async openPastDeadline(
    ctx: RequestContext,
    regionCode: string,
    asOf: string | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    const { day, prefix } = complianceScope(ctx, regionCode, asOf, this.today());
    const keyOf = (a: ImprovementActionEntity) => [a.dueOn, a.id];
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.openPastDeadline(prefix, day, page, afterKey(page, ['date', 'uuid']));
    return toConnection(rows, page, keyOf);
  }

  /** `ids` without repeats, each a plan the caller may see (PLAN_NOT_FOUND naming its place otherwise). */
  async visiblePlanIds(ctx: RequestContext, ids: readonly string[], field: string): Promise<string[]> {
    const unique = [...new Set(ids.map((id, i) => requiredUuid(id, `${field}[${i}]`)))];
    if (unique.length === 0) throw badInput(`${field} names at least one plan`, field);
    for (const [i, id] of unique.entries()) await this.plans.require(ctx, id, `${field}[${i}]`);
    return unique;
  }
}

function checkedSubjectValue(subject: DrillRuleSubject, value: string, field: string): string {
  switch (subject) {
    case 'PLAN_TYPE':
      return oneOf(PLAN_TYPES, value, field);
    case 'REGIME':
      return oneOf(DRILL_REGIMES, value, field);
    case 'ORGANISATION_TYPE':
      if (!/^[A-Z][A-Z_]{1,49}$/.test(value))
        throw badInput(`${field} must be an organisation type such as GOVERNMENT or ENTERPRISE`, field);
      return value;
  }
}
