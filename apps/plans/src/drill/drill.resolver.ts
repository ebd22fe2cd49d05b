import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import { PlanService } from '../plan/plan.service';
import type {
  AnnualDrillPlanEntity,
  DrillEntity,
  DrillFindingEntity,
  DrillRegime,
  DrillSummary,
  ImprovementActionEntity,
  PlanRevisionTaskEntity,
} from './drill.entity';
import {
  DrillService,
  type ClosePlanRevisionTaskInput,
  type DrillFilter,
  type EvaluateDrillInput,
  type PlanDrillInput,
  type PlanNotDrilled,
  type RecordDrillFindingInput,
  type SetAnnualDrillPlanInput,
  type SetDrillRulesInput,
  type UndrilledUnit,
} from './drill.service';

@Resolver('Drill')
export class DrillResolver {
  constructor(private readonly drills: DrillService) {}

  @Query('drill')
  drill(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.drills.get(ctx, id);
  }

  @Query('drills')
  list(
    @Args('filter') filter: DrillFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.drills.list(ctx, filter ?? {}, { first, after });
  }

  @Query('annualDrillPlan')
  annualDrillPlan(
    @Args('organisationId') organisationId: string,
    @Args('year', { type: () => Int }) year: number,
    @Context() ctx: RequestContext,
  ) {
    return this.drills.annualPlan(ctx, organisationId, year);
  }

  @Query('drillRules')
  drillRules(@Args('regionCode') regionCode: string) {
    return this.drills.rules(regionCode);
  }

  @Query('undrilledUnits')
  undrilledUnits(
    @Args('regionCode') regionCode: string,
    @Args('asOf') asOf: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.drills.undrilledUnits(ctx, regionCode, asOf, { first, after });
  }

  @Query('plansNotDrilled')
  plansNotDrilled(
    @Args('regionCode') regionCode: string,
    @Args('asOf') asOf: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.drills.plansNotDrilled(ctx, regionCode, asOf, { first, after });
  }

  @Query('openFindingsPastDeadline')
  openFindingsPastDeadline(
    @Args('regionCode') regionCode: string,
    @Args('asOf') asOf: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.drills.openPastDeadline(ctx, regionCode, asOf, { first, after });
  }

  @Mutation('setAnnualDrillPlan')
  setAnnualDrillPlan(@Args('input') input: SetAnnualDrillPlanInput, @Context() ctx: RequestContext) {
    return this.drills.setAnnualPlan(ctx, input);
  }

  @Mutation('planDrill')
  planDrill(@Args('input') input: PlanDrillInput, @Context() ctx: RequestContext) {
    return this.drills.plan(ctx, input);
  }

  @Mutation('recordDrillHeld')
  recordDrillHeld(@Args('input') input: { drillId: string; heldOn: string }, @Context() ctx: RequestContext) {
    return this.drills.recordHeld(ctx, input);
  }

  @Mutation('evaluateDrill')
  evaluateDrill(@Args('input') input: EvaluateDrillInput, @Context() ctx: RequestContext) {
    return this.drills.evaluate(ctx, input);
  }

  @Mutation('recordDrillFinding')
  recordDrillFinding(@Args('input') input: RecordDrillFindingInput, @Context() ctx: RequestContext) {
    return this.drills.recordFinding(ctx, input);
  }

  @Mutation('completeImprovementAction')
  completeImprovementAction(@Args('input') input: { actionId: string }, @Context() ctx: RequestContext) {
    return this.drills.completeAction(ctx, input);
  }

  @Mutation('closePlanRevisionTask')
  closePlanRevisionTask(@Args('input') input: ClosePlanRevisionTaskInput, @Context() ctx: RequestContext) {
    return this.drills.closeTask(ctx, input);
  }

  @Mutation('archiveDrill')
  archiveDrill(
    @Args('input') input: { drillId: string; summary: DrillSummary },
    @Context() ctx: RequestContext,
  ) {
    return this.drills.archive(ctx, input);
  }

  @Mutation('setDrillRules')
  setDrillRules(@Args('input') input: SetDrillRulesInput, @Context() ctx: RequestContext) {
    return this.drills.setRules(ctx, input);
  }

  @Mutation('setDrillRegime')
  setDrillRegime(
    @Args('input') input: { organisationId: string; regime?: DrillRegime | null },
    @Context() ctx: RequestContext,
  ) {
    return this.drills.setRegime(ctx, input);
  }

