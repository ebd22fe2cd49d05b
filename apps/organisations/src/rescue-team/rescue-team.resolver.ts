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
import { RegionService } from '../region/region.service';
import type { RescueTeamEntity } from './rescue-team.entity';
import type { RescueTeamMembershipEntity } from './rescue-team-membership.entity';
import {
  RescueTeamEquipmentService,
  type SetRescueTeamEquipmentInput,
} from './rescue-team-equipment.service';
import {
  RescueTeamMemberService,
  type AddRescueTeamMemberInput,
  type RemoveRescueTeamMemberInput,
} from './rescue-team-member.service';
import {
  RescueTeamReadinessService,
  type ChangeRescueTeamReadinessInput,
  type DisbandRescueTeamInput,
} from './rescue-team-readiness.service';
import {
  RescueTeamService,
  type RegisterRescueTeamInput,
  type RescueTeamFilter,
  type UpdateRescueTeamInput,
} from './rescue-team.service';

@Resolver('RescueTeam')
export class RescueTeamResolver {
  constructor(
    private readonly teams: RescueTeamService,
    private readonly rosters: RescueTeamMemberService,
    private readonly equipmentLists: RescueTeamEquipmentService,
    private readonly readiness: RescueTeamReadinessService,
    private readonly organisations: OrganisationService,
    private readonly regions: RegionService,
  ) {}

  @Query('rescueTeam')
  rescueTeam(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.teams.get(ctx, id);
  }

  @Query('rescueTeams')
  list(
    @Args('filter') filter: RescueTeamFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.teams.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('registerRescueTeam')
  register(@Args('input') input: RegisterRescueTeamInput, @Context() ctx: RequestContext) {
    return this.teams.register(ctx, input);
  }

  @Mutation('updateRescueTeam')
  update(@Args('input') input: UpdateRescueTeamInput, @Context() ctx: RequestContext) {
    return this.teams.update(ctx, input);
  }

  @Mutation('addRescueTeamMember')
  addMember(@Args('input') input: AddRescueTeamMemberInput, @Context() ctx: RequestContext) {
    return this.rosters.addMember(ctx, input);
  }

  @Mutation('removeRescueTeamMember')
  removeMember(@Args('input') input: RemoveRescueTeamMemberInput, @Context() ctx: RequestContext) {
    return this.rosters.removeMember(ctx, input);
  }

  @Mutation('setRescueTeamEquipment')
  setEquipment(@Args('input') input: SetRescueTeamEquipmentInput, @Context() ctx: RequestContext) {
    return this.equipmentLists.setEquipment(ctx, input);
  }

  @Mutation('changeRescueTeamReadiness')
  changeReadiness(@Args('input') input: ChangeRescueTeamReadinessInput, @Context() ctx: RequestContext) {
    return this.readiness.changeReadiness(ctx, input);
  }

  @Mutation('disbandRescueTeam')
  disband(@Args('input') input: DisbandRescueTeamInput, @Context() ctx: RequestContext) {
    return this.readiness.disband(ctx, input);
  }

  @ResolveField('organisation')
  organisation(@Parent() team: RescueTeamEntity, @Context() ctx: RequestContext) {
    return this.organisations.load(ctx, team.organisationId);
  }

  @ResolveField('baseRegion')
  baseRegion(@Parent() team: RescueTeamEntity, @Context() ctx: RequestContext) {
    return this.regions.get(ctx, team.baseRegionCode);
  }

  @ResolveField('memberCount')
  memberCount(@Parent() team: RescueTeamEntity, @Context() ctx: RequestContext) {
    return this.rosters.memberCount(ctx, team);
  }

  @ResolveField('members')
  members(
    @Parent() team: RescueTeamEntity,
    @Args('includeLeft') includeLeft: boolean | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.rosters.members(ctx, team, includeLeft ?? false, { first, after });
  }

  @ResolveField('captain')
  captain(@Parent() team: RescueTeamEntity, @Context() ctx: RequestContext) {
    return this.rosters.captain(ctx, team);
  }

  @ResolveField('equipment')
  equipment(@Parent() team: RescueTeamEntity, @Context() ctx: RequestContext) {
    return this.equipmentLists.equipment(ctx, team);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.teams.get(ctx, reference.id);
  }
}

@Resolver('RescueTeamMembership')
export class RescueTeamMembershipResolver {
  constructor(
    private readonly teams: RescueTeamService,
    private readonly people: PersonService,
  ) {}

  @ResolveField('team')
  team(@Parent() membership: RescueTeamMembershipEntity, @Context() ctx: RequestContext) {
    return this.teams.get(ctx, membership.teamId);
  }

  @ResolveField('person')
  person(@Parent() membership: RescueTeamMembershipEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, membership.personId);
  }

  @ResolveField('current')
  current(@Parent() membership: RescueTeamMembershipEntity) {
    return membership.leftOn === null;
  }
}

@Resolver('Organisation')
export class OrganisationRescueTeamsResolver {
  constructor(private readonly teams: RescueTeamService) {}

  @ResolveField('rescueTeams')
  rescueTeams(
    @Parent() organisation: OrganisationEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.teams.ofOrganisation(ctx, organisation, { first, after });
  }
}

@Resolver('Person')
export class PersonRescueTeamsResolver {
  constructor(private readonly rosters: RescueTeamMemberService) {}

  @ResolveField('rescueTeamMemberships')
  rescueTeamMemberships(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    return this.rosters.currentMembershipsOf(ctx, person);
  }
}
