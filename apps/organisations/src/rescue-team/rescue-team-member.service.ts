import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RescueTeamMemberJoined, RescueTeamMemberLeft } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  variantOf,
  forget,
  loaderKey,
  eventContext,
  loader,
  loadGroup,
  loadPage,
  oneOf,
  pastOrToday,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { chinaToday } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import type { PersonEntity } from '../person/person.entity';
import { PersonDepartures } from '../person/person-departures';
import { PersonService } from '../person/person.service';
import { membershipKey } from './rescue-team-rules';
import type { RescueTeamEntity } from './rescue-team.entity';
import {
  alreadyMember,
  captainAlreadyAppointed,
  headcountBelowMembers,
  RescueTeamErrorCode,
  RescueTeamException,
} from './rescue-team.exception';
import {
  RESCUE_TEAM_ROLES,
  type RescueTeamMembershipEntity,
  type RescueTeamRole,
} from './rescue-team-membership.entity';
import { RescueTeamRepository } from './rescue-team.repository';
import { RESCUE_TEAM_LOADERS, RescueTeamService } from './rescue-team.service';

export interface AddRescueTeamMemberInput {
  teamId: string;
  personId: string;
  role: RescueTeamRole;
  /** Defaults to today in China Standard Time. */
  joinedOn?: string | null;
}

export interface RemoveRescueTeamMemberInput {
  teamId: string;
  personId: string;
  reason: string;
  /** Defaults to today in China Standard Time. */
  leftOn?: string | null;
}

/** Why the memberships of someone who left their organisation ended. */
const LEFT_ORGANISATION = 'left their organisation';

/** Request-scoped first pages of `RescueTeam.members`. */
const MEMBERS = loaderKey<RescueTeamMembershipEntity[]>('RescueTeam.members');

/** A team's roster: its members, their periods in the team and its captain. */
@Injectable()
export class RescueTeamMemberService implements OnModuleInit {
  constructor(
    private readonly teams: RescueTeamService,
    private readonly repository: RescueTeamRepository,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
    private readonly departures: PersonDepartures,
  ) {}

  onModuleInit() {
    // Someone who leaves their organisation no longer serves in any team, whichever organisation owns it.
    this.departures.register({
      onPersonLeaving: (ctx, manager, person) => this.endMembershipsOfLeaver(ctx, manager, person),
    });
  }

  /** Current members, batched: a page of teams costs one statement. */
  async memberCount(ctx: RequestContext, team: RescueTeamEntity): Promise<number> {
    const row = await loader(
      ctx,
      RESCUE_TEAM_LOADERS.memberCount,
      (ids) => this.repository.countCurrentMembers(ids),
      (r) => r.teamId,
    ).load(team.id);
    return row?.count ?? 0;
  }

  /** The current captain, batched; null when none is appointed or the person is outside the jurisdiction. */
  async captain(ctx: RequestContext, team: RescueTeamEntity): Promise<PersonEntity | null> {
    const membership = await loader(
      ctx,
      RESCUE_TEAM_LOADERS.captain,
      (ids) => this.repository.currentCaptains(ids),
      (m) => m.teamId,
    ).load(team.id);
    return membership ? this.people.load(ctx, membership.personId) : null;
  }

