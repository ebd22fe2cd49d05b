import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  LeadingGroupEstablished,
  LeadingGroupUpdated,
  type LeadingGroupUpdatedV1,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  type Forget,
  loaderKey,
  CommonErrorCode,
  DomainError,
  eventContext,
  loadById,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, regionCovers, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import { assertDivisionCode } from '../region/region.service';
import { LeadingGroupHistoryService } from './leading-group-history.service';
import type { LeadingGroupMembershipEntity } from './leading-group-membership.entity';
import { LEADING_GROUP_KINDS, type LeadingGroupEntity, type LeadingGroupKind } from './leading-group.entity';
import { LeadingGroupErrorCode, LeadingGroupException } from './leading-group.exception';
import { leadingGroupKey, LeadingGroupRepository } from './leading-group.repository';

export interface EstablishLeadingGroupInput {
  organisationId: string;
  name: string;
  kind: LeadingGroupKind;
  purpose?: string | null;
  leader: { personId: string; post?: string | null };
  note?: string | null;
}

export interface UpdateLeadingGroupInput {
  id: string;
  name?: string | null;
  /** Absent: unchanged; null: cleared. */
  purpose?: string | null;
}

export interface LeadingGroupFilter {
  organisationId?: string | null;
  regionCode?: string | null;
  kind?: LeadingGroupKind | null;
}

// Request-scoped loaders of the feature's services; what a write changes is forgotten after it (see touched).
export const GROUPS = loaderKey<LeadingGroupEntity>('LeadingGroup');
export const CURRENT_MEMBERSHIPS = loaderKey<LeadingGroupMembershipEntity[]>(
  'LeadingGroupCurrentMemberships',
);
export const MEMBERSHIPS_BY_PERSON = loaderKey<LeadingGroupMembershipEntity[]>(
  'LeadingGroupMembershipsByPerson',
);

/** What a change of `group` makes this request's loaders forget: the group, and the people it touched. */
export const touched = (group: LeadingGroupEntity, personIds: (string | null | undefined)[]): Forget[] => [
  { key: GROUPS, ids: [group.id] },
  { key: CURRENT_MEMBERSHIPS, ids: [group.id] },
  { key: MEMBERSHIPS_BY_PERSON, ids: personIds.filter((id): id is string => !!id) },
];
/** Request-scoped first pages of `Organisation.leadingGroups`. */
const OF_ORGANISATION = loaderKey<LeadingGroupEntity[]>('Organisation.leadingGroups');

/** The database's unique index on a group's name within its organisation. */
const NAME_UNIQUE = 'leading_group_name_key';
/**
 * The partial unique indexes behind "one current leader, one office director, one current role per person".
 * Every change to a group's members holds the group's row lock, so none should ever fire; if one does, the
 * caller gets a conflict to retry, never the constraint error.
 */
const MEMBERSHIP_UNIQUE = [
  'leading_group_membership_one_leader',
  'leading_group_membership_one_office_director',
  'leading_group_membership_one_per_person',
];

const membersChanged = () =>
  new DomainError(
    CommonErrorCode.Conflict,
    'the group’s members changed at the same time; read the group again and retry',
    { field: 'groupId' },
  );

/**
 * A leading group itself: its establishment and details, and the checks and writes its members share
 * (`requireForWriting`, `requireMember`, `writing`).
 */
