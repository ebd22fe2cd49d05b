import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import { outstandingOf } from './requisition-rules';
import type {
  PropertyRequisitionEntity,
  RequisitionLine,
  RequisitionPayment,
  StockRequisitionEntity,
  StockRequisitionOwnerEntity,
  StockRequisitionRepaymentEntity,
} from './requisition.entity';
import {
  PropertyRequisitionService,
  type CompensatePropertyInput,
  type PropertyRequisitionFilter,
  type RequisitionPropertyInput,
  type ReturnPropertyInput,
} from './property-requisition.service';
import {
  StockRequisitionService,
  type RepayInKindInput,
  type RepayInMoneyInput,
  type RequisitionStockInput,
  type StockRequisitionFilter,
} from './stock-requisition.service';

const lineView = (l: RequisitionLine) => ({ ...l, valueFen: BigInt(l.valueFen) });
const paymentView = (p: RequisitionPayment) => ({
  allocation: entityRef('FundAllocation', p.allocationId),
  amountFen: BigInt(p.amountFen),
});

@Resolver('StockRequisition')
export class StockRequisitionResolver {
  constructor(private readonly requisitions: StockRequisitionService) {}

  @Query('stockRequisition')
  one(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.requisitions.byId(ctx, id);
  }

  @Query('stockRequisitions')
  list(
    @Args('filter') filter: StockRequisitionFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.requisitions.list(ctx, filter, { first, after });
  }

  @Mutation('requisitionStock')
  requisition(@Args('input') input: RequisitionStockInput, @Context() ctx: RequestContext) {
    return this.requisitions.requisition(ctx, input);
  }

  @Mutation('repayRequisitionInKind')
  repayInKind(@Args('input') input: RepayInKindInput, @Context() ctx: RequestContext) {
    return this.requisitions.repayInKind(ctx, input);
  }

  @Mutation('repayRequisitionInMoney')
  repayInMoney(@Args('input') input: RepayInMoneyInput, @Context() ctx: RequestContext) {
    return this.requisitions.repayInMoney(ctx, input);
  }

  @ResolveField('requisitionerOrganisation')
  requisitioner(@Parent() r: StockRequisitionEntity) {
    return entityRef('Organisation', r.requisitionerOrganisationId);
  }

  @ResolveField('incident')
  incident(@Parent() r: StockRequisitionEntity) {
    return entityRef('Incident', r.incidentId);
  }

  @ResolveField('lines')
  lines(@Parent() r: StockRequisitionEntity) {
    return r.lines.map(lineView);
  }

  @ResolveField('owners')
  async owners(@Parent() r: StockRequisitionEntity, @Context() ctx: RequestContext) {
    return (await this.requisitions.ownersOf(ctx, r.id)).map((o: StockRequisitionOwnerEntity) => ({
      ...o,
      ownerOrganisation: entityRef('Organisation', o.ownerOrganisationId),
      outstandingFen: outstandingOf(o),
    }));
  }

  @ResolveField('repayments')
  async repayments(@Parent() r: StockRequisitionEntity, @Context() ctx: RequestContext) {
    return (await this.requisitions.repaymentsOf(ctx, r.id)).map((p: StockRequisitionRepaymentEntity) => ({
      ...p,
      lines: p.kind === 'IN_KIND' ? (p.lines as RequisitionLine[]).map(lineView) : [],
      payments: p.kind === 'IN_MONEY' ? (p.lines as RequisitionPayment[]).map(paymentView) : [],
    }));
  }
}

@Resolver('PropertyRequisition')
export class PropertyRequisitionResolver {
  constructor(private readonly requisitions: PropertyRequisitionService) {}

  @Query('propertyRequisition')
  one(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.requisitions.byId(ctx, id);
  }

  @Query('propertyRequisitions')
  list(
    @Args('filter') filter: PropertyRequisitionFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.requisitions.list(ctx, filter, { first, after });
  }

  @Mutation('requisitionProperty')
  requisition(@Args('input') input: RequisitionPropertyInput, @Context() ctx: RequestContext) {
    return this.requisitions.requisition(ctx, input);
  }

  @Mutation('returnRequisitionedProperty')
  returnProperty(@Args('input') input: ReturnPropertyInput, @Context() ctx: RequestContext) {
    return this.requisitions.returnProperty(ctx, input);
  }

  @Mutation('compensatePropertyRequisition')
  compensate(@Args('input') input: CompensatePropertyInput, @Context() ctx: RequestContext) {
    return this.requisitions.compensate(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() r: PropertyRequisitionEntity) {
    return entityRef('Incident', r.incidentId);
  }

  @ResolveField('ownerOrganisation')
  ownerOrganisation(@Parent() r: PropertyRequisitionEntity) {
    return entityRef('Organisation', r.ownerOrganisationId);
  }

  @ResolveField('ownerName')
  ownerName(@Parent() r: PropertyRequisitionEntity, @Context() ctx: RequestContext) {
    return this.requisitions.ownerNameFor(ctx, r);
  }

  @ResolveField('settled')
  settled(@Parent() r: PropertyRequisitionEntity) {
    return r.status === 'COMPENSATED' || (r.status === 'RETURNED' && r.condition === 'INTACT');
  }

  @ResolveField('compensationPayments')
  compensationPayments(@Parent() r: PropertyRequisitionEntity) {
    return (r.compensationPayments ?? []).map(paymentView);
  }
}
