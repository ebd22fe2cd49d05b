import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  ResolveReference,
} from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ReserveService } from '../reserve/reserve.service';
import type { StockCensusEntity, StockLotEntity } from './stock.entity';
import type { StockLevelRow } from './stock.repository';
import {
  StockService,
  type AdjustStockInput,
  type IssueStockInput,
  type ReceiveStockInput,
  type RecordStockCensusInput,
  type ReturnStockInput,
  type SetMinimumStockInput,
  type SetStockRulesInput,
  type StockFilter,
  type TransferStockInput,
} from './stock.service';

@Resolver('StockLot')
export class StockLotResolver {
  constructor(private readonly stock: StockService) {}

  @Query('stockLot')
  lot(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.stock.lot(ctx, id);
  }

  @Query('stock')
  levels(
    @Args('filter') filter: StockFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.stock(ctx, filter ?? {}, { first, after });
  }

  @Query('lotsExpiringWithin')
  expiring(
    @Args('regionCode') regionCode: string,
    @Args('days') days: number | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.expiringWithin(ctx, regionCode, days, { first, after });
  }

  @Query('stockBelowMinimum')
  belowMinimum(
    @Args('regionCode') regionCode: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.belowMinimum(ctx, regionCode, { first, after });
  }

  @Query('stockRules')
  rules(@Args('regionCode') regionCode: string) {
    return this.stock.rules(regionCode);
  }

  @Query('stockNear')
  near(
    @Args('itemCode') itemCode: string,
    @Args('latitude') latitude: number,
    @Args('longitude') longitude: number,
    @Args('hours') hours: number,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.near(ctx, { itemCode, latitude, longitude, hours, first, after });
  }

  @Mutation('receiveStock')
  receive(@Args('input') input: ReceiveStockInput, @Context() ctx: RequestContext) {
    return this.stock.receive(ctx, input);
  }

  @Mutation('issueStock')
  issue(@Args('input') input: IssueStockInput, @Context() ctx: RequestContext) {
    return this.stock.issue(ctx, input);
  }

  @Mutation('transferStock')
  transfer(@Args('input') input: TransferStockInput, @Context() ctx: RequestContext) {
    return this.stock.transfer(ctx, input);
  }

  @Mutation('adjustStock')
  adjust(@Args('input') input: AdjustStockInput, @Context() ctx: RequestContext) {
    return this.stock.adjust(ctx, input);
  }

  @Mutation('returnStock')
  returnStock(@Args('input') input: ReturnStockInput, @Context() ctx: RequestContext) {
    return this.stock.return(ctx, input);
  }

  @Mutation('setMinimumStock')
  setMinimum(@Args('input') input: SetMinimumStockInput, @Context() ctx: RequestContext) {
    return this.stock.setMinimum(ctx, input);
  }

  @Mutation('setStockRules')
  setRules(@Args('input') input: SetStockRulesInput, @Context() ctx: RequestContext) {
    return this.stock.setRules(ctx, input);
  }

  @ResolveField('valueFen')
  valueFen(@Parent() lot: StockLotEntity) {
    return BigInt(lot.quantityOnHand) * lot.unitValueFen;
  }

  @ResolveField('movements')
  movements(
    @Parent() lot: StockLotEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.movementsOf(ctx, lot.id, { first, after });
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.stock.lot(ctx, reference.id);
  }
}

@Resolver('StockLevel')
export class StockLevelResolver {
  constructor(private readonly stock: StockService) {}

  @ResolveField('lots')
  lots(@Parent() level: StockLevelRow, @Context() ctx: RequestContext) {
    return this.stock.lots(ctx, level.lotIds);
  }
}

@Resolver('StockCensus')
export class StockCensusResolver {
  constructor(private readonly stock: StockService) {}

  @Query('stockCensus')
  census(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.stock.census(ctx, id);
  }

  @Query('stockCensuses')
  censuses(
    @Args('reservePointId') reservePointId: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.censuses(ctx, reservePointId, { first, after });
  }

  @Query('reservePointsDueForCensus')
  due(
    @Args('regionCode') regionCode: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.stock.dueForCensus(ctx, regionCode, { first, after });
  }

  @Mutation('recordStockCensus')
  record(@Args('input') input: RecordStockCensusInput, @Context() ctx: RequestContext) {
    return this.stock.recordCensus(ctx, input);
  }

  @ResolveField('lines')
  lines(@Parent() census: StockCensusEntity, @Context() ctx: RequestContext) {
    return this.stock.censusLines(ctx, census.id);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.stock.census(ctx, reference.id);
  }
}

/** Where goods are kept, for every type of this feature that names a reserve point. */
@Resolver()
abstract class ReservePointField {
  constructor(protected readonly reserves: ReserveService) {}

  @ResolveField('reservePoint')
  reservePoint(@Parent() row: { reservePointId: string }, @Context() ctx: RequestContext) {
    return this.reserves.get(ctx, row.reservePointId);
  }
}

/** {@link ReservePointField}, and what the goods are, for the types that name a catalogue item. */
@Resolver()
abstract class PlaceAndItemFields extends ReservePointField {
  constructor(
    reserves: ReserveService,
    private readonly catalogue: CatalogueService,
  ) {
    super(reserves);
  }

  @ResolveField('item')
  item(@Parent() row: { itemCode: string }, @Context() ctx: RequestContext) {
    return this.catalogue.get(ctx, row.itemCode);
  }
}

@Resolver('StockLot')
export class StockLotPlaceResolver extends PlaceAndItemFields {}

@Resolver('StockLevel')
export class StockLevelPlaceResolver extends PlaceAndItemFields {}

@Resolver('StockNearby')
export class StockNearbyPlaceResolver extends ReservePointField {}
