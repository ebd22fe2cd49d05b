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
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import type { WarningEntity } from './warning.entity';
import {
  WarningService,
  type ChangeWarningInput,
  type IssueWarningInput,
  type LiftWarningInput,
  type WarningFilter,
} from './warning.service';

@Resolver('Warning')
export class WarningResolver {
  constructor(
    private readonly warnings: WarningService,
    private readonly incidents: IncidentService,
  ) {}

  @Query('warning')
  warning(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.warnings.get(ctx, id);
  }

  @Query('warnings')
  list(
    @Args('filter') filter: WarningFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.warnings.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('issueWarning')
  issue(@Args('input') input: IssueWarningInput, @Context() ctx: RequestContext) {
    return this.warnings.issue(ctx, input);
  }

  @Mutation('changeWarning')
  change(@Args('input') input: ChangeWarningInput, @Context() ctx: RequestContext) {
    return this.warnings.change(ctx, input);
  }

  @Mutation('liftWarning')
  lift(@Args('input') input: LiftWarningInput, @Context() ctx: RequestContext) {
    return this.warnings.lift(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() warning: WarningEntity, @Context() ctx: RequestContext) {
    return warning.incidentId ? this.incidents.get(ctx, warning.incidentId) : null;
  }

  @ResolveField('issuingOrganisation')
  issuingOrganisation(@Parent() warning: WarningEntity) {
    return entityRef('Organisation', warning.issuingOrganisationId);
  }

  @ResolveField('messages')
  messages(@Parent() warning: WarningEntity, @Context() ctx: RequestContext) {
    return this.warnings.messages(ctx, warning);
  }

  @ResolveField('capXml')
  capXml(@Parent() warning: WarningEntity, @Context() ctx: RequestContext) {
    return this.warnings.capXml(ctx, warning);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.warnings.reference(ctx, reference.id);
  }
}

/** `Incident.warnings`. */
@Resolver('Incident')
export class IncidentWarningsResolver {
  constructor(private readonly warnings: WarningService) {}

  @ResolveField('warnings')
  warnings_(
    @Parent() incident: IncidentEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.warnings.ofIncident(ctx, incident, { first, after });
  }
}
