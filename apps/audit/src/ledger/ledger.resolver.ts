import { Args, Context, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { FlowRow } from './ledger.repository';
import {
  LedgerService,
  type BreakdownDimension,
  type BreakdownLine,
  type FundTraceModel,
} from './ledger.service';
import type { FlowStage } from './money-book';
import type { ContributionUseRow } from './ledger.repository';

@Resolver('Flow')
export class FlowResolver {
  constructor(private readonly ledger: LedgerService) {}

  @Query('flow')
  flow(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.ledger.flow(ctx, id);
  }

  @ResolveField('fund')
  fund(@Parent() flow: FlowRow) {
    return entityRef('ReconstructionFund', flow.fundId);
  }

  @ResolveField('incident')
  incident(@Parent() flow: FlowRow) {
    return entityRef('Incident', flow.incidentId);
  }

  @ResolveField('payer')
  payer(@Parent() flow: FlowRow) {
    return entityRef('Organisation', flow.payerOrganisationId);
  }

  @ResolveField('payee')
  payee(@Parent() flow: FlowRow) {
    return entityRef('Organisation', flow.payeeOrganisationId);
  }

  @ResolveField('sources')
  sources(@Parent() flow: FlowRow, @Context() ctx: RequestContext) {
    return this.ledger.sources(ctx, flow);
  }

  @ResolveField('uses')
  uses(@Parent() flow: FlowRow, @Context() ctx: RequestContext) {
    return this.ledger.uses(ctx, flow);
  }

  @ResolveField('origins')
  origins(@Parent() flow: FlowRow) {
    return this.ledger.origins(flow);
  }

  @ResolveField('contributionUses')
  contributionUses(
    @Parent() flow: FlowRow,
    @Args('stage') stage: FlowStage | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.ledger.contributionUses(ctx, flow, stage ?? undefined, { first, after });
  }
}

@Resolver('FlowOrigin')
export class FlowOriginResolver {
  constructor(private readonly ledger: LedgerService) {}

  @ResolveField('flow')
  flow(@Parent() origin: { contributionId: string }, @Context() ctx: RequestContext) {
    return this.ledger.flow(ctx, origin.contributionId);
  }
}

@Resolver('ContributionTraceStep')
export class ContributionTraceStepResolver {
  constructor(private readonly ledger: LedgerService) {}

  @ResolveField('flow')
  flow(@Parent() use: ContributionUseRow, @Context() ctx: RequestContext) {
    return this.ledger.flow(ctx, use.flowId);
  }

  @ResolveField('reversal')
  reversal(@Parent() use: ContributionUseRow) {
    return use.reverses !== null;
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.ledger.flow(ctx, reference.id);
  }
}

@Resolver('FundTrace')
export class FundTraceResolver {
  constructor(private readonly ledger: LedgerService) {}

  @Query('fundTrace')
  trace(@Args('fundId') fundId: string, @Context() ctx: RequestContext) {
    return this.ledger.trace(ctx, fundId);
  }

  @Query('fundTraces')
  traces(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.ledger.traces(ctx, { first, after });
  }

  @ResolveField('fund')
  fund(@Parent() trace: FundTraceModel) {
    return entityRef('ReconstructionFund', trace.fundId);
  }

  @ResolveField('incident')
  incident(@Parent() trace: FundTraceModel) {
    return entityRef('Incident', trace.incidentId);
  }

  @ResolveField('raisedFen')
  async raisedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).raisedFen;
  }

  @ResolveField('allocatedFen')
  async allocatedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).allocatedFen;
  }

  @ResolveField('disbursedFen')
  async disbursedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).disbursedFen;
  }

  @ResolveField('usedFen')
  async usedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).usedFen;
  }

  @ResolveField('unallocatedFen')
  async unallocatedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).unallocatedFen;
  }

  @ResolveField('undisbursedFen')
  async undisbursedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).undisbursedFen;
  }

  @ResolveField('unusedFen')
  async unusedFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).unusedFen;
  }

  @ResolveField('cash')
  async cash(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).cash;
  }

  @ResolveField('inKind')
  async inKind(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).inKind;
  }

  /** Deprecated alias of `disbursedFen`. */
  @ResolveField('spentFen')
  async spentFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).disbursedFen;
  }

  /** Deprecated alias of `undisbursedFen`. */
  @ResolveField('unspentFen')
  async unspentFen(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return (await this.ledger.figures(ctx, trace.fundId)).undisbursedFen;
  }

  @ResolveField('reconciled')
  reconciled(@Parent() trace: FundTraceModel) {
    return this.ledger.reconciled(trace.fundId);
  }

  @ResolveField('discrepancies')
  discrepancies(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return this.ledger.discrepancies(ctx, trace.fundId);
  }

  @ResolveField('breakdown')
  breakdown(
    @Parent() trace: FundTraceModel,
    @Args('by') by: BreakdownDimension,
    @Context() ctx: RequestContext,
  ) {
    return this.ledger.breakdown(ctx, trace.fundId, by);
  }

  @ResolveField('balance')
  balance(@Parent() trace: FundTraceModel, @Context() ctx: RequestContext) {
    return this.ledger.balance(ctx, trace.fundId);
  }

  @ResolveField('flows')
  flows(
    @Parent() trace: FundTraceModel,
    @Args('stage') stage: FlowStage | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.ledger.flowsOf(ctx, trace.fundId, stage ?? undefined, { first, after });
  }
}

/** The audit trail on the incidents subgraph's `ReconstructionFund`. */
@Resolver('ReconstructionFund')
export class ReconstructionFundTraceResolver {
  constructor(private readonly ledger: LedgerService) {}

  @ResolveField('trace')
  trace(@Parent() fund: { id: string }, @Context() ctx: RequestContext) {
    return this.ledger.trace(ctx, fund.id);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }) {
    return { id: reference.id };
  }
}

@Resolver('FundBreakdownLine')
export class FundBreakdownLineResolver {
  private static valueFor(line: BreakdownLine, dimension: BreakdownDimension) {
    return line.dimension === dimension ? line.key : null;
  }

  @ResolveField('incident')
  incident(@Parent() line: BreakdownLine) {
    return entityRef('Incident', FundBreakdownLineResolver.valueFor(line, 'INCIDENT'));
  }

  @ResolveField('receivingOrganisation')
  receivingOrganisation(@Parent() line: BreakdownLine) {
    return entityRef('Organisation', FundBreakdownLineResolver.valueFor(line, 'RECEIVING_ORGANISATION'));
  }

  @ResolveField('regionCode')
  regionCode(@Parent() line: BreakdownLine) {
    return FundBreakdownLineResolver.valueFor(line, 'REGION');
  }

  @ResolveField('sourceKind')
  sourceKind(@Parent() line: BreakdownLine) {
    return FundBreakdownLineResolver.valueFor(line, 'SOURCE_KIND');
  }

  @ResolveField('total')
  total(@Parent() line: BreakdownLine) {
    return line.figures;
  }

  @ResolveField('cash')
  cash(@Parent() line: BreakdownLine) {
    return line.figures.cash;
  }

  @ResolveField('inKind')
  inKind(@Parent() line: BreakdownLine) {
    return line.figures.inKind;
  }
}
