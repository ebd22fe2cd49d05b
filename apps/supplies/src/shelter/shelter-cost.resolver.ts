import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { ShelterCostEntity } from './shelter-cost.entity';
import {
  ShelterCostService,
  type PayShelterCostInput,
  type RefundShelterCostInput,
} from './shelter-cost.service';
import type { ShelterEntity } from './shelter.entity';

@Resolver('ShelterCost')
export class ShelterCostResolver {
  constructor(private readonly costs: ShelterCostService) {}

  @Mutation('payShelterCost')
  pay(@Args('input') input: PayShelterCostInput, @Context() ctx: RequestContext) {
    return this.costs.pay(ctx, input);
  }

  @Mutation('refundShelterCost')
  refund(@Args('input') input: RefundShelterCostInput, @Context() ctx: RequestContext) {
    return this.costs.refund(ctx, input);
  }

  @ResolveField('netPaidFen')
  netPaid(@Parent() cost: ShelterCostEntity) {
    return cost.amountFen - cost.refundedFen;
  }

  @ResolveField('allocation')
  allocation(@Parent() cost: ShelterCostEntity) {
    return entityRef('FundAllocation', cost.allocationId);
  }

  @ResolveField('payments')
  async payments(@Parent() cost: ShelterCostEntity, @Context() ctx: RequestContext) {
    return (await this.costs.paymentsOf(ctx, cost.id)).map((p) => ({
      allocation: entityRef('FundAllocation', p.allocationId),
      amountFen: p.amountFen,
      origins: p.origins.map((o) => ({
        contributionId: o.contributionId,
        amountFen: o.amountFen,
        refundedFen: o.refundedFen,
      })),
    }));
  }

  @ResolveField('payerOrganisation')
  payerOrganisation(@Parent() cost: ShelterCostEntity) {
    return entityRef('Organisation', cost.payerOrganisationId);
  }

  @ResolveField('incident')
  incident(@Parent() cost: ShelterCostEntity) {
    return entityRef('Incident', cost.incidentId);
  }
}

/** The costs on `Shelter`. */
@Resolver('Shelter')
export class ShelterCostsResolver {
  constructor(private readonly costs: ShelterCostService) {}

  @ResolveField('costs')
  costsOf(
    @Parent() shelter: ShelterEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
  ) {
    return this.costs.ofShelter(shelter, { first, after });
  }
}
