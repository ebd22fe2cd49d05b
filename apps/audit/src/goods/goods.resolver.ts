import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { requiredRegionCode, requiredUuid, type RequestContext } from '@emergency/graphql';
import type { GoodsOutcomes } from './goods-book';
import { GoodsService, shipmentOf, type GoodsOfSourceModel, type GoodsTraceModel } from './goods.service';

@Resolver('Query')
export class GoodsQueryResolver {
  constructor(private readonly goods: GoodsService) {}

  @Query('goodsOfAllocation')
  goodsOfAllocation(@Args('allocationId') id: string, @Context() ctx: RequestContext) {
    return this.goods.goodsOfAllocation(ctx, requiredUuid(id, 'allocationId'));
  }

  @Query('goodsOfContribution')
  goodsOfContribution(@Args('contributionId') id: string, @Context() ctx: RequestContext) {
    return this.goods.goodsOfContribution(ctx, requiredUuid(id, 'contributionId'));
  }

  @Query('goodsOfProcurement')
  goodsOfProcurement(@Args('procurementId') id: string, @Context() ctx: RequestContext) {
    return this.goods.goodsOfProcurement(ctx, requiredUuid(id, 'procurementId'));
  }

  @Query('goodsTrace')
  goodsTrace(@Args('lotId') id: string, @Context() ctx: RequestContext) {
    return this.goods.trace(ctx, requiredUuid(id, 'lotId'));
  }

  @Query('goodsInTransit')
  goodsInTransit(
    @Args('regionCode') regionCode: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    const region = regionCode ? requiredRegionCode(regionCode, 'regionCode') : undefined;
    return this.goods.inTransit(ctx, region, { first, after });
  }

  @Query('goodsTotals')
  goodsTotals(@Args('fundId') id: string, @Context() ctx: RequestContext) {
    return this.goods.totals(ctx, requiredUuid(id, 'fundId'));
  }
}

@Resolver('GoodsOutcomes')
export class GoodsOfSourceResolver {
  constructor(private readonly goods: GoodsService) {}

  @ResolveField('shipments')
  shipments(@Parent() outcomes: GoodsOfSourceModel) {
    const now = this.goods.now();
    return outcomes.shipments.map((m) =>
      shipmentOf(
        m,
        outcomes.lots.find((l) => l.id === m.lotId),
        now,
      ),
    );
  }
}

@Resolver('GoodsAtShelter')
export class GoodsAtShelterResolver {
  @ResolveField('shelter')
  shelter(@Parent() at: { shelterId: string | null }) {
    return at.shelterId ? { __typename: 'Shelter', id: at.shelterId } : null;
  }
}

@Resolver('GoodsAtPoint')
export class GoodsAtPointResolver {
  @ResolveField('reservePoint')
  reservePoint(@Parent() at: { reservePointId: string }) {
    return { __typename: 'ReservePoint', id: at.reservePointId };
  }
}

@Resolver('GoodsTrace')
export class GoodsTraceResolver {
  constructor(private readonly goods: GoodsService) {}

  @ResolveField('paidBy')
  paidBy(@Parent() trace: GoodsTraceModel) {
    return this.goods.paidBy(trace);
  }

  @ResolveField('madeFrom')
  madeFrom(@Parent() trace: GoodsTraceModel) {
    return trace.chain.slice(1);
  }

  @ResolveField('sourceKind')
  sourceKind(@Parent() trace: GoodsTraceModel) {
    return trace.origin.sourceKind;
  }

  @ResolveField('procurementId')
  procurementId(@Parent() trace: GoodsTraceModel) {
    return trace.origin.procurementId ?? trace.lot.procurementId;
  }

  @ResolveField('allocationId')
  allocationId(@Parent() trace: GoodsTraceModel) {
    return trace.origin.allocationId ?? trace.lot.allocationId;
  }

  @ResolveField('contributionId')
  contributionId(@Parent() trace: GoodsTraceModel) {
    return trace.origin.contributionId ?? trace.lot.contributionId;
  }

  @ResolveField('fundId')
  fundId(@Parent() trace: GoodsTraceModel) {
    return trace.origin.fundId ?? trace.lot.fundId;
  }

  @ResolveField('outcomes')
  outcomes(@Parent() trace: GoodsTraceModel): GoodsOfSourceModel {
    return { ...trace.outcomes, lots: trace.lots };
  }
}

@Resolver('GoodsTotals')
export class GoodsTotalsResolver {
  private static fen(outcomes: GoodsOutcomes, key: keyof GoodsOutcomes) {
    return (outcomes[key] as { valueFen: bigint }).valueFen;
  }

  @ResolveField('receivedFen')
  receivedFen(@Parent() t: GoodsOutcomes) {
    return t.received.valueFen;
  }

  @ResolveField('purchasedFen')
  purchasedFen(@Parent() t: GoodsOutcomes) {
    return t.receivedBySource
      .filter((s) => s.sourceKind === 'PURCHASE')
      .reduce((sum, s) => sum + s.valueFen, 0n);
  }

  @ResolveField('donatedFen')
  donatedFen(@Parent() t: GoodsOutcomes) {
    return t.receivedBySource
      .filter((s) => s.sourceKind === 'DONATION')
      .reduce((sum, s) => sum + s.valueFen, 0n);
  }

  @ResolveField('usedFen')
  usedFen(@Parent() t: GoodsOutcomes) {
    return t.dispatched.valueFen + t.used.valueFen + t.distributed.valueFen;
  }

  @ResolveField('writtenOffFen')
  writtenOffFen(@Parent() t: GoodsOutcomes) {
    return GoodsTotalsResolver.fen(t, 'writtenOff');
  }

  @ResolveField('lostFen')
  lostFen(@Parent() t: GoodsOutcomes) {
    return GoodsTotalsResolver.fen(t, 'lost');
  }

  @ResolveField('onHandFen')
  onHandFen(@Parent() t: GoodsOutcomes) {
    return GoodsTotalsResolver.fen(t, 'onHand');
  }

  @ResolveField('inTransitFen')
  inTransitFen(@Parent() t: GoodsOutcomes) {
    return GoodsTotalsResolver.fen(t, 'inTransit');
  }

  @ResolveField('adjustedFen')
  adjustedFen(@Parent() t: GoodsOutcomes) {
    return GoodsTotalsResolver.fen(t, 'adjusted');
  }

  @ResolveField('outcomes')
  outcomes(@Parent() t: GoodsOfSourceModel) {
    return t;
  }
}

@Resolver('Flow')
export class FlowGoodsResolver {
  constructor(private readonly goods: GoodsService) {}

  @ResolveField('goodsOutcomes')
  goodsOutcomes(
    @Parent() flow: { id: string; stage: string; reverses: string | null },
    @Context() ctx: RequestContext,
  ) {
    return this.goods.goodsOfFlow(ctx, flow);
  }
}
