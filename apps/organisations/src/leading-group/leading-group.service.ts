import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  LeadingGroupEstablished,
  LeadingGroupMemberAppointed,
  LeadingGroupMemberRemoved,
  LeadingGroupUpdated,
  type LeadingGroupUpdatedV1,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  type Forget,
  forget,
  variantOf,
  loaderKey,
  badInput,
  CommonErrorCode,
  DomainError,
  eventContext,
  loadById,
  loadGroup,
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
import { afterKey, readPage, readSeqKey, type Page, type PageArgs } from '@emergency/paging';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity } from '../person/person.entity';
import { PersonDepartures } from '../person/person-departures';
import { PersonService } from '../person/person.service';
import { assertDivisionCode } from '../region/region.service';
import type { LeadingGroupChangeEntity } from './leading-group-change.entity';
import {
  LEADING_GROUP_ROLES,
  type LeadingGroupMembershipEntity,
  type LeadingGroupRole,
} from './leading-group-membership.entity';
import { planAppointment, planDeparture, planRemoval, type AppointmentPlan } from './leading-group-rules';
import { LEADING_GROUP_KINDS, type LeadingGroupEntity, type LeadingGroupKind } from './leading-group.entity';
import { LeadingGroupErrorCode, LeadingGroupException } from './leading-group.exception';
import {
  compareMemberships,
  leadingGroupKey,
  LeadingGroupRepository,
  membershipKey,
} from './leading-group.repository';

export interface EstablishLeadingGroupInput {
  organisationId: string;
  name: string;
  kind: LeadingGroupKind;
  purpose?: string | null;
  leader: { personId: string; post?: string | null };
  note?: string | null;
}

export interface AppointLeadingGroupMemberInput {
  groupId: string;
  personId: string;
  role: LeadingGroupRole;
  /** The post the person holds the role by; their post in their organisation when absent. */
  post?: string | null;
  note?: string | null;
}

