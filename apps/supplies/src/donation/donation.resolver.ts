import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import { StockRepository } from '../stock/stock.repository';
import type { StockLotEntity } from '../stock/stock.entity';
import type { DonationReceiptEntity, DonationReceiptLineEntity } from './donation.entity';
import { remainingOf } from './donation-rules';
import { DonationService, type DonatedGoodsView, type ReceiveDonatedGoodsInput } from './donation.service';

@Resolver('DonatedGoods')
export class DonatedGoodsResolver {
  constructor(private readonly donations: DonationService) {}

  @Query('donatedGoods')
  donatedGoods(
    @Args('allocationId') allocationId: string | undefined,
    @Args('contributionId') contributionId: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.donations.get(ctx, { allocationId, contributionId });
  }

  @Mutation('receiveDonatedGoods')
  receive(@Args('input') input: ReceiveDonatedGoodsInput, @Context() ctx: RequestContext) {
    return this.donations.receive(ctx, input);
  }

  @ResolveField('id')
  id(@Parent() goods: DonatedGoodsView) {
    return goods.donation.id;
  }

  @ResolveField('kind')
  kind(@Parent() goods: DonatedGoodsView) {
    return goods.donation.kind;
  }

  @ResolveField('allocationId')
  allocationId(@Parent() goods: DonatedGoodsView) {
    return goods.donation.kind === 'ALLOCATION' ? goods.donation.id : null;
  }

  @ResolveField('contributionId')
  contributionId(@Parent() goods: DonatedGoodsView) {
    return goods.donation.contributionId;
  }

  @ResolveField('fundId')
  fundId(@Parent() goods: DonatedGoodsView) {
    return goods.donation.fundId;
  }

  @ResolveField('incidentId')
  incidentId(@Parent() goods: DonatedGoodsView) {
    return goods.donation.incidentId;
  }

  @ResolveField('receiver')
  receiver(@Parent() goods: DonatedGoodsView) {
    return entityRef('Organisation', goods.donation.organisationId);
  }

  @ResolveField('description')
  description(@Parent() goods: DonatedGoodsView) {
    return goods.donation.description;
  }

  @ResolveField('valuationBasis')
  valuationBasis(@Parent() goods: DonatedGoodsView) {
    return goods.donation.valuationBasis;
  }

  @ResolveField('donor')
  donor(@Parent() goods: DonatedGoodsView) {
    const c = goods.contribution;
    if (!c?.contributorType) return null;
    return {
      contributorType: c.contributorType,
      channel: c.channel,
      name: c.donorName,
      organisationId: c.donorOrganisationId,
    };
  }

  @ResolveField('direction')
  direction(@Parent() goods: DonatedGoodsView) {
    const c = goods.contribution;
    return c ? { purpose: c.directedPurpose, organisationId: c.directedOrganisationId } : null;
  }

  @ResolveField('lines')
  lines(@Parent() goods: DonatedGoodsView) {
    return goods.lines.map((l) => ({
      goodsLine: l.position,
      description: l.description,
      unit: l.unit,
      unitValueFen: l.unitValueFen,
      stated: l.quantity,
      received: l.receivedQuantity,
      allocatedOnward: l.allocatedOnward,
      remaining: remainingOf(l),
      receivedValueFen: BigInt(l.receivedQuantity) * l.unitValueFen,
    }));
  }

  @ResolveField('receipts')
  receipts(@Parent() goods: DonatedGoodsView, @Context() ctx: RequestContext) {
    return this.donations.receiptsOf(ctx, goods.donation.id);
  }
}

@Resolver('DonationReceipt')
export class DonationReceiptResolver {
  constructor(
    private readonly donations: DonationService,
    private readonly stock: StockRepository,
  ) {}

  @ResolveField('lines')
  async lines(@Parent() receipt: DonationReceiptEntity, @Context() ctx: RequestContext) {
    const lines = await this.donations.receiptLinesOf(ctx, receipt.id);
    const lots = await this.stock.findLotsByIds(lines.map((l) => l.lotId));
    return lines.map((l: DonationReceiptLineEntity) => ({
      goodsLine: l.goodsLine,
      quantity: l.quantity,
      lot: lots.find((lot) => lot.id === l.lotId),
    }));
  }
}

/** The donor and direction of a lot given in kind. */
@Resolver('StockLot')
export class StockLotDonationResolver {
  constructor(private readonly donations: DonationService) {}

  @ResolveField('donation')
  async donation(@Parent() lot: StockLotEntity, @Context() ctx: RequestContext) {
    if (!lot.contributionId || (lot.sourceKind !== 'DONATION' && lot.sourceKind !== 'TRANSFER')) return null;
    const contribution = await this.donations.contributionOf(ctx, lot.contributionId);
    if (!contribution?.contributorType) return null;
    return {
      contributionId: contribution.id,
      allocationId: lot.allocationId,
      contributorType: contribution.contributorType,
      channel: contribution.channel,
      directedPurpose: contribution.directedPurpose,
      directedOrganisationId: contribution.directedOrganisationId,
    };
  }
}
