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
import type { PlanActivationEntity } from './activation.entity';
import {
  ActivationService,
  type IncidentLead,
  type SetPlanActivationThresholdsInput,
} from './activation.service';

@Resolver('PlanActivation')
export class ActivationResolver {
  constructor(private readonly activations: ActivationService) {}

  @Query('plansForIncident')
  plansForIncident(@Args('incidentId') incidentId: string, @Context() ctx: RequestContext) {
    return this.activations.forIncident(ctx, incidentId);
  }

  @Query('planActivationThresholds')
  thresholds(@Args('regionCode') regionCode: string) {
    return this.activations.thresholds(regionCode);
  }

  @Mutation('setPlanActivationThresholds')
  setThresholds(@Args('input') input: SetPlanActivationThresholdsInput, @Context() ctx: RequestContext) {
    return this.activations.setThresholds(ctx, input);
  }

  @ResolveField('plan')
  plan(@Parent() activation: PlanActivationEntity, @Context() ctx: RequestContext) {
    return this.activations.planOf(ctx, activation);
  }

  @ResolveField('incident')
  incident(@Parent() activation: PlanActivationEntity) {
    return entityRef('Incident', activation.incidentId);
  }
}

@Resolver('IncidentLead')
export class IncidentLeadResolver {
  @ResolveField('organisation')
  organisation(@Parent() lead: IncidentLead) {
    return entityRef('Organisation', lead.leadOrganisationId);
  }
}

/** `Incident.activatedPlans` on the incidents subgraph's entity. */
@Resolver('Incident')
export class IncidentActivationsResolver {
  constructor(private readonly activations: ActivationService) {}

  @ResolveField('activatedPlans')
  activatedPlans(@Parent() incident: { id: string }, @Context() ctx: RequestContext) {
    return this.activations.inForce(ctx, incident.id);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }) {
    return { id: reference.id };
  }
}

/** `ContingencyPlan.activations`. */
@Resolver('ContingencyPlan')
export class PlanActivationsResolver {
  constructor(private readonly activations: ActivationService) {}

  @ResolveField('activations')
  activationsOf(
    @Parent() plan: { id: string },
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.activations.ofPlan(ctx, plan.id, { first, after });
  }
}