  async members(ctx: RequestContext, team: RescueTeamEntity, includeLeft: boolean, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, variantOf(MEMBERS, includeLeft), page, team.id, {
      firstPages: (teamIds, limit) => this.repository.firstOfRosters(teamIds, includeLeft, limit),
      parentOf: (m) => m.teamId,
      nextPage: () => this.repository.listMemberships(team.id, includeLeft, page),
    });
    return toConnection(rows, page, membershipKey);
  }

  /** The person's current memberships in teams the caller may see, batched over a page of people. */
  async currentMembershipsOf(
    ctx: RequestContext,
    person: PersonEntity,
  ): Promise<RescueTeamMembershipEntity[]> {
    const memberships = await loadGroup(
      ctx,
      RESCUE_TEAM_LOADERS.membershipsOfPerson,
      (ids) => this.repository.currentMembershipsOf(ids),
      (m) => m.personId,
      person.id,
    );
    const teams = await Promise.all(memberships.map((m) => this.teams.get(ctx, m.teamId)));
    return memberships.filter((_, i) => teams[i] !== null);
  }

  async addMember(ctx: RequestContext, input: AddRescueTeamMemberInput): Promise<RescueTeamMembershipEntity> {
    requireWriter(ctx);
    const role = oneOf(RESCUE_TEAM_ROLES, input.role, 'role');
    const today = chinaToday();
    const joinedOn = input.joinedOn ? pastOrToday(input.joinedOn, 'joinedOn', today) : today;
    const current = await this.teams.requireWritable(ctx, input.teamId, 'teamId');
    const person = await this.people.requireActive(ctx, input.personId, 'personId');
    return this.teams.writing(ctx, async (manager) => {
      // The person before the team, as a departure locks them: the two never wait on each other in turn.
      await this.people.holdActive(manager, [person], () => 'personId');
      const team = await this.teams.lock(manager, current.id, 'teamId');
      if (await this.repository.findCurrentMembership(manager, team.id, person.id))
        throw alreadyMember(person);
      if (role === 'CAPTAIN' && (await this.repository.findCurrentCaptain(manager, team.id))) {
        throw captainAlreadyAppointed();
      }
      const lastLeftOn = await this.repository.lastLeftOn(manager, team.id, person.id);
      if (lastLeftOn && joinedOn < lastLeftOn) {
        throw new RescueTeamException(
          RescueTeamErrorCode.MembershipOverlap,
          `${person.name} left this team on ${lastLeftOn}; a new period cannot start before that (got ${joinedOn})`,
          { field: 'joinedOn' },
        );
      }
      const [counted] = await this.repository.countCurrentMembers([team.id], manager);
      const members = counted?.count ?? 0;
      if (members + 1 > team.headcount) throw headcountBelowMembers(team.headcount, members + 1, 'teamId');
      const membership = await this.repository.insertMembership(manager, {
        id: randomUUID(),
        teamId: team.id,
        personId: person.id,
        role,
        joinedOn,
        leftOn: null,
        leftReason: null,
      });
      await this.outbox.publish(
        manager,
        RescueTeamMemberJoined,
        team.id,
        {
          teamId: team.id,
          membershipId: membership.id,
          personId: person.id,
          role,
          joinedOn,
          memberCount: members + 1,
        },
        eventContext(ctx),
      );
      return membership;
    });
  }

  /**
   * Ends a person's current period in the team. The person need not be visible any more: someone who moved to
   * another county's organisation still has to be taken off this team's roster.
   */
  async removeMember(
    ctx: RequestContext,
    input: RemoveRescueTeamMemberInput,
  ): Promise<RescueTeamMembershipEntity> {
    requireWriter(ctx);
    const personId = requiredUuid(input.personId, 'personId');
    const reason = requiredText(input.reason, 'reason', 500);
    const today = chinaToday();
    const leftOn = input.leftOn ? pastOrToday(input.leftOn, 'leftOn', today) : today;
    const current = await this.teams.requireWritable(ctx, input.teamId, 'teamId');
    return this.teams.writing(ctx, async (manager) => {
      const team = await this.teams.lock(manager, current.id, 'teamId');
      const membership = await this.repository.findCurrentMembership(manager, team.id, personId);
      if (!membership) {
        throw new RescueTeamException(
          RescueTeamErrorCode.NotMember,
          `person ${personId} is not a current member of ${team.name}`,
          { field: 'personId' },
        );
      }
      if (leftOn < membership.joinedOn) {
        throw new RescueTeamException(
          RescueTeamErrorCode.LeftBeforeJoined,
          `leftOn ${leftOn} is before the member joined on ${membership.joinedOn}`,
          { field: 'leftOn' },
        );
      }
      return this.endMembership(ctx, manager, team, membership, leftOn, reason);
    });
  }

  /** Ends every current membership of the locked `team`, as its disbanding does. */
  async endAllOf(ctx: RequestContext, manager: EntityManager, team: RescueTeamEntity, reason: string) {
    const today = chinaToday();
    for (const membership of await this.repository.findCurrentMemberships(manager, team.id)) {
      await this.endMembership(ctx, manager, team, membership, today, reason);
    }
  }

  /**
   * Ends every current membership of a person leaving their organisation, in the departure's transaction (their
   * row locked), as removeMember would: each team locked in turn, by id, the period ended today and
   * RescueTeamMemberLeft published. Teams outside the caller's jurisdiction or of another organisation included:
   * whoever may record the departure ends it everywhere. A captain leaving leaves the team without one.
   */
  private async endMembershipsOfLeaver(ctx: RequestContext, manager: EntityManager, person: PersonEntity) {
    const today = chinaToday();
    for (const teamId of await this.repository.teamsOfCurrentMember(manager, person.id)) {
      // Not `lock`: a team disbanded since the read above has already ended the membership, which is no refusal.
      const team = (await this.repository.findForUpdate(manager, teamId))!;
      const membership = await this.repository.findCurrentMembership(manager, team.id, person.id);
      if (membership) await this.endMembership(ctx, manager, team, membership, today, LEFT_ORGANISATION);
    }
    forget(ctx, ...Object.values(RESCUE_TEAM_LOADERS));
  }

  /** Ends a current membership of the locked `team` and publishes it with the members who remain. */
  private async endMembership(
    ctx: RequestContext,
    manager: EntityManager,
    team: RescueTeamEntity,
    membership: RescueTeamMembershipEntity,
    leftOn: string,
    reason: string,
  ): Promise<RescueTeamMembershipEntity> {
    membership.leftOn = leftOn;
    membership.leftReason = reason;
    const saved = await this.repository.saveMembership(manager, membership);
    const [counted] = await this.repository.countCurrentMembers([team.id], manager);
    await this.outbox.publish(
      manager,
      RescueTeamMemberLeft,
      team.id,
      {
        teamId: team.id,
        membershipId: saved.id,
        personId: saved.personId,
        role: saved.role,
        leftOn,
        memberCount: counted?.count ?? 0,
      },
      eventContext(ctx),
    );
    return saved;
  }
}
