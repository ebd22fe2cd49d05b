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
import type { ProcurementEntity } from './procurement.entity';
import {
  ProcurementService,
  type ProcurementFilter,
  type RecordProcurementInput,
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

  @Mutation('recordProcurement')
  record(@Args('input') input: RecordProcurementInput, @Context() ctx: RequestContext) {
    return this.procurements.record(ctx, input);
  }

  @ResolveField('allocation')
  allocation(@Parent() procurement: ProcurementEntity) {
    return entityRef('FundAllocation', procurement.allocationId);
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