@Injectable()
export class LeadingGroupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LeadingGroupRepository,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
    private readonly changes: LeadingGroupHistoryService,
    private readonly outbox: Outbox,
  ) {}

  // Reads. A group, its members and its history are visible exactly when its organisation's region is.

  /**
   * A group for the caller, batched per request; hidden when its organisation is outside the jurisdiction.
   */
  async get(ctx: RequestContext, id: string): Promise<LeadingGroupEntity | null> {
    const group = await loadById(ctx, GROUPS, (ids) => this.repository.findByIds(ids), id);
    return group && inJurisdiction(ctx.identity, group.regionCode) ? group : null;
  }

  /** The group `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field: string): Promise<LeadingGroupEntity> {
    const group = await this.get(ctx, requiredUuid(id, field));
    if (!group) throw notFound('LeadingGroup', id, field);
    return group;
  }

  async list(ctx: RequestContext, filter: LeadingGroupFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.kind) oneOf(LEADING_GROUP_KINDS, filter.kind, 'filter.kind');
    const organisationId = filter.organisationId
      ? requiredUuid(filter.organisationId, 'filter.organisationId')
      : undefined;
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, leadingGroupKey);
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        organisationIds: organisationId ? [organisationId] : undefined,
        kind: filter.kind ?? undefined,
      },
      page,
    );
    return toConnection(rows, page, leadingGroupKey);
  }

  /**
   * An organisation's groups; the first page of every organisation in the request is loaded in one statement.
   */
  async ofOrganisation(ctx: RequestContext, organisation: OrganisationEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, OF_ORGANISATION, page, organisation.id, {
      firstPages: (organisationIds, limit) => this.repository.firstOfOrganisations(organisationIds, limit),
      parentOf: (g) => g.organisationId,
      nextPage: () => this.repository.list({ organisationIds: [organisation.id] }, page),
    });
    const visible = rows.filter((g) => inJurisdiction(ctx.identity, g.regionCode));
    return toConnection(visible, page, leadingGroupKey);
  }

  // Writes. A change to an existing group takes the group's row lock first, so concurrent changes to one group
  // run one after the other and each sees the memberships the previous one left.

  async establish(ctx: RequestContext, input: EstablishLeadingGroupInput): Promise<LeadingGroupEntity> {
    requireWriter(ctx);
    const organisation = await this.organisations.requireActiveForWriting(
      ctx,
      input.organisationId,
      'organisationId',
    );
    const name = requiredText(input.name, 'name', 200);
    oneOf(LEADING_GROUP_KINDS, input.kind, 'kind');
    const purpose = optionalText(input.purpose, 'purpose', 2000);
    const note = optionalText(input.note, 'note', 500);
    const leader = await this.requireMember(ctx, organisation, input.leader.personId, 'leader.personId');
    const post = optionalText(input.leader.post, 'leader.post', 100) ?? leader.post;
    const forgets = (created: LeadingGroupEntity) => touched(created, [leader.id]);
    const group = await this.writing(ctx, forgets, async (manager) => {
      // The person before the group, the order a departure takes them in (person, then groups): no deadlock.
      await this.people.holdActive(manager, [leader], () => 'leader.personId');
      if (await this.repository.findByName(manager, organisation.id, name)) throw nameTaken();
      const at = await this.repository.now(manager);
      const created = await this.repository.insertGroup(manager, {
        id: randomUUID(),
        organisationId: organisation.id,
        regionCode: organisation.regionCode,
        name,
        kind: input.kind,
        purpose,
        establishedAt: at,
      });
      const membership = await this.repository.insertMembership(manager, {
        id: randomUUID(),
        groupId: created.id,
        personId: leader.id,
        role: 'LEADER',
        post,
        appointedAt: at,
        endedAt: null,
        endReason: null,
      });
      await this.changes.record(ctx, manager, created, at, {
        kind: 'ESTABLISHED',
        personId: leader.id,
        role: 'LEADER',
        post,
        note,
      });
      await this.outbox.publish(
        manager,
        LeadingGroupEstablished,
        created.id,
        {
          leadingGroupId: created.id,
          organisationId: organisation.id,
          name,
          kind: created.kind,
          purpose,
          leaderMembershipId: membership.id,
          leaderPersonId: leader.id,
          leaderPost: post,
          establishedAt: at.toISOString(),
        },
        eventContext(ctx),
      );
      return created;
    });
    return group;
  }

  async update(ctx: RequestContext, input: UpdateLeadingGroupInput): Promise<LeadingGroupEntity> {
    requireWriter(ctx);
    const { group: visible } = await this.requireForWriting(ctx, input.id, 'id');
    const forgets = (changed: LeadingGroupEntity) => touched(changed, []);
    const saved = await this.writing(ctx, forgets, async (manager) => {
      const group = (await this.repository.lock(manager, visible.id))!;
      const changes: LeadingGroupUpdatedV1['changes'] = [];
      if (input.name !== undefined && input.name !== null) {
        const name = requiredText(input.name, 'name', 200);
        if (name !== group.name) {
          if (await this.repository.findByName(manager, group.organisationId, name)) throw nameTaken();
          changes.push('name');
          group.name = name;
        }
      }
      if (input.purpose !== undefined) {
        const purpose = optionalText(input.purpose, 'purpose', 2000);
        if (purpose !== group.purpose) changes.push('purpose');
        group.purpose = purpose;
      }
      if (changes.length === 0) return group;
      const saved = await this.repository.saveGroup(manager, group);
      await this.changes.record(ctx, manager, saved, await this.repository.now(manager), {
        kind: 'DETAILS_CHANGED',
        note: `changed ${changes.join(', ')}`,
      });
      await this.outbox.publish(
        manager,
        LeadingGroupUpdated,
        saved.id,
        {
          leadingGroupId: saved.id,
          organisationId: saved.organisationId,
          name: saved.name,
          kind: saved.kind,
          purpose: saved.purpose,
          changes,
        },
        eventContext(ctx),
      );
      return saved;
    });
    return saved;
  }

  /**
   * The group `id` for a change: visible to the caller (NOT_FOUND otherwise), its organisation in the
   * caller's jurisdiction and not dissolved (a dissolved organisation's groups are kept as they were).
   */
  async requireForWriting(ctx: RequestContext, id: string, field: string) {
    const group = await this.require(ctx, id, field);
    const organisation = await this.organisations.requireActiveForWriting(ctx, group.organisationId, field);
    return { group, organisation };
  }

  /**
   * A person who may sit in a group of `organisation`: active, visible to the caller, and in an organisation
   * within the group organisation's region (the head of the city's emergency bureau sits in the city's group;
   * a neighbouring county's official does not).
   */
  async requireMember(
    ctx: RequestContext,
    organisation: OrganisationEntity,
    personId: string,
    field: string,
  ): Promise<PersonEntity> {
    const person = await this.people.requireActive(ctx, personId, field);
    if (!regionCovers(organisation.regionCode, person.regionCode)) {
      throw new LeadingGroupException(
        LeadingGroupErrorCode.MemberOutsideRegion,
        `${person.name} works in region ${person.regionCode}, outside ${organisation.name}'s region ${organisation.regionCode}`,
        { field },
      );
    }
    return person;
  }

  /**
   * Runs a change in a transaction, turning a lost race on a unique index into its domain error, and forgets
   * what the change touched.
   */
  writing<T>(
    ctx: RequestContext,
    forgets: (result: T) => Forget[],
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return write(ctx, this.dataSource, work, {
      constraints: {
        [NAME_UNIQUE]: nameTaken,
        ...Object.fromEntries(MEMBERSHIP_UNIQUE.map((constraint) => [constraint, membersChanged])),
      },
      forgets,
    });
  }
}

const nameTaken = () =>
  new LeadingGroupException(
    LeadingGroupErrorCode.NameTaken,
    'the organisation already has a leading group of this name',
    { field: 'name' },
  );
