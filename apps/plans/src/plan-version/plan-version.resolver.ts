import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { chinaDateOf } from '@emergency/domain';
import { entityRef, type RequestContext } from '@emergency/graphql';
import { Clock } from '@emergency/subgraph';
import type { PlanEntity } from '../plan/plan.entity';
import { PlanService } from '../plan/plan.service';
import type { PlanOverdueKind, PlanVersionEntity } from './plan-version.entity';
import type { OverdueRow } from './plan-version.repository';
import { overdueOn } from './plan-version-rules';
import {
  PlanVersionService,
  type ApprovePlanInput,
  type EditPlanDraftInput,
  type IssuePlanInput,
  type RecordPlanEvaluationInput,
  type RecordPlanFilingInput,
  type RetirePlanInput,
  type RevisePlanInput,
  type SetPlanCycleRulesInput,
} from './plan-version.service';

/** The lifecycle fields of `ContingencyPlan`, its queries and mutations. */
@Resolver('ContingencyPlan')
export class PlanLifecycleResolver {
  constructor(private readonly versions: PlanVersionService) {}

  @ResolveField('versions')
  versionsOf(
    @Parent() plan: PlanEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.versions.versions(ctx, plan.id, { first, after });
  }

  @ResolveField('currentVersion')
  currentVersion(@Parent() plan: PlanEntity, @Context() ctx: RequestContext) {
    return this.versions.current(ctx, plan.id);
  }

  @ResolveField('draftVersion')
  draftVersion(@Parent() plan: PlanEntity, @Context() ctx: RequestContext) {
    return this.versions.draftOf(ctx, plan.id);
  }

  @ResolveField('evaluations')
  evaluations(
    @Parent() plan: PlanEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.versions.evaluations(ctx, plan.id, { first, after });
  }

  @Query('planCycleRules')
  rules(@Args('regionCode') regionCode: string) {
    return this.versions.rulesInForce(regionCode);
  }

  @Query('overduePlans')
  overdue(
    @Args('regionCode') regionCode: string,
    @Args('kind') kind: PlanOverdueKind | undefined,
    @Args('asOf') asOf: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.versions.overdue(ctx, regionCode, kind, asOf, { first, after });
  }

  @Mutation('revisePlan')
  revise(@Args('input') input: RevisePlanInput, @Context() ctx: RequestContext) {
    return this.versions.revise(ctx, input);
  }

  @Mutation('editPlanDraft')
  editDraft(@Args('input') input: EditPlanDraftInput, @Context() ctx: RequestContext) {
    return this.versions.editDraft(ctx, input);
  }

  @Mutation('approvePlan')
  approve(@Args('input') input: ApprovePlanInput, @Context() ctx: RequestContext) {
    return this.versions.approve(ctx, input);
  }

  @Mutation('issuePlan')
  issue(@Args('input') input: IssuePlanInput, @Context() ctx: RequestContext) {
    return this.versions.issue(ctx, input);
  }

  @Mutation('recordPlanFiling')
  file(@Args('input') input: RecordPlanFilingInput, @Context() ctx: RequestContext) {
    return this.versions.file(ctx, input);
  }

  @Mutation('recordPlanEvaluation')
  evaluate(@Args('input') input: RecordPlanEvaluationInput, @Context() ctx: RequestContext) {
    return this.versions.evaluate(ctx, input);
  }

  @Mutation('retirePlan')
  retire(@Args('input') input: RetirePlanInput, @Context() ctx: RequestContext) {
    return this.versions.retire(ctx, input);
  }

  @Mutation('setPlanCycleRules')
  setRules(@Args('input') input: SetPlanCycleRulesInput, @Context() ctx: RequestContext) {
    return this.versions.setRules(ctx, input);
  }
}

@Resolver('PlanVersion')
export class PlanVersionResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField('sections')
  sections(@Parent() v: PlanVersionEntity) {
    return v;
  }

  @ResolveField('filedWith')
  filedWith(@Parent() v: PlanVersionEntity) {
    return v.filedWithOrganisationId ? entityRef('Organisation', v.filedWithOrganisationId) : null;
  }

  @ResolveField('filedLate')
  filedLate(@Parent() v: PlanVersionEntity) {
    return v.filedOn && v.filingDueOn ? v.filedOn > v.filingDueOn : null;
  }

  @ResolveField('filingOverdue')
  filingOverdue(@Parent() v: PlanVersionEntity) {
    return (
      v.filingDueOn !== null && v.filedOn === null && overdueOn(v.filingDueOn, chinaDateOf(this.clock.now()))
    );
  }
}

@Resolver('PlanEvaluation')
export class PlanEvaluationResolver {
  @ResolveField('onTime')
  onTime(@Parent() e: { evaluatedOn: string; dueOn: string }) {
    return e.evaluatedOn <= e.dueOn;
  }
}

@Resolver('OverduePlan')
export class OverduePlanResolver {
  constructor(private readonly plans: PlanService) {}

  @ResolveField('plan')
  plan(@Parent() row: OverdueRow, @Context() ctx: RequestContext) {
    return this.plans.get(ctx, row.plan_id);
  }

  @ResolveField('dueOn')
  dueOn(@Parent() row: OverdueRow) {
    return row.due_on;
  }
}
