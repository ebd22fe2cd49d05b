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
import type {
  HazardDeadlineChangeEntity,
  HazardEntity,
  HazardTransitionEntity,
  HazardVerificationEntity,
} from './hazard.entity';
import {
  HazardService,
  type ChangeHazardDeadlineInput,
  type CloseHazardInput,
  type HazardFilter,
  type HazardStepInput,
  type PlanHazardRectificationInput,
  type RecordHazardInput,
  type SetHazardRulesInput,
  type VerifyHazardInput,
} from './hazard.service';

@Resolver('Hazard')
export class HazardResolver {
  constructor(private readonly hazards: HazardService) {}

  @Query('hazard')
  hazard(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.hazards.get(ctx, id);
  }

  @Query('hazards')
  list(
    @Args('filter') filter: HazardFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.hazards.list(ctx, filter ?? {}, { first, after });
  }

  @Query('hazardsPastDeadline')
  pastDeadline(
    @Args('regionCode') regionCode: string,
    @Args('asOf') asOf: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.hazards.pastDeadline(ctx, regionCode, asOf, { first, after });
  }

  @Query('hazardSummary')
  summary(@Args('regionCode') regionCode: string, @Context() ctx: RequestContext) {
    return this.hazards.summary(ctx, regionCode);
  }

  @Query('hazardRules')
  rules() {
    return this.hazards.rules();
  }

  @Query('hazardRulesInForce')
  rulesInForce(@Args('regionCode') regionCode: string) {
    return this.hazards.ruleInForce(regionCode);
  }

  @Mutation('recordHazard')
  record(@Args('input') input: RecordHazardInput, @Context() ctx: RequestContext) {
    return this.hazards.record(ctx, input);
  }

  @Mutation('registerHazard')
  register(@Args('input') input: HazardStepInput, @Context() ctx: RequestContext) {
    return this.hazards.register(ctx, input);
  }

  @Mutation('planHazardRectification')
  plan(@Args('input') input: PlanHazardRectificationInput, @Context() ctx: RequestContext) {
    return this.hazards.plan(ctx, input);
  }

  @Mutation('changeHazardDeadline')
  changeDeadline(@Args('input') input: ChangeHazardDeadlineInput, @Context() ctx: RequestContext) {
    return this.hazards.changeDeadline(ctx, input);
  }

  @Mutation('verifyHazardRectification')
  verify(@Args('input') input: VerifyHazardInput, @Context() ctx: RequestContext) {
    return this.hazards.verify(ctx, input);
  }

  @Mutation('closeHazard')
  close(@Args('input') input: CloseHazardInput, @Context() ctx: RequestContext) {
    return this.hazards.close(ctx, input);
  }

  @Mutation('setHazardRules')
  setRules(@Args('input') input: SetHazardRulesInput, @Context() ctx: RequestContext) {
    return this.hazards.setRules(ctx, input);
  }

  @ResolveField('responsibleOrganisation')
  responsibleOrganisation(@Parent() hazard: HazardEntity) {
    return entityRef('Organisation', hazard.responsibleOrganisationId);
  }

  @ResolveField('foundBy')
  foundBy(@Parent() hazard: HazardEntity) {
    return entityRef('Organisation', hazard.foundByOrganisationId);
  }

  @ResolveField('supervisingOrganisation')
  supervisingOrganisation(@Parent() hazard: HazardEntity) {
    return hazard.supervisingOrganisationId
      ? entityRef('Organisation', hazard.supervisingOrganisationId)
      : null;
  }

  @ResolveField('fixedOnTheSpot')
  fixedOnTheSpot(@Parent() hazard: HazardEntity) {
    return hazard.onTheSpot;
  }

  @ResolveField('rectification')
  rectification(@Parent() hazard: HazardEntity) {
    if (hazard.fixItem === null) return null;
    return {
      item: hazard.fixItem,
      measures: hazard.fixMeasures,
      fundsFen: hazard.fixFundsFen,
      responsiblePersonId: hazard.fixPersonId,
      deadline: hazard.deadline,
      reviewerPersonId: hazard.reviewerPersonId,
    };
  }

  @ResolveField('overdue')
  overdue(@Parent() hazard: HazardEntity) {
    return this.hazards.overdue(hazard);
  }

  @ResolveField('history')
  async history(@Parent() hazard: HazardEntity, @Context() ctx: RequestContext) {
    const rows: HazardTransitionEntity[] = await this.hazards.history(ctx, hazard);
    return rows.map((t) => ({
      from: t.fromStatus,
      to: t.toStatus,
      changedBy: t.changedBy,
      changedAt: t.changedAt,
      note: t.note,
    }));
  }

  @ResolveField('verifications')
  verifications(
    @Parent() hazard: HazardEntity,
    @Context() ctx: RequestContext,
  ): Promise<HazardVerificationEntity[]> {
    return this.hazards.verifications(ctx, hazard);
  }

  @ResolveField('deadlineChanges')
  deadlineChanges(
    @Parent() hazard: HazardEntity,
    @Context() ctx: RequestContext,
  ): Promise<HazardDeadlineChangeEntity[]> {
    return this.hazards.deadlineChanges(ctx, hazard);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.hazards.get(ctx, reference.id);
  }
}
