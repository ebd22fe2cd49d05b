import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { PlanEntity } from './plan.entity';
import { PlanService, type DraftContingencyPlanInput, type PlanFilter } from './plan.service';

@Resolver('ContingencyPlan')
export class PlanResolver {
  constructor(private readonly plans: PlanService) {}

  @Query('contingencyPlan')
  plan(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.plans.get(ctx, id);
  }

  @Query('contingencyPlans')
  list(
    @Args('filter') filter: PlanFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.plans.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('draftContingencyPlan')
  draft(@Args('input') input: DraftContingencyPlanInput, @Context() ctx: RequestContext) {
    return this.plans.draft(ctx, input);
  }

  @ResolveField('owner')
  owner(@Parent() plan: PlanEntity) {
    return entityRef('Organisation', plan.ownerOrganisationId);
  }

  @ResolveField('lead')
  lead(@Parent() plan: PlanEntity) {
    return entityRef('Organisation', plan.leadOrganisationId);
  }

  @ResolveField('parent')
  parent(@Parent() plan: PlanEntity, @Context() ctx: RequestContext) {
    return plan.parentPlanId ? this.plans.get(ctx, plan.parentPlanId) : null;
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.plans.get(ctx, reference.id);
  }
}

/** `Organisation.plans` on the organisations subgraph's entity. */
@Resolver('Organisation')
export class OrganisationPlansResolver {
  constructor(private readonly plans: PlanService) {}

  @ResolveField('plans')
  plansOf(
    @Parent() organisation: { id: string },
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.plans.ofOrganisation(ctx, organisation.id, { first, after });
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }) {
    return { id: reference.id };
  }
}
