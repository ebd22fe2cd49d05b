import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { RescueTeamRegistered, RescueTeamUpdated, type RescueTeamChange } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  eventContext,
  loadById,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, regionCovers, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import { OrganisationDissolutions } from '../organisation/organisation-dissolutions';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationException } from '../organisation/organisation.exception';
import { OrganisationService } from '../organisation/organisation.service';
import { assertDivisionCode, RegionService } from '../region/region.service';
import { checkHeadcount, specialtySet } from './rescue-team-rules';
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
import {
  alreadyMember,
  captainAlreadyAppointed,
  duplicateEquipmentName,
  headcountBelowMembers,
  RescueTeamErrorCode,
  RescueTeamException,
} from './rescue-team.exception';
import type { RescueTeamMembershipEntity } from './rescue-team-membership.entity';
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

/**
 * This feature's request-scoped loaders (see `loaderKey`), shared by its services; every write forgets all of them.
 */
export const RESCUE_TEAM_LOADERS = {
  team: loaderKey<RescueTeamEntity>('RescueTeam'),
  memberCount: loaderKey<{ teamId: string; count: number }>('RescueTeamMemberCount'),
  captain: loaderKey<RescueTeamMembershipEntity>('RescueTeamCaptain'),
  equipment: loaderKey<RescueTeamEquipmentEntity[]>('RescueTeamEquipment'),
  membershipsOfPerson: loaderKey<RescueTeamMembershipEntity[]>('RescueTeamMembershipsOfPerson'),
} as const;
/** Request-scoped first pages of `Organisation.rescueTeams`. */
const OF_ORGANISATION = loaderKey<RescueTeamEntity[]>('Organisation.rescueTeams');

/**
 * A rescue team itself: its registration, details and the checks and writes its members, equipment and readiness
 * share (`requireWritable`, `lock`, `writing`).
 */
@Injectable()
export class RescueTeamService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RescueTeamRepository,
    private readonly organisations: OrganisationService,
    private readonly regions: RegionService,
    private readonly outbox: Outbox,
    private readonly dissolutions: OrganisationDissolutions,
  ) {}

  onModuleInit() {
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
    const team = await loadById(ctx, RESCUE_TEAM_LOADERS.team, (ids) => this.repository.findByIds(ids), id);
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
    const rows = await loadPage(ctx, OF_ORGANISATION, page, organisation.id, {
      firstPages: (organisationIds, limit) =>
        this.repository.firstOfOrganisations({ organisationIds, regionPrefix }, limit),
      parentOf: (t) => t.organisationId,
      nextPage: () => this.repository.list({ organisationIds: [organisation.id], regionPrefix }, page),
    });
    return toConnection(rows, page, rescueTeamKey);
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

  /**
   * A team the caller may change: visible, based in the jurisdiction, not disbanded, and owned by an active
   * organisation. The organisation may sit above the caller's jurisdiction (a prefecture's team in a county).
   */
  async requireWritable(ctx: RequestContext, id: string, field: string): Promise<RescueTeamEntity> {
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
  async lock(manager: EntityManager, id: string, field: string): Promise<RescueTeamEntity> {
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
  writing<T>(ctx: RequestContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const constraints = {
      [CAPTAIN_UNIQUE]: captainAlreadyAppointed,
      [CURRENT_MEMBER_UNIQUE]: () => alreadyMember(),
      [EQUIPMENT_NAME_UNIQUE]: duplicateEquipmentName,
    };
    return write(ctx, this.dataSource, work, { constraints, forgets: Object.values(RESCUE_TEAM_LOADERS) });
  }
}

/** What RescueTeamRegistered and RescueTeamUpdated say of the team. */
export function teamState(team: RescueTeamEntity) {
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
