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
import type { AllocationItemEntity } from './allocation-item.entity';
import type { AllocationReturnEntity } from './allocation-return.entity';
import {
  FundAllocationService,
  type AllocateFundInput,
  type ReturnAllocationInput,
} from './fund-allocation.service';
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

  @Mutation('returnAllocation')
  returnAllocation(@Args('input') input: ReturnAllocationInput, @Context() ctx: RequestContext) {
    return this.allocations.returnAllocation(ctx, input);
  }

  @Mutation('revokeAllocation')
  revokeAllocation(
    @Args('input') input: { allocationId: string; reason: string },
    @Context() ctx: RequestContext,
  ) {
    return this.allocations.revoke(ctx, input.allocationId, input.reason);
  }

  @ResolveField('goods')
  goods(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.allocations.goods(ctx, allocation);
  }

  @ResolveField('usedFen')
  usedFen(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.allocations.usedFen(ctx, allocation);
  }

  @ResolveField('unspentFen')
  unspentFen(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.allocations.unspentFen(ctx, allocation);
  }

  @ResolveField('returns')
  returns(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.allocations.returns(ctx, allocation);
  }

  @ResolveField('fund')
  fund(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, allocation.fundId);
  }

  @ResolveField('recipientOrganisation')
  recipientOrganisation(@Parent() allocation: FundAllocationEntity) {
    return this.allocations.recipientOrganisation(allocation);
  }

  /** AllocationSource.contribution, .amountFen, .usedFen and .returnedFen are plain properties of what this returns. */
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

/** A return of an allocation; its amounts, destination and reason are plain properties. */
@Resolver('AllocationReturn')
export class AllocationReturnResolver {
  constructor(private readonly allocations: FundAllocationService) {}

  @ResolveField('allocation')
  allocation(@Parent() given: AllocationReturnEntity, @Context() ctx: RequestContext) {
    return this.allocations.returnedFrom(ctx, given);
  }

  /** AllocationReturnSource.contribution and .amountFen are plain properties of what this returns. */
  @ResolveField('sources')
  sources(@Parent() given: AllocationReturnEntity, @Context() ctx: RequestContext) {
    return this.allocations.returnSources(ctx, given);
  }
}

/** A goods line of an in-kind allocation; its value is worked out, the rest are plain properties. */
@Resolver('AllocationGoodsLine')
export class AllocationGoodsLineResolver {
  @ResolveField('amountFen')
  amountFen(@Parent() line: AllocationItemEntity) {
    return BigInt(line.quantity) * line.unitValueFen;
  }
}
