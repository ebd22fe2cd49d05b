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
import type { RequestContext } from '@emergency/graphql';
import { lineTotalFen, publishedName, type GoodsLine } from './contribution-rules';
import type { FundContributionEntity } from './fund-contribution.entity';
import type { PublicationTotals } from './fund-contribution.repository';
import {
  FundContributionService,
  type CorrectFundContributionInput,
  type PayFundContributionInput,
  type RecordFundContributionInput,
  type WithdrawFundContributionInput,
} from './fund-contribution.service';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundService } from './reconstruction-fund.service';

const goodsLines = (lines: GoodsLine[]) => lines.map((line) => ({ ...line, amountFen: lineTotalFen(line) }));

@Resolver('FundContribution')
export class FundContributionResolver {
  constructor(
    private readonly contributions: FundContributionService,
    private readonly funds: ReconstructionFundService,
  ) {}

  @Mutation('recordFundContribution')
  record(@Args('input') input: RecordFundContributionInput, @Context() ctx: RequestContext) {
    return this.contributions.recordContribution(ctx, input);
  }

  @Mutation('commitFundContribution')
  commit(@Args('input') input: { id: string }, @Context() ctx: RequestContext) {
    return this.contributions.commitContribution(ctx, input.id);
  }

  @Mutation('payFundContribution')
  pay(@Args('input') input: PayFundContributionInput, @Context() ctx: RequestContext) {
    return this.contributions.payContribution(ctx, input);
  }

  @Mutation('withdrawFundContribution')
  withdraw(@Args('input') input: WithdrawFundContributionInput, @Context() ctx: RequestContext) {
    return this.contributions.withdrawContribution(ctx, input);
  }

  @Mutation('correctFundContribution')
  correct(@Args('input') input: CorrectFundContributionInput, @Context() ctx: RequestContext) {
    return this.contributions.correctContribution(ctx, input);
  }

  @ResolveField('fund')
  fund(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, contribution.fundId);
  }

  @ResolveField('contributorName')
  contributorName(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return this.contributions.contributorName(ctx, contribution);
  }

  @ResolveField('payerOrganisation')
  payerOrganisation(@Parent() contribution: FundContributionEntity) {
    return this.contributions.payerOrganisation(contribution);
  }

  @ResolveField('receivingOrganisation')
  receivingOrganisation(@Parent() contribution: FundContributionEntity) {
    return this.contributions.organisation(contribution.receivingOrganisationId);
  }

  @ResolveField('directedOrganisation')
  directedOrganisation(@Parent() contribution: FundContributionEntity) {
    return this.contributions.organisation(contribution.directedOrganisationId);
  }

  @ResolveField('goods')
  async goods(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return goodsLines(await this.contributions.goods(ctx, contribution));
  }

  @ResolveField('corrects')
  corrects(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return contribution.correctsId ? this.contributions.getContribution(ctx, contribution.correctsId) : null;
  }

  @ResolveField('correctedBy')
  correctedBy(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return this.contributions.correctedBy(ctx, contribution);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.contributions.contributionReference(ctx, reference.id);
  }
}

/** `ReconstructionFund.contributions`, kept with the contributions. */
@Resolver('ReconstructionFund')
export class FundContributionsResolver {
  constructor(private readonly contributionService: FundContributionService) {}

  @ResolveField('contributions')
  contributions(
    @Parent() fund: ReconstructionFundEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.contributionService.contributions(ctx, fund, { first, after });
  }
}

/** The donation publication list and its totals. */
@Resolver('DonationPublicationConnection')
export class DonationPublicationResolver {
  constructor(private readonly contributions: FundContributionService) {}

  @Query('donationPublication')
  donationPublication(
    @Args('fundId') fundId: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.contributions.donationPublication(ctx, { fundId, from, to, first, after });
  }

  @ResolveField('count')
  async count(@Parent() list: { totals: () => Promise<PublicationTotals> }) {
    return (await this.totalsOf(list)).count;
  }

  @ResolveField('cashFen')
  async cashFen(@Parent() list: { totals: () => Promise<PublicationTotals> }) {
    return (await this.totalsOf(list)).cashFen;
  }

  @ResolveField('inKindFen')
  async inKindFen(@Parent() list: { totals: () => Promise<PublicationTotals> }) {
    return (await this.totalsOf(list)).inKindFen;
  }

  @ResolveField('totalFen')
  async totalFen(@Parent() list: { totals: () => Promise<PublicationTotals> }) {
    const totals = await this.totalsOf(list);
    return totals.cashFen + totals.inKindFen;
  }

  /** The totals are read once per list, whichever of its fields ask. */
  private totalsOf(list: { totals: () => Promise<PublicationTotals>; read?: Promise<PublicationTotals> }) {
    return (list.read ??= list.totals());
  }
}

/** A paid donation as published: read from the contribution, the contributor's name masked for everyone. */
@Resolver('PublishedDonation')
export class PublishedDonationResolver {
  constructor(private readonly contributions: FundContributionService) {}

  @ResolveField('contribution')
  contribution(@Parent() donation: FundContributionEntity) {
    return donation;
  }

  @ResolveField('contributor')
  contributor(@Parent() donation: FundContributionEntity) {
    return publishedName(donation.contributorType, donation.contributorName);
  }

  @ResolveField('intent')
  intent(@Parent() donation: FundContributionEntity) {
    return donation.directedPurpose || donation.directedOrganisationId ? 'DIRECTED' : 'UNDIRECTED';
  }

  @ResolveField('goods')
  async goods(@Parent() donation: FundContributionEntity, @Context() ctx: RequestContext) {
    return goodsLines(await this.contributions.goods(ctx, donation));
  }

  @ResolveField('directedOrganisation')
  directedOrganisation(@Parent() donation: FundContributionEntity) {
    return this.contributions.organisation(donation.directedOrganisationId);
  }

  @ResolveField('receivingOrganisation')
  receivingOrganisation(@Parent() donation: FundContributionEntity) {
    return this.contributions.organisation(donation.receivingOrganisationId);
  }
}
