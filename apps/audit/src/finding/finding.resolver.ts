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
import {
  entityRef,
  optionalUuid,
  requiredRegionCode,
  requiredUuid,
  type RequestContext,
} from '@emergency/graphql';
import type { Finding, RectificationItem } from './finding.repository';
import {
  FindingService,
  type AdvanceAuditEngagementInput,
  type EngagementFilterInput,
  type FindingFilterInput,
  type IssueAuditFindingInput,
  type IssueProblemListInput,
  type IssueRectificationListInput,
  type OpenAuditEngagementInput,
  type RecordAuditFindingInput,
  type RecordFindingOutcomeInput,
  type RespondToAuditFindingInput,
  type SetRectificationRulesInput,
  type UpdateRectificationItemInput,
  type VerifyAuditFindingInput,
} from './finding.service';

@Resolver('Query')
export class FindingQueryResolver {
  constructor(private readonly findings: FindingService) {}

  @Query('rectificationRules')
  rectificationRules(@Args('regionCode') regionCode: string) {
    return this.findings.rulesInForce(requiredRegionCode(regionCode, 'regionCode'));
  }

  @Query('auditEngagement')
  auditEngagement(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.findings.engagement(ctx, requiredUuid(id, 'id'));
  }

  @Query('auditEngagements')
  auditEngagements(
    @Args('filter') filter: EngagementFilterInput | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.findings.engagements(ctx, filter ?? {}, { first, after });
  }

  @Query('auditFinding')
  auditFinding(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.findings.finding(ctx, requiredUuid(id, 'id'));
  }

  @Query('auditFindings')
  auditFindings(
    @Args('filter') filter: FindingFilterInput | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.findings.findings(ctx, filter ?? {}, { first, after });
  }

  @Query('auditFollowUpRates')
  auditFollowUpRates(
    @Args('regionCode') regionCode: string,
    @Args('incidentId') incidentId: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.findings.rates(
      ctx,
      requiredRegionCode(regionCode, 'regionCode'),
      optionalUuid(incidentId, 'incidentId') ?? null,
    );
  }
}

@Resolver('Mutation')
export class FindingMutationResolver {
  constructor(private readonly findings: FindingService) {}

  @Mutation('setRectificationRules')
  setRectificationRules(@Args('input') input: SetRectificationRulesInput, @Context() ctx: RequestContext) {
    return this.findings.setRules(ctx, input);
  }

  @Mutation('openAuditEngagement')
  openAuditEngagement(@Args('input') input: OpenAuditEngagementInput, @Context() ctx: RequestContext) {
    return this.findings.open(ctx, input);
  }

  @Mutation('advanceAuditEngagement')
  advanceAuditEngagement(@Args('input') input: AdvanceAuditEngagementInput, @Context() ctx: RequestContext) {
    return this.findings.advance(ctx, input);
  }

  @Mutation('recordAuditFinding')
  recordAuditFinding(@Args('input') input: RecordAuditFindingInput, @Context() ctx: RequestContext) {
    return this.findings.record(ctx, input);
  }

  @Mutation('issueAuditFinding')
  issueAuditFinding(@Args('input') input: IssueAuditFindingInput, @Context() ctx: RequestContext) {
    return this.findings.issue(ctx, input);
  }

  @Mutation('respondToAuditFinding')
  respondToAuditFinding(@Args('input') input: RespondToAuditFindingInput, @Context() ctx: RequestContext) {
    return this.findings.respond(ctx, input);
  }

  @Mutation('issueAuditProblemList')
  issueAuditProblemList(@Args('input') input: IssueProblemListInput, @Context() ctx: RequestContext) {
    return this.findings.issueProblemList(ctx, input);
  }

  @Mutation('issueRectificationList')
  issueRectificationList(@Args('input') input: IssueRectificationListInput, @Context() ctx: RequestContext) {
    return this.findings.issueRectificationList(ctx, input);
  }

  @Mutation('updateRectificationItem')
  updateRectificationItem(
    @Args('input') input: UpdateRectificationItemInput,
    @Context() ctx: RequestContext,
  ) {
    return this.findings.updateItem(ctx, input);
  }

  @Mutation('verifyAuditFinding')
  verifyAuditFinding(@Args('input') input: VerifyAuditFindingInput, @Context() ctx: RequestContext) {
    return this.findings.verify(ctx, input);
  }

  @Mutation('recordFindingOutcome')
  recordFindingOutcome(@Args('input') input: RecordFindingOutcomeInput, @Context() ctx: RequestContext) {
    return this.findings.recordOutcome(ctx, input);
  }
}

@Resolver('AuditEngagement')
export class AuditEngagementResolver {
  constructor(private readonly findings: FindingService) {}

  @ResolveReference()
  resolveReference(ref: { id: string }, @Context() ctx: RequestContext) {
    return this.findings.engagement(ctx, ref.id);
  }
}

@Resolver('AuditFinding')
export class AuditFindingResolver {
  constructor(private readonly findings: FindingService) {}

  @ResolveReference()
  resolveReference(ref: { id: string }, @Context() ctx: RequestContext) {
    return this.findings.finding(ctx, ref.id);
  }

  @ResolveField('engagement')
  engagement(@Parent() f: Finding, @Context() ctx: RequestContext) {
    return this.findings.engagementOf(ctx, f);
  }

  @ResolveField('auditedOrganisation')
  auditedOrganisation(@Parent() f: Finding) {
    return entityRef('Organisation', f.auditedOrganisationId);
  }

  @ResolveField('anomalyIds')
  anomalyIds(@Parent() f: Finding, @Context() ctx: RequestContext) {
    return this.findings.anomalyIds(ctx, f.id);
  }

  @ResolveField('recoveryFlowIds')
  recoveryFlowIds(@Parent() f: Finding, @Context() ctx: RequestContext) {
    return this.findings.recoveryFlowIds(ctx, f.id);
  }

  @ResolveField('recommendations')
  recommendations(@Parent() f: Finding, @Context() ctx: RequestContext) {
    return this.findings.recommendations(ctx, f.id);
  }

  @ResolveField('rectification')
  rectification(@Parent() f: Finding) {
    return { ...f.rectification, finding: f };
  }
}

@Resolver('AuditRectification')
export class AuditRectificationResolver {
  constructor(private readonly findings: FindingService) {}

  @ResolveField('items')
  items(@Parent() r: { finding: Finding }, @Context() ctx: RequestContext) {
    return this.findings.items(ctx, r.finding.id);
  }

  @ResolveField('overdue')
  overdue(@Parent() r: { finding: Finding }, @Context() ctx: RequestContext) {
    return this.findings.overdue(ctx, r.finding);
  }
}

@Resolver('AuditRectificationItem')
export class RectificationItemResolver {
  constructor(private readonly findings: FindingService) {}

  @ResolveField('overdue')
  overdue(@Parent() item: RectificationItem) {
    return this.findings.itemOverdue(item);
  }

  @ResolveField('history')
  history(@Parent() item: RectificationItem, @Context() ctx: RequestContext) {
    return this.findings.history(ctx, item.id);
  }
}
