import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  RescueTeamDisbanded,
  RescueTeamMemberJoined,
  RescueTeamMemberLeft,
  RescueTeamReadinessChanged,
  RescueTeamRegistered,
  RescueTeamUpdated,
  type RescueTeamChange,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  variantOf,
  forget,
  loaderKey,
  badInput,
  eventContext,
  loadById,
  loader,
  loadGroup,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  pastOrToday,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import {
  inJurisdiction,
  regionCovers,
  chinaToday,
  isCalendarDate,
  UUID,
  visibleRegionPrefix,
} from '@emergency/domain';
import { readPage, type Page, type PageArgs } from '@emergency/paging';
import { OrganisationDissolutions } from '../organisation/organisation-dissolutions';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationException } from '../organisation/organisation.exception';
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity } from '../person/person.entity';
import { PersonDepartures } from '../person/person-departures';
import { PersonService } from '../person/person.service';
import { assertDivisionCode, RegionService } from '../region/region.service';
import {
  checkHeadcount,
  equipmentList,
  membershipKey,
  sameEquipment,
  specialtySet,
  type EquipmentItem,
  type EquipmentItemInput,
} from './rescue-team-rules';
import {
  RESCUE_SPECIALTIES,
  RESCUE_TEAM_READINESS,
  RESCUE_TEAM_STATUSES,
  RESCUE_TEAM_TYPES,
  type RescueSpecialty,
  type RescueTeamEntity,
  type RescueTeamReadiness,
  type RescueTeamStatus,
  type RescueTeamType,
} from './rescue-team.entity';
import { RescueTeamErrorCode, RescueTeamException } from './rescue-team.exception';
import {
  RESCUE_TEAM_ROLES,
  type RescueTeamMembershipEntity,
  type RescueTeamRole,
} from './rescue-team-membership.entity';
import type { RescueTeamEquipmentEntity } from './rescue-team-equipment.entity';
import { rescueTeamKey, RescueTeamRepository } from './rescue-team.repository';

export interface RegisterRescueTeamInput {
  organisationId: string;
  name: string;
  type: RescueTeamType;
  baseRegionCode: string;
  headcount: number;
  specialties?: RescueSpecialty[] | null;
  readiness?: RescueTeamReadiness | null;
  readinessNote?: string | null;
}

export interface UpdateRescueTeamInput {
  id: string;
  name?: string | null;
  headcount?: number | null;
  /** Replaces the set; absent or null leaves it unchanged. */
  specialties?: RescueSpecialty[] | null;
  baseRegionCode?: string | null;
}

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

export interface SetRescueTeamEquipmentInput {
  teamId: string;
  items: EquipmentItemInput[];
}

export interface ChangeRescueTeamReadinessInput {
  id: string;
  readiness: RescueTeamReadiness;
  note?: string | null;
}

export interface DisbandRescueTeamInput {
  id: string;
  reason: string;
}

export interface RescueTeamFilter {
  regionCode?: string | null;
  type?: RescueTeamType | null;
  specialty?: RescueSpecialty | null;
  readiness?: RescueTeamReadiness | null;
  organisationId?: string | null;
  nameContains?: string | null;
  status?: RescueTeamStatus | null;
}

/** The database's backstops behind the service's checks; a race past a check ends at one of these. */
const CAPTAIN_UNIQUE = 'rescue_team_captain_key';
const CURRENT_MEMBER_UNIQUE = 'rescue_team_membership_current_key';
const EQUIPMENT_NAME_UNIQUE = 'rescue_team_equipment_name_key';

/** Why the memberships of someone who left their organisation ended. */
const LEFT_ORGANISATION = 'left their organisation';

/** This feature's request-scoped loaders (see `loaderKey`); every write forgets all of them. */
const LOADERS = {
  team: loaderKey<RescueTeamEntity>('RescueTeam'),
  memberCount: loaderKey<{ teamId: string; count: number }>('RescueTeamMemberCount'),
  captain: loaderKey<RescueTeamMembershipEntity>('RescueTeamCaptain'),
  equipment: loaderKey<RescueTeamEquipmentEntity[]>('RescueTeamEquipment'),
  membershipsOfPerson: loaderKey<RescueTeamMembershipEntity[]>('RescueTeamMembershipsOfPerson'),
} as const;
/** Request-scoped first pages of the list fields of teams. */
const PAGES = {
  members: loaderKey<RescueTeamMembershipEntity[]>('RescueTeam.members'),
  ofOrganisation: loaderKey<RescueTeamEntity[]>('Organisation.rescueTeams'),
} as const;

