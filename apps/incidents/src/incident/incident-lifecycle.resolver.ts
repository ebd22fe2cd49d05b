import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { IncidentCategory, IncidentEntity } from './incident.entity';
import type { IncidentResponseEntity } from './incident-lifecycle.entities';
import {
  IncidentLifecycleService,
  type ChangeIncidentStatusInput,
  type DecideIncidentGradeInput,
  type DeclareIncidentResponseInput,
  type GradeSuggestionInput,
  type LiftIncidentResponseInput,
  type SetGradingRulesInput,
} from './incident-lifecycle.service';

/** The category tree, grading rules and the lifecycle mutations. */
@Resolver()
export class IncidentLifecycleResolver {
  constructor(private readonly lifecycle: IncidentLifecycleService) {}

  @Query('emergencyCategories')
  emergencyCategories() {
    return this.lifecycle.categories();
  }

  @Query('gradeSuggestion')
  gradeSuggestion(@Args('input') input: GradeSuggestionInput, @Context() ctx: RequestContext) {
    return this.lifecycle.gradeSuggestion(ctx, input);
  }

  @Query('gradingRules')
  gradingRules(
    @Args('regionCode') regionCode: string,
    @Args('category') category: IncidentCategory,
    @Args('subcategory') subcategory: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.lifecycle.gradingRules(ctx, regionCode, category, subcategory);
  }

  @Mutation('setGradingRules')
  setGradingRules(@Args('input') input: SetGradingRulesInput, @Context() ctx: RequestContext) {
    return this.lifecycle.setGradingRules(ctx, input);
  }

  @Mutation('decideIncidentGrade')
  decideIncidentGrade(@Args('input') input: DecideIncidentGradeInput, @Context() ctx: RequestContext) {
    return this.lifecycle.decideGrade(ctx, input);
  }

  @Mutation('declareIncidentResponse')
  declareIncidentResponse(
    @Args('input') input: DeclareIncidentResponseInput,
    @Context() ctx: RequestContext,
  ) {
    return this.lifecycle.declareResponse(ctx, input);
  }

  @Mutation('liftIncidentResponse')
  liftIncidentResponse(@Args('input') input: LiftIncidentResponseInput, @Context() ctx: RequestContext) {
    return this.lifecycle.liftResponse(ctx, input);
  }

  @Mutation('changeIncidentStatus')
  changeIncidentStatus(@Args('input') input: ChangeIncidentStatusInput, @Context() ctx: RequestContext) {
    return this.lifecycle.changeStatus(ctx, input);
  }
}

/** The grade, response and status fields of `Incident`. */
@Resolver('Incident')
export class IncidentLifecycleFieldsResolver {
  constructor(private readonly lifecycle: IncidentLifecycleService) {}

  @ResolveField('gradeSuggestion')
  gradeSuggestion(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.lifecycle.suggestionOf(ctx, incident);
  }

  @ResolveField('gradeDecisions')
  gradeDecisions(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.lifecycle.gradeDecisions(ctx, incident);
  }

  @ResolveField('responseLevel')
  responseLevel(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.lifecycle.responseLevel(ctx, incident);
  }

  @ResolveField('responses')
  responses(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.lifecycle.responses(ctx, incident);
  }

  @ResolveField('statusHistory')
  statusHistory(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.lifecycle.statusHistory(ctx, incident);
  }
}

/** `IncidentResponse.declaringOrganisation`: a reference the organisations subgraph resolves. */
@Resolver('IncidentResponse')
export class IncidentResponseResolver {
  @ResolveField('declaringOrganisation')
  declaringOrganisation(@Parent() response: IncidentResponseEntity) {
    return entityRef('Organisation', response.declaringOrganisationId);
  }
}
