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
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import type { LeadingGroupChangeEntity } from './leading-group-change.entity';
import type { LeadingGroupMembershipEntity, LeadingGroupRole } from './leading-group-membership.entity';
import type { LeadingGroupEntity } from './leading-group.entity';
import { LeadingGroupHistoryService } from './leading-group-history.service';
import {
  LeadingGroupMemberService,
  type AppointLeadingGroupMemberInput,
  type RemoveLeadingGroupMemberInput,
} from './leading-group-member.service';
import {
  LeadingGroupService,
  type EstablishLeadingGroupInput,
  type LeadingGroupFilter,
  type UpdateLeadingGroupInput,
} from './leading-group.service';

@Resolver('LeadingGroup')
export class LeadingGroupResolver {
  constructor(
    private readonly groups: LeadingGroupService,
    private readonly memberships: LeadingGroupMemberService,
    private readonly changes: LeadingGroupHistoryService,
    private readonly organisations: OrganisationService,
  ) {}

  @Query('leadingGroup')
  leadingGroup(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.groups.get(ctx, id);
  }

  @Query('leadingGroups')
  list(
    @Args('filter') filter: LeadingGroupFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.groups.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('establishLeadingGroup')
  establish(@Args('input') input: EstablishLeadingGroupInput, @Context() ctx: RequestContext) {
    return this.groups.establish(ctx, input);
  }

  @Mutation('appointLeadingGroupMember')
  appoint(@Args('input') input: AppointLeadingGroupMemberInput, @Context() ctx: RequestContext) {
    return this.memberships.appoint(ctx, input);
  }

  @Mutation('removeLeadingGroupMember')
  remove(@Args('input') input: RemoveLeadingGroupMemberInput, @Context() ctx: RequestContext) {
    return this.memberships.remove(ctx, input);
  }

  @Mutation('updateLeadingGroup')
  update(@Args('input') input: UpdateLeadingGroupInput, @Context() ctx: RequestContext) {
    return this.groups.update(ctx, input);
  }

  @ResolveField('organisation')
  organisation(@Parent() group: LeadingGroupEntity, @Context() ctx: RequestContext) {
    return this.organisations.load(ctx, group.organisationId);
  }

  @ResolveField('leader')
  leader(@Parent() group: LeadingGroupEntity, @Context() ctx: RequestContext) {
    return this.memberships.leader(ctx, group);
  }

  @ResolveField('deputyLeaders')
  deputyLeaders(@Parent() group: LeadingGroupEntity, @Context() ctx: RequestContext) {
    return this.memberships.withRole(ctx, group, 'DEPUTY_LEADER');
  }

  @ResolveField('officeDirector')
  async officeDirector(@Parent() group: LeadingGroupEntity, @Context() ctx: RequestContext) {
    return (await this.memberships.withRole(ctx, group, 'OFFICE_DIRECTOR'))[0] ?? null;
  }

  @ResolveField('members')
  members(
    @Parent() group: LeadingGroupEntity,
    @Args('role') role: LeadingGroupRole | undefined,
    @Args('includeEnded') includeEnded: boolean | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.memberships.members(ctx, group, { role, includeEnded }, { first, after });
  }

  @ResolveField('history')
  history(
    @Parent() group: LeadingGroupEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.changes.history(ctx, group, { first, after });
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.groups.get(ctx, reference.id);
  }
}

@Resolver('LeadingGroupMembership')
export class LeadingGroupMembershipResolver {
  constructor(
    private readonly groups: LeadingGroupService,
    private readonly people: PersonService,
  ) {}

  @ResolveField('group')
  group(@Parent() membership: LeadingGroupMembershipEntity, @Context() ctx: RequestContext) {
    return this.groups.get(ctx, membership.groupId);
  }

  @ResolveField('person')
  person(@Parent() membership: LeadingGroupMembershipEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, membership.personId);
  }
}

@Resolver('LeadingGroupChange')
export class LeadingGroupChangeResolver {
  constructor(private readonly people: PersonService) {}

  @ResolveField('person')
  person(@Parent() change: LeadingGroupChangeEntity, @Context() ctx: RequestContext) {
    return change.personId ? this.people.load(ctx, change.personId) : null;
  }

  @ResolveField('replacedPerson')
  replacedPerson(@Parent() change: LeadingGroupChangeEntity, @Context() ctx: RequestContext) {
    return change.replacedPersonId ? this.people.load(ctx, change.replacedPersonId) : null;
  }
}

@Resolver('Organisation')
export class OrganisationLeadingGroupsResolver {
  constructor(private readonly groups: LeadingGroupService) {}

  @ResolveField('leadingGroups')
  leadingGroups(
    @Parent() organisation: OrganisationEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.groups.ofOrganisation(ctx, organisation, { first, after });
  }
}

@Resolver('Person')
export class PersonLeadingGroupsResolver {
  constructor(private readonly memberships: LeadingGroupMemberService) {}

  @ResolveField('leadingGroupMemberships')
  leadingGroupMemberships(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    return this.memberships.membershipsOf(ctx, person);
  }
}
