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
  ProcurementEntity,
  ProcurementPaymentOriginEntity,
  ProcurementRefundOriginEntity,
} from './procurement.entity';
import {
  netPaidFen,
  ProcurementService,
  type AcceptProcurementDeliveryInput,
  type CancelProcurementInput,
  type PaymentView,
  type ProcurementFilter,
  type ProcurementGoodsView,
  type RecordProcurementInput,
  type RecordProcurementInvoiceInput,
  type RefundProcurementInput,
} from './procurement.service';

@Resolver('Procurement')
export class ProcurementResolver {
  constructor(private readonly procurements: ProcurementService) {}

  @Query('procurement')
  procurement(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.procurements.get(ctx, id);
  }

  @Query('procurements')
  list(
    @Args('filter') filter: ProcurementFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.procurements.list(ctx, filter ?? {}, { first, after });
  }

  @Query('procurementGoods')
  goods(
    @Args('allocationId') allocationId: string | undefined,
    @Args('procurementId') procurementId: string | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.procurements.goods(ctx, { allocationId, procurementId }, { first, after });
  }

  @Mutation('recordProcurement')
  record(@Args('input') input: RecordProcurementInput, @Context() ctx: RequestContext) {
    return this.procurements.record(ctx, input);
  }

  @Mutation('recordProcurementInvoice')
  recordInvoice(@Args('input') input: RecordProcurementInvoiceInput, @Context() ctx: RequestContext) {
    return this.procurements.recordInvoice(ctx, input);
  }

  @Mutation('refundProcurement')
  refund(@Args('input') input: RefundProcurementInput, @Context() ctx: RequestContext) {
    return this.procurements.refund(ctx, input);
  }

  @Mutation('cancelProcurement')
  cancel(@Args('input') input: CancelProcurementInput, @Context() ctx: RequestContext) {
    return this.procurements.cancel(ctx, input);
  }

  @Mutation('acceptProcurementDelivery')
  acceptDelivery(@Args('input') input: AcceptProcurementDeliveryInput, @Context() ctx: RequestContext) {
    return this.procurements.acceptDelivery(ctx, input);
  }

  @ResolveField('allocation')
  allocation(@Parent() procurement: ProcurementEntity) {
    return entityRef('FundAllocation', procurement.allocationId);
  }

  @ResolveField('payments')
  async payments(@Parent() procurement: ProcurementEntity, @Context() ctx: RequestContext) {
    return (await this.procurements.paymentsOf(ctx, procurement.id)).map((p: PaymentView) => ({
      allocation: entityRef('FundAllocation', p.allocationId),
      amountFen: p.amountFen,
      refundedFen: p.refundedFen,
      origins: p.origins.map((o: ProcurementPaymentOriginEntity) => ({
        contributionId: o.contributionId,
        amountFen: o.amountFen,
        refundedFen: o.refundedFen,
      })),
    }));
  }

  @ResolveField('netPaidFen')
  netPaid(@Parent() procurement: ProcurementEntity) {
    return netPaidFen(procurement);
  }

  @ResolveField('invoices')
  invoices(@Parent() procurement: ProcurementEntity, @Context() ctx: RequestContext) {
    return this.procurements.invoicesOf(ctx, procurement.id);
  }

  @ResolveField('refunds')
  async refunds(@Parent() procurement: ProcurementEntity, @Context() ctx: RequestContext) {
    return (await this.procurements.refundsOf(ctx, procurement.id)).map((r) => ({
      ...r,
      givenBack: r.givenBack.map((g: ProcurementRefundOriginEntity) => ({
        allocation: entityRef('FundAllocation', g.allocationId),
        contributionId: g.contributionId,
        amountFen: g.amountFen,
      })),
    }));
  }

  @ResolveField('deliveryAcceptance')
  deliveryAcceptance(@Parent() procurement: ProcurementEntity) {
    if (procurement.status !== 'ACCEPTED' || procurement.receivedQuantity === null) return null;
    return {
      acceptedOn: procurement.acceptedOn,
      receivedQuantity: procurement.receivedQuantity,
      shortfallQuantity: procurement.quantity - procurement.receivedQuantity,
      note: procurement.acceptanceNote,
      acceptedAt: procurement.acceptedAt,
    };
  }

  @ResolveField('stockLots')
  stockLots(@Parent() procurement: ProcurementEntity, @Context() ctx: RequestContext) {
    return this.procurements.stockLotsOf(ctx, procurement.id);
  }

  @ResolveField('payerOrganisation')
  payerOrganisation(@Parent() procurement: ProcurementEntity) {
    return entityRef('Organisation', procurement.payerOrganisationId);
  }

  @ResolveField('incident')
  incident(@Parent() procurement: ProcurementEntity) {
    return entityRef('Incident', procurement.incidentId);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.procurements.get(ctx, reference.id);
  }
}

/** Supplies' fields on the incidents subgraph's `FundAllocation`, and the allocation balance query. */
@Resolver('FundAllocation')
export class FundAllocationSpendingResolver {
  constructor(private readonly procurements: ProcurementService) {}

  @Query('allocationBalance')
  balance(@Args('allocationId') allocationId: string, @Context() ctx: RequestContext) {
    return this.procurements.balance(ctx, allocationId);
  }

  @ResolveField('spentFen')
  spentFen(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.procurements.spentFrom(ctx, reference.id);
  }

  @ResolveField('procurements')
  procurementsOf(
    @Parent() reference: { id: string },
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.procurements.ofAllocation(ctx, reference.id, { first, after });
  }

  /** Any allocation id resolves: one supplies has not learned of yet has spent nothing. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }) {
    return { id: reference.id };
  }
}

/** What a procurement bought, what entered stock and where it went. */
@Resolver('ProcurementGoods')
export class ProcurementGoodsResolver {
  @ResolveField('bought')
  bought(@Parent() goods: ProcurementGoodsView) {
    return { quantity: goods.procurement.quantity, valueFen: goods.procurement.amountFen };
  }

  @ResolveField('accepted')
  accepted(@Parent() goods: ProcurementGoodsView) {
    return goods.procurement.status === 'ACCEPTED' ? goods.procurement.receivedQuantity : null;
  }

  @ResolveField('notInStock')
  notInStock(@Parent() goods: ProcurementGoodsView) {
    const { procurement, whereabouts } = goods;
    // What is still paid for, net of refunds, in whole units at the unit price.
    const paid = Number(netPaidFen(procurement) / procurement.unitPriceFen);
    const quantity = Math.max(0, Math.min(procurement.quantity, paid) - whereabouts.received.quantity);
    return { quantity, valueFen: BigInt(quantity) * procurement.unitPriceFen };
  }
}
