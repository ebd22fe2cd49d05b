import { Args, Context, Mutation, Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import type { FundContributionEntity } from './fund-contribution.entity';
import { FundContributionService, type RecordFundContributionInput } from './fund-contribution.service';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundService } from './reconstruction-fund.service';

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

  @ResolveField('fund')
  fund(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, contribution.fundId);
  }

  @ResolveField('payerOrganisation')
  payerOrganisation(@Parent() contribution: FundContributionEntity) {
    return this.contributions.payerOrganisation(contribution);
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