  @ResolveField('plans')
  plans(@Parent() drill: DrillEntity, @Context() ctx: RequestContext) {
    return this.drills.plansOf(ctx, drill);
  }

  @ResolveField('organiser')
  organiser(@Parent() drill: DrillEntity) {
    return entityRef('Organisation', drill.organiserOrganisationId);
  }

  @ResolveField('participants')
  participants(@Parent() drill: DrillEntity) {
    return drill.participants.map((p) => ({ kind: p.kind, participantId: p.id, role: p.role }));
  }

  @ResolveField('evaluation')
  evaluation(@Parent() drill: DrillEntity) {
    return drill.evaluation ?? [];
  }

  @ResolveField('evaluator')
  evaluator(@Parent() drill: DrillEntity) {
    return drill.evaluatorOrganisationId ? entityRef('Organisation', drill.evaluatorOrganisationId) : null;
  }

  @ResolveField('thirdPartyEvaluation')
  thirdPartyEvaluation(@Parent() drill: DrillEntity) {
    return drill.thirdParty;
  }

  @ResolveField('findings')
  findings(@Parent() drill: DrillEntity, @Context() ctx: RequestContext) {
    return this.drills.findings(ctx, drill.id);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.drills.get(ctx, reference.id);
  }
}

@Resolver('DrillFinding')
export class DrillFindingResolver {
  constructor(private readonly drills: DrillService) {}

  @ResolveField('improvementActions')
  improvementActions(@Parent() finding: DrillFindingEntity, @Context() ctx: RequestContext) {
    return this.drills.actions(ctx, finding.id);
  }

  @ResolveField('revisionTask')
  revisionTask(@Parent() finding: DrillFindingEntity, @Context() ctx: RequestContext) {
    return this.drills.revisionTask(ctx, finding.id);
  }
}

@Resolver('ImprovementAction')
export class ImprovementActionResolver {
  constructor(private readonly drills: DrillService) {}

  @ResolveField('owner')
  owner(@Parent() action: ImprovementActionEntity) {
    return entityRef('Organisation', action.ownerOrganisationId);
  }

  @ResolveField('overdue')
  overdue(@Parent() action: ImprovementActionEntity) {
    return this.drills.overdue(action);
  }
}

@Resolver('PlanRevisionTask')
export class PlanRevisionTaskResolver {
  constructor(private readonly plans: PlanService) {}

  @ResolveField('plan')
  plan(@Parent() task: PlanRevisionTaskEntity, @Context() ctx: RequestContext) {
    return this.plans.get(ctx, task.planId);
  }

  @ResolveField('planStatusAtOpening')
  planStatusAtOpening(@Parent() task: PlanRevisionTaskEntity) {
    return task.planStatus;
  }

  @ResolveField('reason')
  reason(@Parent() task: PlanRevisionTaskEntity) {
    return task.closeReason;
  }
}

/** `ContingencyPlan.revisionTasks`: the tasks drill findings opened on a plan. */
@Resolver('ContingencyPlan')
export class PlanRevisionTasksResolver {
  constructor(private readonly drills: DrillService) {}

  @ResolveField('revisionTasks')
  revisionTasks(@Parent() plan: { id: string }, @Context() ctx: RequestContext) {
    return this.drills.revisionTasksOfPlan(ctx, plan.id);
  }
}

@Resolver('AnnualDrillPlan')
export class AnnualDrillPlanResolver {
  @ResolveField('organisation')
  organisation(@Parent() plan: AnnualDrillPlanEntity) {
    return entityRef('Organisation', plan.organisationId);
  }
}

@Resolver('UndrilledUnit')
export class UndrilledUnitResolver {
  @ResolveField('organisation')
  organisation(@Parent() unit: UndrilledUnit) {
    return entityRef('Organisation', unit.organisationId);
  }
}

@Resolver('DrillRegimeAssignment')
export class DrillRegimeAssignmentResolver {
  @ResolveField('organisation')
  organisation(@Parent() assignment: { organisationId: string }) {
    return entityRef('Organisation', assignment.organisationId);
  }
}

@Resolver('PlanNotDrilled')
export class PlanNotDrilledResolver {
  constructor(private readonly plans: PlanService) {}

  @ResolveField('plan')
  plan(@Parent() row: PlanNotDrilled, @Context() ctx: RequestContext) {
    return this.plans.get(ctx, row.planId);
  }
}
