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
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import { PersonService } from '../person/person.service';
import type { DutyShiftEntity } from './duty-shift.entity';
import {
  DutyRosterService,
  type ScheduleDutyRosterInput,
  type ScheduleDutyShiftInput,
} from './duty-roster.service';
import { DutyService, type CancelDutyShiftInput, type DutyShiftFilter } from './duty.service';
import { OnDutyService } from './on-duty.service';

@Resolver('DutyShift')
export class DutyShiftResolver {
  constructor(
    private readonly duty: DutyService,
    private readonly rosters: DutyRosterService,
    private readonly presence: OnDutyService,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
  ) {}

  @Query('dutyShift')
  shift(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.duty.get(ctx, id);
  }

  @Query('dutyShifts')
  list(
    @Args('filter') filter: DutyShiftFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.duty.list(ctx, filter ?? {}, { first, after });
  }

  @Query('onDuty')
  onDuty(
    @Args('organisationId') organisationId: string,
    @Args('at') at: Date | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.presence.onDuty(ctx, organisationId, at);
  }

  @Query('dutyCoverage')
  coverage(
    @Args('organisationId') organisationId: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Context() ctx: RequestContext,
  ) {
    return this.presence.coverage(ctx, organisationId, from, to);
  }

  @Mutation('scheduleDutyShift')
  schedule(@Args('input') input: ScheduleDutyShiftInput, @Context() ctx: RequestContext) {
    return this.rosters.schedule(ctx, input);
  }

  @Mutation('scheduleDutyRoster')
  scheduleRoster(@Args('input') input: ScheduleDutyRosterInput, @Context() ctx: RequestContext) {
    return this.rosters.scheduleRoster(ctx, input);
  }

  @Mutation('cancelDutyShift')
  cancel(@Args('input') input: CancelDutyShiftInput, @Context() ctx: RequestContext) {
    return this.duty.cancel(ctx, input);
  }

  @ResolveField('organisation')
  organisation(@Parent() shift: DutyShiftEntity, @Context() ctx: RequestContext) {
    return this.organisations.load(ctx, shift.organisationId);
  }

  @ResolveField('person')
  person(@Parent() shift: DutyShiftEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, shift.personId);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.duty.get(ctx, reference.id);
  }
}

@Resolver('Organisation')
export class OrganisationDutyResolver {
  constructor(
    private readonly duty: DutyService,
    private readonly presence: OnDutyService,
  ) {}

  @ResolveField('onDuty')
  onDuty(
    @Parent() organisation: OrganisationEntity,
    @Args('at') at: Date | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.presence.onDutyAt(ctx, organisation, at);
  }

  @ResolveField('dutyShifts')
  dutyShifts(
    @Parent() organisation: OrganisationEntity,
    @Args('from') from: Date | undefined,
    @Args('to') to: Date | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.duty.ofOrganisation(ctx, organisation, { from, to }, { first, after });
  }
}