@Injectable()
export class RescueTeamService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RescueTeamRepository,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
    private readonly regions: RegionService,
    private readonly outbox: Outbox,
    private readonly departures: PersonDepartures,
    private readonly dissolutions: OrganisationDissolutions,
  ) {}

  onModuleInit() {
    // Someone who leaves their organisation no longer serves in any team, whichever organisation owns it.
    this.departures.register({
      onPersonLeaving: (ctx, manager, person) => this.endMembershipsOfLeaver(ctx, manager, person),
    });
    // An organisation's teams are disbanded (their members leaving them) before it is dissolved, so that no
    // dispatchable team is left without an organisation to answer for it.
    this.dissolutions.register({
      stillInUse: async (manager, organisation) => ({
        activeRescueTeams: await this.repository.countActiveOf(manager, organisation.id),
      }),
    });
  }

  /** A team for the caller, batched per request; hidden when its base region is outside the jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<RescueTeamEntity | null> {
    const team = await loadById(ctx, LOADERS.team, (ids) => this.repository.findByIds(ids), id);
    return team && inJurisdiction(ctx.identity, team.baseRegionCode) ? team : null;
  }

  /** The team `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<RescueTeamEntity> {
    const team = await this.get(ctx, requiredUuid(id, field));
    if (!team) throw notFound('RescueTeam', id, field);
    return team;
  }

  async list(ctx: RequestContext, filter: RescueTeamFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.type) oneOf(RESCUE_TEAM_TYPES, filter.type, 'filter.type');
    if (filter.specialty) oneOf(RESCUE_SPECIALTIES, filter.specialty, 'filter.specialty');
    if (filter.readiness) oneOf(RESCUE_TEAM_READINESS, filter.readiness, 'filter.readiness');
    if (filter.status) oneOf(RESCUE_TEAM_STATUSES, filter.status, 'filter.status');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, rescueTeamKey);
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        type: filter.type ?? undefined,
        specialty: filter.specialty ?? undefined,
        readiness: filter.readiness ?? undefined,
        organisationIds: filter.organisationId
          ? [requiredUuid(filter.organisationId, 'filter.organisationId')]
          : undefined,
        status: filter.status ?? undefined,
        nameContains: filter.nameContains?.trim() || undefined,
      },
      page,
    );
    return toConnection(rows, page, rescueTeamKey);
  }

  /** The organisation's teams the caller may see (those based in the jurisdiction), by name. */
  async ofOrganisation(ctx: RequestContext, organisation: OrganisationEntity, args: PageArgs) {
    const page = readPage(args);
    const regionPrefix = visibleRegionPrefix(ctx.identity) ?? undefined;
    const rows = await loadPage(ctx, PAGES.ofOrganisation, page, organisation.id, {
      firstPages: (organisationIds, limit) =>
        this.repository.firstOfOrganisations({ organisationIds, regionPrefix }, limit),
      parentOf: (t) => t.organisationId,
      nextPage: () => this.repository.list({ organisationIds: [organisation.id], regionPrefix }, page),
    });
    return toConnection(rows, page, rescueTeamKey);
  }

  /** Current members, batched: a page of teams costs one statement. */
  async memberCount(ctx: RequestContext, team: RescueTeamEntity): Promise<number> {
    const row = await loader(
      ctx,
      LOADERS.memberCount,
      (ids) => this.repository.countCurrentMembers(ids),
      (r) => r.teamId,
    ).load(team.id);
    return row?.count ?? 0;
  }

  /** The current captain, batched; null when none is appointed or the person is outside the jurisdiction. */
  async captain(ctx: RequestContext, team: RescueTeamEntity): Promise<PersonEntity | null> {
    const membership = await loader(
      ctx,
      LOADERS.captain,
      (ids) => this.repository.currentCaptains(ids),
      (m) => m.teamId,
    ).load(team.id);
    return membership ? this.people.load(ctx, membership.personId) : null;
  }

  /** The equipment list, batched: a page of teams costs one statement. */
  async equipment(ctx: RequestContext, team: RescueTeamEntity): Promise<EquipmentItem[]> {
    const items = await loadGroup(
      ctx,
      LOADERS.equipment,
      (ids) => this.repository.equipmentOf(ids),
      (e) => e.teamId,
      team.id,
    );
    return items.map(toItem);
  }

  async members(ctx: RequestContext, team: RescueTeamEntity, includeLeft: boolean, args: PageArgs) {
    const page = readMembershipPage(args);
    const rows = await loadPage(ctx, variantOf(PAGES.members, includeLeft), page, team.id, {
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
      LOADERS.membershipsOfPerson,
      (ids) => this.repository.currentMembershipsOf(ids),
      (m) => m.personId,
      person.id,
    );
    const teams = await Promise.all(memberships.map((m) => this.get(ctx, m.teamId)));
    return memberships.filter((_, i) => teams[i] !== null);
  }

  async register(ctx: RequestContext, input: RegisterRescueTeamInput): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    const type = oneOf(RESCUE_TEAM_TYPES, input.type, 'type');
    const headcount = checkHeadcount(input.headcount, 'headcount');
    const specialties = specialtySet(input.specialties ?? [], 'specialties');
    const readiness = oneOf(RESCUE_TEAM_READINESS, input.readiness ?? 'READY', 'readiness');
    const readinessNote = optionalText(input.readinessNote, 'readinessNote', 500);
    const organisation = await this.organisations.requireActiveForWriting(
      ctx,
      requiredUuid(input.organisationId, 'organisationId'),
      'organisationId',
    );
    const baseRegionCode = await this.checkBaseRegion(ctx, input.baseRegionCode, organisation);
    return this.writing(ctx, async (manager) => {
      await this.organisations.holdActive(manager, organisation, 'organisationId');
      const team = await this.repository.insert(manager, {
        id: randomUUID(),
        name,
        type,
        organisationId: organisation.id,
        baseRegionCode,
        headcount,
        specialties,
        readiness,
        readinessNote,
        readinessChangedAt: new Date(),
        status: 'ACTIVE',
        disbandedAt: null,
        disbandReason: null,
      });
      await this.outbox.publish(
        manager,
        RescueTeamRegistered,
        team.id,
        { ...teamState(team), readiness },
        eventContext(ctx),
      );
      return team;
    });
  }

  async update(ctx: RequestContext, input: UpdateRescueTeamInput): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const current = await this.requireWritable(ctx, input.id, 'id');
    const name =
      input.name !== undefined && input.name !== null ? requiredText(input.name, 'name', 200) : null;
    const headcount =
      input.headcount !== undefined && input.headcount !== null
        ? checkHeadcount(input.headcount, 'headcount')
        : null;
    const specialties =
      input.specialties !== undefined && input.specialties !== null
        ? specialtySet(input.specialties, 'specialties')
        : null;
    const baseRegionCode =
      input.baseRegionCode !== undefined && input.baseRegionCode !== null
        ? await this.checkBaseRegion(
            ctx,
            input.baseRegionCode,
            (await this.organisations.load(ctx, current.organisationId))!,
          )
        : null;
    return this.writing(ctx, async (manager) => {
      const team = await this.lock(manager, current.id, 'id');
      const changes: RescueTeamChange[] = [];
      if (name !== null && name !== team.name) {
        team.name = name;
        changes.push('name');
      }
      if (headcount !== null && headcount !== team.headcount) {
        const [counted] = await this.repository.countCurrentMembers([team.id], manager);
        const members = counted?.count ?? 0;
        if (headcount < members) throw headcountBelowMembers(headcount, members, 'headcount');
        team.headcount = headcount;
        changes.push('headcount');
      }
      if (specialties !== null && specialties.join() !== team.specialties.join()) {
        team.specialties = specialties;
        changes.push('specialties');
      }
      if (baseRegionCode !== null && baseRegionCode !== team.baseRegionCode) {
        team.baseRegionCode = baseRegionCode;
        changes.push('baseRegionCode');
      }
      if (changes.length === 0) return team;
      const saved = await this.repository.save(manager, team);
      await this.outbox.publish(
        manager,
        RescueTeamUpdated,
        saved.id,
        { ...teamState(saved), changes },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async addMember(ctx: RequestContext, input: AddRescueTeamMemberInput): Promise<RescueTeamMembershipEntity> {
    requireWriter(ctx);
    const role = oneOf(RESCUE_TEAM_ROLES, input.role, 'role');
    const today = chinaToday();
    const joinedOn = input.joinedOn ? pastOrToday(input.joinedOn, 'joinedOn', today) : today;
    const current = await this.requireWritable(ctx, input.teamId, 'teamId');
    const person = await this.people.requireActive(ctx, input.personId, 'personId');
    return this.writing(ctx, async (manager) => {
      // The person before the team, as a departure locks them: the two never wait on each other in turn.
      await this.people.holdActive(manager, [person], () => 'personId');
      const team = await this.lock(manager, current.id, 'teamId');
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
    const current = await this.requireWritable(ctx, input.teamId, 'teamId');
    return this.writing(ctx, async (manager) => {
      const team = await this.lock(manager, current.id, 'teamId');
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
    forget(ctx, ...Object.values(LOADERS));
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

  /** Replaces the equipment list as a whole; the same list again changes and publishes nothing. */
  async setEquipment(ctx: RequestContext, input: SetRescueTeamEquipmentInput): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const items = equipmentList(input.items);
    const current = await this.requireWritable(ctx, input.teamId, 'teamId');
    return this.writing(ctx, async (manager) => {
      const team = await this.lock(manager, current.id, 'teamId');
      const stored = (await this.repository.equipmentOf([team.id], manager)).map(toItem);
      if (sameEquipment(stored, items)) return team;
      await this.repository.replaceEquipment(manager, team.id, items);
      team.updatedAt = await this.repository.touch(manager, team.id);
      await this.outbox.publish(
        manager,
        RescueTeamUpdated,
        team.id,
        { ...teamState(team), changes: ['equipment'] },
        eventContext(ctx),
      );
      return team;
    });
  }

  /** Records the team's readiness; the readiness it already has changes and publishes nothing. */
  async changeReadiness(
    ctx: RequestContext,
    input: ChangeRescueTeamReadinessInput,
  ): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const readiness = oneOf(RESCUE_TEAM_READINESS, input.readiness, 'readiness');
    const note = optionalText(input.note, 'note', 500);
    const current = await this.requireWritable(ctx, input.id, 'id');
    return this.writing(ctx, async (manager) => {
      const team = await this.lock(manager, current.id, 'id');
      if (team.readiness === readiness) return team;
      const previous = team.readiness;
      team.readiness = readiness;
      team.readinessNote = note;
      team.readinessChangedAt = new Date();
      const saved = await this.repository.save(manager, team);
      await this.publishReadiness(ctx, manager, saved, previous);
      return saved;
    });
  }

  /**
   * Disbands a team: its members leave it, it becomes UNAVAILABLE (so readiness subscribers hear of it) and it takes
   * no further changes. It is how an organisation's teams are wound up before it may be dissolved; a team whose
   * organisation was dissolved before that rule held may still be disbanded.
   */
  async disband(ctx: RequestContext, input: DisbandRescueTeamInput): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason, 'reason', 500);
    const current = await this.require(ctx, input.id, 'id');
    requireJurisdiction(ctx, current.baseRegionCode, 'id');
    return this.writing(ctx, async (manager) => {
      const team = await this.lock(manager, current.id, 'id');
      const today = chinaToday();
      for (const membership of await this.repository.findCurrentMemberships(manager, team.id)) {
        await this.endMembership(ctx, manager, team, membership, today, `team disbanded: ${reason}`);
      }
      const now = new Date();
      const previous = team.readiness;
      if (previous !== 'UNAVAILABLE') {
        team.readiness = 'UNAVAILABLE';
        team.readinessNote = reason;
        team.readinessChangedAt = now;
      }
      team.status = 'DISBANDED';
      team.disbandedAt = now;
      team.disbandReason = reason;
      const saved = await this.repository.save(manager, team);
      if (previous !== 'UNAVAILABLE') await this.publishReadiness(ctx, manager, saved, previous);
      await this.outbox.publish(
        manager,
        RescueTeamDisbanded,
        saved.id,
        { teamId: saved.id, organisationId: saved.organisationId, reason, disbandedAt: now.toISOString() },
        eventContext(ctx),
      );
      return saved;
    });
  }

  private publishReadiness(
    ctx: RequestContext,
    manager: EntityManager,
    team: RescueTeamEntity,
    previous: RescueTeamReadiness,
  ) {
    return this.outbox.publish(
      manager,
      RescueTeamReadinessChanged,
      team.id,
      {
        teamId: team.id,
        organisationId: team.organisationId,
        type: team.type,
        baseRegionCode: team.baseRegionCode,
        previousReadiness: previous,
        readiness: team.readiness,
        note: team.readinessNote,
        changedAt: team.readinessChangedAt.toISOString(),
      },
      eventContext(ctx),
    );
  }

  /**
   * A team the caller may change: visible, based in the jurisdiction, not disbanded, and owned by an active
   * organisation. The organisation may sit above the caller's jurisdiction (a prefecture's team in a county).
   */
  private async requireWritable(ctx: RequestContext, id: string, field: string): Promise<RescueTeamEntity> {
    const team = await this.require(ctx, id, field);
    requireJurisdiction(ctx, team.baseRegionCode, field);
    assertNotDisbanded(team, field);
    const organisation = await this.organisations.load(ctx, team.organisationId);
    if (organisation?.status !== 'ACTIVE') {
      throw new OrganisationException(
        CommonErrorCode.OrganisationDissolved,
        `the team's organisation ${organisation?.name ?? team.organisationId} was dissolved; disband the team or ` +
          'register it with an active organisation',
        { field },
      );
    }
    return team;
  }

  /** Locks the team for the rest of the transaction and checks again that it is still active. */
  private async lock(manager: EntityManager, id: string, field: string): Promise<RescueTeamEntity> {
    const team = (await this.repository.findForUpdate(manager, id))!;
    assertNotDisbanded(team, field);
    return team;
  }

  /** A known division within the organisation's region and the caller's jurisdiction. */
  private async checkBaseRegion(
    ctx: RequestContext,
    code: string,
    organisation: OrganisationEntity,
  ): Promise<string> {
    const region = await this.regions.require(ctx, code, 'baseRegionCode');
    if (!regionCovers(organisation.regionCode, region.code)) {
      throw new RescueTeamException(
        RescueTeamErrorCode.BaseRegionOutsideOrganisation,
        `${region.name} (${region.code}) lies outside the region of ${organisation.name} (${organisation.regionCode})`,
        { field: 'baseRegionCode' },
      );
    }
    requireJurisdiction(ctx, region.code, 'baseRegionCode');
    return region.code;
  }

  /**
   * Runs a change in a transaction, turning a lost race on a unique index into its domain error. Afterwards the
   * request's batched reads of teams start afresh, so a later mutation in the same request sees this change.
   */
  private writing<T>(ctx: RequestContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const constraints = {
      [CAPTAIN_UNIQUE]: captainAlreadyAppointed,
      [CURRENT_MEMBER_UNIQUE]: () => alreadyMember(),
      [EQUIPMENT_NAME_UNIQUE]: () =>
        new RescueTeamException(
          RescueTeamErrorCode.DuplicateEquipmentName,
          'two equipment items have the same name',
          {
            field: 'items',
          },
        ),
    };
    return write(ctx, this.dataSource, work, { constraints, forgets: Object.values(LOADERS) });
  }
}

function teamState(team: RescueTeamEntity) {
  return {
    teamId: team.id,
    organisationId: team.organisationId,
    name: team.name,
    type: team.type,
    baseRegionCode: team.baseRegionCode,
    headcount: team.headcount,
    specialties: [...team.specialties],
  };
}

function assertNotDisbanded(team: RescueTeamEntity, field: string) {
  if (team.status === 'DISBANDED') {
    throw new RescueTeamException(
      RescueTeamErrorCode.Disbanded,
      `${team.name} was disbanded on ${team.disbandedAt?.toISOString()} and takes no changes`,
      { field },
    );
  }
}

const headcountBelowMembers = (headcount: number, members: number, field: string) =>
  new RescueTeamException(
    RescueTeamErrorCode.HeadcountBelowMembers,
    `the headcount of ${headcount} would be below the ${members} current members; raise the headcount or remove members first`,
    { field, headcount, members },
  );

const captainAlreadyAppointed = () =>
  new RescueTeamException(
    RescueTeamErrorCode.CaptainAlreadyAppointed,
    'the team already has a captain; remove the current captain first',
    { field: 'role' },
  );

const alreadyMember = (person?: PersonEntity) =>
  new RescueTeamException(
    RescueTeamErrorCode.AlreadyMember,
    `${person?.name ?? 'the person'} is already a current member of this team`,
    { field: 'personId' },
  );

function toItem(e: EquipmentItem): EquipmentItem {
  return { name: e.name, quantity: e.quantity, unit: e.unit, notes: e.notes };
}

/** A roster page; its cursor is `[rank, joinedOn, id]`, checked here so a forged one never reaches SQL casts. */
function readMembershipPage(args: PageArgs): Page {
  const page = readPage(args);
  if (page.after) {
    const [rank, joinedOn, id] = page.after;
    if (page.after.length !== 3 || !/^[0-3]$/.test(rank!) || !isCalendarDate(joinedOn!) || !UUID.test(id!)) {
      throw badInput('after is not a cursor returned by this connection', 'after');
    }
  }
  return page;
}
