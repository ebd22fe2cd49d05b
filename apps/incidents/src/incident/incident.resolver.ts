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
import type { IncidentEntity } from './incident.entity';
import type { PageArgs } from '@emergency/paging';
import { IncidentService, type IncidentFilter, type ReportIncidentInput } from './incident.service';

@Resolver('Incident')
export class IncidentResolver {
  constructor(private readonly incidents: IncidentService) {}

  @Query('incident')
  incident(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.incidents.get(ctx, id);
  }

  @Query('incidents')
  list(
    @Args('filter') filter: IncidentFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    const page: PageArgs = { first, after };
    return this.incidents.list(ctx, filter ?? {}, page);
  }

  @Mutation('reportIncident')
  report(@Args('input') input: ReportIncidentInput, @Context() ctx: RequestContext) {
    return this.incidents.report(ctx, input);
  }

  @ResolveField('reportingOrganisation')
  reportingOrganisation(@Parent() incident: IncidentEntity) {
    return entityRef('Organisation', incident.reportingOrganisationId);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. NOT_FOUND when dangling. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.incidents.reference(ctx, reference.id);
  }
}
