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
import type { FundAllocationEntity } from './fund-allocation.entity';
import { FundAllocationService, type AllocateFundInput } from './fund-allocation.service';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundService } from './reconstruction-fund.service';

@Resolver('FundAllocation')
export class FundAllocationResolver {
  constructor(
    private readonly allocations: FundAllocationService,
    private readonly funds: ReconstructionFundService,
  ) {}

  @Query('fundAllocation')
  allocation(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.allocations.getAllocation(ctx, id);
  }

  @Mutation('allocateFund')
  allocate(@Args('input') input: AllocateFundInput, @Context() ctx: RequestContext) {
    return this.allocations.allocate(ctx, input);
  }

  @ResolveField('fund')
  fund(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, allocation.fundId);
  }

  @ResolveField('recipientOrganisation')
  recipientOrganisation(@Parent() allocation: FundAllocationEntity) {
    return this.allocations.recipientOrganisation(allocation);
  }

  /** AllocationSource.contribution and .amountFen are plain properties of what this returns. */
  @ResolveField('sources')
  sources(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.allocations.sources(ctx, allocation);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.allocations.allocationReference(ctx, reference.id);
  }
}

/** `ReconstructionFund.allocations`, kept with the allocations. */
@Resolver('ReconstructionFund')
export class FundAllocationsResolver {
  constructor(private readonly allocationService: FundAllocationService) {}

  @ResolveField('allocations')
  allocations(
    @Parent() fund: ReconstructionFundEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.allocationService.allocations(ctx, fund, { first, after });
  }
}
