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
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import type { FundAllocationEntity } from './fund-allocation.entity';
import type { FundContributionEntity } from './fund-contribution.entity';
import {
  FundService,
  type AllocateFundInput,
  type EstablishReconstructionFundInput,
  type RecordFundContributionInput,
} from './reconstruction-fund.service';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';

@Resolver('ReconstructionFund')
export class ReconstructionFundResolver {
  constructor(
    private readonly funds: FundService,
    private readonly incidents: IncidentService,
  ) {}

  @Query('reconstructionFund')
  fund(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, id);
  }

  @Mutation('establishReconstructionFund')
  establish(@Args('input') input: EstablishReconstructionFundInput, @Context() ctx: RequestContext) {
    return this.funds.establish(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return this.incidents.get(ctx, fund.incidentId);
  }

  @ResolveField('managingOrganisation')
  managingOrganisation(@Parent() fund: ReconstructionFundEntity) {
    return this.funds.managingOrganisation(fund);
  }

  @ResolveField('pledgedFen')
  async pledgedFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return (await this.funds.totals(ctx, fund)).pledgedFen;
  }

  @ResolveField('raisedFen')
  async raisedFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return (await this.funds.totals(ctx, fund)).raisedFen;
  }

  @ResolveField('allocatedFen')
  async allocatedFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return (await this.funds.totals(ctx, fund)).allocatedFen;
  }

  @ResolveField('availableFen')
  async availableFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    const totals = await this.funds.totals(ctx, fund);
    return totals.raisedFen - totals.allocatedFen;
  }

  @ResolveField('contributions')
  contributions(
    @Parent() fund: ReconstructionFundEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.funds.contributions(ctx, fund, { first, after });
  }

  @ResolveField('allocations')
  allocations(
    @Parent() fund: ReconstructionFundEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.funds.allocations(ctx, fund, { first, after });
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. NOT_FOUND when dangling. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.funds.fundReference(ctx, reference.id);
  }
}

@Resolver('FundContribution')
export class FundContributionResolver {
  constructor(private readonly funds: FundService) {}

  @Mutation('recordFundContribution')
  record(@Args('input') input: RecordFundContributionInput, @Context() ctx: RequestContext) {
    return this.funds.recordContribution(ctx, input);
  }

  @ResolveField('fund')
  fund(@Parent() contribution: FundContributionEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, contribution.fundId);
  }

  @ResolveField('payerOrganisation')
  payerOrganisation(@Parent() contribution: FundContributionEntity) {
    return this.funds.payerOrganisation(contribution);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.funds.contributionReference(ctx, reference.id);
  }
}

@Resolver('FundAllocation')
export class FundAllocationResolver {
  constructor(private readonly funds: FundService) {}

  @Query('fundAllocation')
  allocation(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.funds.getAllocation(ctx, id);
  }

  @Mutation('allocateFund')
  allocate(@Args('input') input: AllocateFundInput, @Context() ctx: RequestContext) {
    return this.funds.allocate(ctx, input);
  }

  @ResolveField('fund')
  fund(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, allocation.fundId);
  }

  @ResolveField('recipientOrganisation')
  recipientOrganisation(@Parent() allocation: FundAllocationEntity) {
    return this.funds.recipientOrganisation(allocation);
  }

  /** AllocationSource.contribution and .amountFen are plain properties of what this returns. */
  @ResolveField('sources')
  sources(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return this.funds.sources(ctx, allocation);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.funds.allocationReference(ctx, reference.id);
  }
}

/** `Incident.funds`, kept with the funds so the incident feature does not depend on them. */
@Resolver('Incident')
export class IncidentFundsResolver {
  constructor(private readonly fundService: FundService) {}

  @ResolveField('funds')
  funds(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.fundService.fundsOf(ctx, incident);
  }
}