export interface RemoveLeadingGroupMemberInput {
  groupId: string;
  personId: string;
  reason: string;
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

// Request-scoped loaders; what a write changes is forgotten after it (see touched).
const GROUPS = loaderKey<LeadingGroupEntity>('LeadingGroup');
const CURRENT_MEMBERSHIPS = loaderKey<LeadingGroupMembershipEntity[]>('LeadingGroupCurrentMemberships');
const MEMBERSHIPS_BY_PERSON = loaderKey<LeadingGroupMembershipEntity[]>('LeadingGroupMembershipsByPerson');

/** What a change of `group` makes this request's loaders forget: the group, and the people it touched. */
const touched = (group: LeadingGroupEntity, personIds: (string | null | undefined)[]): Forget[] => [
  { key: GROUPS, ids: [group.id] },
  { key: CURRENT_MEMBERSHIPS, ids: [group.id] },
  { key: MEMBERSHIPS_BY_PERSON, ids: personIds.filter((id): id is string => !!id) },
];
/** Request-scoped first pages of the list fields of groups. */
const PAGES = {
  ofOrganisation: loaderKey<LeadingGroupEntity[]>('Organisation.leadingGroups'),
  members: loaderKey<LeadingGroupMembershipEntity[]>('LeadingGroup.members'),
  history: loaderKey<LeadingGroupChangeEntity[]>('LeadingGroup.history'),
} as const;

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

/** Why a departure ended a membership: its end reason, the history entry's note and the event's reason. */
const LEFT_ORGANISATION = 'left their organisation';

@Injectable()
export class LeadingGroupService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LeadingGroupRepository,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
    private readonly departures: PersonDepartures,
  ) {}

  onModuleInit() {
    // Someone who leaves their organisation leaves its leading groups too; a leader only once succeeded. Groups
    // do not keep their organisation from being dissolved: a dissolved organisation's groups are kept as they were.
    this.departures.register({
      onPersonLeaving: (ctx, manager, person) => this.leaving(ctx, manager, person),
    });
  }

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
    const rows = await loadPage(ctx, PAGES.ofOrganisation, page, organisation.id, {
      firstPages: (organisationIds, limit) => this.repository.firstOfOrganisations(organisationIds, limit),
      parentOf: (g) => g.organisationId,
      nextPage: () => this.repository.list({ organisationIds: [organisation.id] }, page),
    });
    const visible = rows.filter((g) => inJurisdiction(ctx.identity, g.regionCode));
    return toConnection(visible, page, leadingGroupKey);
  }

  /** A group's current memberships in listing order; one statement for every group in the request. */
  async current(ctx: RequestContext, group: LeadingGroupEntity): Promise<LeadingGroupMembershipEntity[]> {
    return loadGroup(
      ctx,
      CURRENT_MEMBERSHIPS,
      (groupIds) => this.repository.currentOfGroups(groupIds),
      (m) => m.groupId,
      group.id,
    );
  }

  async leader(ctx: RequestContext, group: LeadingGroupEntity) {
    return (await this.current(ctx, group)).find((m) => m.role === 'LEADER') ?? null;
  }

  async withRole(ctx: RequestContext, group: LeadingGroupEntity, role: LeadingGroupRole) {
    return (await this.current(ctx, group)).filter((m) => m.role === role);
  }

  async members(
    ctx: RequestContext,
    group: LeadingGroupEntity,
    query: { role?: LeadingGroupRole | null; includeEnded?: boolean | null },
    args: PageArgs,
  ) {
    const page = readPage(args);
    if (query.role) oneOf(LEADING_GROUP_ROLES, query.role, 'role');
    const role = query.role ?? undefined;
    const includeEnded = query.includeEnded ?? false;
    readMembershipKey(page);
    // The first page of current members comes from the batch that also answers leader and deputyLeaders.
    const rows =
      !includeEnded && !page.after
        ? (await this.current(ctx, group))
            .filter((m) => !role || m.role === role)
            .sort(compareMemberships)
            .slice(0, page.limit + 1)
        : await loadPage(ctx, variantOf(PAGES.members, role, includeEnded), page, group.id, {
            firstPages: (groupIds, limit) =>
              this.repository.firstMemberships(groupIds, { role, includeEnded }, limit),
            parentOf: (m) => m.groupId,
            nextPage: () => this.repository.listMemberships(group.id, { role, includeEnded }, page),
          });
    return toConnection(rows, page, membershipKey);
  }

  /**
   * A person's current memberships in groups the caller sees; one statement for every person in the request.
   */
  async membershipsOf(ctx: RequestContext, person: PersonEntity): Promise<LeadingGroupMembershipEntity[]> {
    const memberships = await loadGroup(
      ctx,
      MEMBERSHIPS_BY_PERSON,
      (personIds) => this.repository.currentOfPeople(personIds),
      (m) => m.personId,
      person.id,
    );
    const groups = await Promise.all(memberships.map((m) => this.get(ctx, m.groupId)));
    return memberships.filter((_, i) => groups[i] !== null);
  }

  async history(ctx: RequestContext, group: LeadingGroupEntity, args: PageArgs) {
    const page = readPage(args);
    const afterSeq = readSeqKey(page)?.toString();
    const rows = await loadPage(ctx, PAGES.history, page, group.id, {
      firstPages: (groupIds, limit) => this.repository.latestChanges(groupIds, limit),
      parentOf: (c) => c.groupId,
      nextPage: () => this.repository.history(group.id, page, afterSeq),
    });
    return toConnection(rows, page, (c: LeadingGroupChangeEntity) => [c.seq]);
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
      await this.record(ctx, manager, created, at, {
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

  async appoint(
    ctx: RequestContext,
    input: AppointLeadingGroupMemberInput,
  ): Promise<LeadingGroupMembershipEntity> {
    requireWriter(ctx);
    const { group, organisation } = await this.requireForWriting(ctx, input.groupId, 'groupId');
    oneOf(LEADING_GROUP_ROLES, input.role, 'role');
    const person = await this.requireMember(ctx, organisation, input.personId, 'personId');
    const post = optionalText(input.post, 'post', 100) ?? person.post;
    const note = optionalText(input.note, 'note', 500);
    // The person a LEADER_REPLACED ends is known once the group is locked.
    const forgets = ({ plan }: { plan: AppointmentPlan<LeadingGroupMembershipEntity> }) =>
      touched(group, [person.id, plan.replaced?.personId]);
    const { membership } = await this.writing(ctx, forgets, async (manager) => {
      await this.people.holdActive(manager, [person], () => 'personId');
      await this.repository.lock(manager, group.id);
      const plan = planAppointment(
        await this.repository.currentOfGroup(manager, group.id),
        person.id,
        input.role,
      );
      // The history entry names the replaced person, whose row this must not wait on under the group lock: their
      // departure, holding it, may be waiting for the group.
      if (
        plan.replaced &&
        !(await this.people.hold(manager, [plan.replaced.personId], true)).has(plan.replaced.personId)
      ) {
        throw new DomainError(
          CommonErrorCode.Conflict,
          `the current ${input.role} is being changed at the same time (leaving their organisation, perhaps); ` +
            'read the group again and retry',
          { field: 'role' },
        );
      }
      const at = await this.repository.now(manager);
      // Ended before the new term starts: the partial unique indexes see one current holder at every step.
      if (plan.own) await this.repository.endMembership(manager, plan.own, at, `appointed ${input.role}`);
      if (plan.replaced) {
        await this.repository.endMembership(
          manager,
          plan.replaced,
          at,
          `replaced as ${input.role} by ${person.name}`,
        );
      }
      const membership = await this.repository.insertMembership(manager, {
        id: randomUUID(),
        groupId: group.id,
        personId: person.id,
        role: input.role,
        post,
        appointedAt: at,
        endedAt: null,
        endReason: null,
      });
      await this.record(ctx, manager, group, at, {
        kind: plan.kind,
        personId: person.id,
        role: input.role,
        post,
        previousRole: plan.own?.role ?? null,
        replacedPersonId: plan.replaced?.personId ?? null,
        note,
      });
      await this.outbox.publish(
        manager,
        LeadingGroupMemberAppointed,
        group.id,
        {
          leadingGroupId: group.id,
          organisationId: group.organisationId,
          membershipId: membership.id,
          personId: person.id,
          role: input.role,
          post,
          previousRole: plan.own?.role ?? null,
          replacedPersonId: plan.replaced?.personId ?? null,
          appointedAt: at.toISOString(),
        },
        eventContext(ctx),
      );
      return { membership, plan };
    });
    return membership;
  }

  async remove(
    ctx: RequestContext,
    input: RemoveLeadingGroupMemberInput,
  ): Promise<LeadingGroupMembershipEntity> {
    requireWriter(ctx);
    const { group } = await this.requireForWriting(ctx, input.groupId, 'groupId');
    const personId = requiredUuid(input.personId, 'personId');
    const reason = requiredText(input.reason, 'reason', 500);
    const forgets = () => touched(group, [personId]);
    const ended = await this.writing(ctx, forgets, async (manager) => {
      // Queues behind the person's departure, which ends the membership itself, instead of deadlocking with it.
      await this.people.hold(manager, [personId]);
      await this.repository.lock(manager, group.id);
      const membership = planRemoval(await this.repository.currentOfGroup(manager, group.id), personId);
      const at = await this.repository.now(manager);
      return this.endWithoutSuccessor(ctx, manager, group, membership, at, reason);
    });
    return ended;
  }

  /**
   * Ends every current membership of `person`, who is leaving their organisation, as removals; refused with
   * LEADER_REQUIRED while they lead a group. Runs in the departure's transaction with their row locked, so none of
   * their appointments or removals runs meanwhile. Groups of dissolved organisations are kept as they were.
   */
  private async leaving(ctx: RequestContext, manager: EntityManager, person: PersonEntity): Promise<void> {
    const held: { group: LeadingGroupEntity; membership: LeadingGroupMembershipEntity }[] = [];
    for (const { id } of await this.repository.liveGroupsOf(manager, person.id)) {
      const group = (await this.repository.lock(manager, id))!;
      const current = await this.repository.currentOfGroup(manager, group.id);
      // Read again under the group's lock, which the listing above did not hold.
      const membership = current.find((m) => m.personId === person.id);
      if (membership) held.push({ group, membership });
    }
    const ending = planDeparture(person.name, held);
    if (ending.length === 0) return;
    const at = await this.repository.now(manager);
    for (const { group, membership } of ending) {
      await this.endWithoutSuccessor(ctx, manager, group, membership, at, LEFT_ORGANISATION);
      forget(ctx, ...touched(group, [person.id]));
    }
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
      await this.record(ctx, manager, saved, await this.repository.now(manager), {
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
  private async requireForWriting(ctx: RequestContext, id: string, field: string) {
    const group = await this.require(ctx, id, field);
    const organisation = await this.organisations.requireActiveForWriting(ctx, group.organisationId, field);
    return { group, organisation };
  }

  /**
   * A person who may sit in a group of `organisation`: active, visible to the caller, and in an organisation
   * within the group organisation's region (the head of the city's emergency bureau sits in the city's group;
   * a neighbouring county's official does not).
   */
  private async requireMember(
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
   * Ends `membership` without a successor, under its group's lock: the end of the term, the MEMBER_REMOVED entry
   * and LeadingGroupMemberRemoved. What a removal and a departure both do.
   */
  private async endWithoutSuccessor(
    ctx: RequestContext,
    manager: EntityManager,
    group: LeadingGroupEntity,
    membership: LeadingGroupMembershipEntity,
    at: Date,
    reason: string,
  ): Promise<LeadingGroupMembershipEntity> {
    const ended = await this.repository.endMembership(manager, membership, at, reason);
    await this.record(ctx, manager, group, at, {
      kind: 'MEMBER_REMOVED',
      personId: membership.personId,
      role: membership.role,
      post: membership.post,
      note: reason,
    });
    await this.outbox.publish(
      manager,
      LeadingGroupMemberRemoved,
      group.id,
      {
        leadingGroupId: group.id,
        organisationId: group.organisationId,
        membershipId: membership.id,
        personId: membership.personId,
        role: membership.role,
        reason,
        endedAt: at.toISOString(),
      },
      eventContext(ctx),
    );
    return ended;
  }

  /** Appends an entry to the group's change log, in the change's transaction. */
  private record(
    ctx: RequestContext,
    manager: EntityManager,
    group: LeadingGroupEntity,
    at: Date,
    change: Pick<LeadingGroupChangeEntity, 'kind'> & Partial<LeadingGroupChangeEntity>,
  ) {
    return this.repository.insertChange(manager, {
      groupId: group.id,
      at,
      personId: null,
      role: null,
      post: null,
      previousRole: null,
      replacedPersonId: null,
      note: null,
      ...change,
      actorSubject: ctx.identity.subject,
    });
  }

  /**
   * Runs a change in a transaction, turning a lost race on a unique index into its domain error, and forgets
   * what the change touched.
   */
  private writing<T>(
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

/** The key of a members cursor: role rank, appointment time, membership id. */
function readMembershipKey(page: Page) {
  const after = afterKey(page, ['int', 'time', 'uuid']);
  if (after && !/^[1-4]$/.test(after[0]!)) {
    throw badInput('after is not a cursor returned by this connection', 'after');
  }
}
