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
import { entityRef, requiredRegionCode, type RequestContext } from '@emergency/graphql';
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import type {
  InvestigationEntity,
  InvestigationTeamMemberEntity,
  RectificationItemEntity,
} from './investigation.entity';
import { overdueOn } from './investigation-rules';
import {
  InvestigationService,
  type CompleteRectificationItemInput,
  type ExtendInvestigationInput,
  type ExtendInvestigationReplyInput,
  type OpenInvestigationInput,
  type RecordInvestigationReplyInput,
  type SetInvestigationRuleInput,
  type SubmitInvestigationReportInput,
} from './investigation.service';

@Resolver('Investigation')
export class InvestigationResolver {
  constructor(
    private readonly investigations: InvestigationService,
    private readonly incidents: IncidentService,
  ) {}

  @Query('investigation')
  investigation(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.investigations.get(ctx, id);
  }

  @Query('investigations')
  list(
    @Args('filter') filter: { regionCode?: string; status?: string } | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    if (filter?.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    return this.investigations.list(ctx, filter ?? {}, { first, after });
  }

  @Query('investigationRules')
  rules() {
    return this.investigations.rules();
  }

  @Query('investigationRuleInForce')
  ruleInForce(@Args('regionCode') regionCode: string, @Args('category') category: string) {
    return this.investigations.ruleInForce(requiredRegionCode(regionCode, 'regionCode'), category);
  }

  @Mutation('openInvestigation')
  open(@Args('input') input: OpenInvestigationInput, @Context() ctx: RequestContext) {
    return this.investigations.open(ctx, input);
  }

  @Mutation('extendInvestigation')
  extend(@Args('input') input: ExtendInvestigationInput, @Context() ctx: RequestContext) {
    return this.investigations.extend(ctx, input);
  }

  @Mutation('extendInvestigationReply')
  extendReply(@Args('input') input: ExtendInvestigationReplyInput, @Context() ctx: RequestContext) {
    return this.investigations.extendReply(ctx, input);
  }

  @Mutation('submitInvestigationReport')
  submit(@Args('input') input: SubmitInvestigationReportInput, @Context() ctx: RequestContext) {
    return this.investigations.submitReport(ctx, input);
  }

  @Mutation('recordInvestigationReply')
  reply(@Args('input') input: RecordInvestigationReplyInput, @Context() ctx: RequestContext) {
    return this.investigations.recordReply(ctx, input);
  }

  @Mutation('completeRectificationItem')
  complete(@Args('input') input: CompleteRectificationItemInput, @Context() ctx: RequestContext) {
    return this.investigations.completeItem(ctx, input);
  }

  @Mutation('setInvestigationRule')
  setRule(@Args('input') input: SetInvestigationRuleInput, @Context() ctx: RequestContext) {
    return this.investigations.setRule(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() investigation: InvestigationEntity, @Context() ctx: RequestContext) {
    return this.incidents.get(ctx, investigation.incidentId);
  }

  @ResolveField('leadOrganisation')
  lead(@Parent() investigation: InvestigationEntity) {
    return entityRef('Organisation', investigation.leadOrganisationId);
  }

  @ResolveField('team')
  team(@Parent() investigation: InvestigationEntity, @Context() ctx: RequestContext) {
    return this.investigations.team(ctx, investigation);
  }

  @ResolveField('submittedLate')
  submittedLate(@Parent() investigation: InvestigationEntity) {
    return investigation.submittedOn === null
      ? null
      : overdueOn(investigation.reportDueOn, investigation.submittedOn);
  }

  @ResolveField('reportOverdue')
  reportOverdue(@Parent() investigation: InvestigationEntity) {
    return investigation.reportOverdueAt !== null && investigation.submittedOn === null;
  }

  @ResolveField('replyOverdue')
  replyOverdue(@Parent() investigation: InvestigationEntity) {
    return investigation.replyOverdueAt !== null && investigation.repliedOn === null;
  }

  @ResolveField('rectificationItems')
  items(@Parent() investigation: InvestigationEntity, @Context() ctx: RequestContext) {
    return this.investigations.items(ctx, investigation);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.investigations.reference(ctx, reference.id);
  }
}

@Resolver('InvestigationTeamMember')
export class InvestigationTeamMemberResolver {
  @ResolveField('organisation')
  organisation(@Parent() member: InvestigationTeamMemberEntity) {
    return entityRef('Organisation', member.organisationId);
  }
}

@Resolver('RectificationItem')
export class RectificationItemResolver {
  @ResolveField('ownerOrganisation')
  owner(@Parent() item: RectificationItemEntity) {
    return entityRef('Organisation', item.ownerOrganisationId);
  }

  @ResolveField('overdue')
  overdue(@Parent() item: RectificationItemEntity) {
    return item.overdueAt !== null && item.status === 'OPEN';
  }
}

/** `Incident.investigation`. */
@Resolver('Incident')
export class IncidentInvestigationResolver {
  constructor(private readonly investigations: InvestigationService) {}

  @ResolveField('investigation')
  investigation(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.investigations.ofIncident(ctx, incident);
  }
}
