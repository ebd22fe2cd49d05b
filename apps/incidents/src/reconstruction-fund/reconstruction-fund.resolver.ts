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
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import {
  ReconstructionFundService,
  type EstablishReconstructionFundInput,
} from './reconstruction-fund.service';

@Resolver('ReconstructionFund')
export class ReconstructionFundResolver {
  constructor(
    private readonly funds: ReconstructionFundService,
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

  @ResolveField('raisedCashFen')
  async raisedCashFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return (await this.funds.totals(ctx, fund)).raisedCashFen;
  }

  @ResolveField('raisedInKindFen')
  async raisedInKindFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return (await this.funds.totals(ctx, fund)).raisedInKindFen;
  }

  @ResolveField('allocatedFen')
  async allocatedFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    return (await this.funds.totals(ctx, fund)).allocatedFen;
  }

  @ResolveField('availableFen')
  async availableFen(@Parent() fund: ReconstructionFundEntity, @Context() ctx: RequestContext) {
    // Only cash is allocated as money; goods in kind are passed on as goods.
    const totals = await this.funds.totals(ctx, fund);
    return totals.raisedCashFen - totals.allocatedCashFen;
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. NOT_FOUND when dangling. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.funds.fundReference(ctx, reference.id);
  }
}

/** `Incident.funds`, kept with the funds so the incident feature does not depend on them. */
@Resolver('Incident')
export class IncidentFundsResolver {
  constructor(private readonly fundService: ReconstructionFundService) {}

  @ResolveField('funds')
  funds(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.fundService.fundsOf(ctx, incident);
  }
}
