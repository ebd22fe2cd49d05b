import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { LeadingGroupMemberAppointed, LeadingGroupMemberRemoved } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  forget,
  variantOf,
  loaderKey,
  badInput,
  CommonErrorCode,
  DomainError,
  eventContext,
  loadGroup,
  loadPage,
  oneOf,
  optionalText,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { afterKey, readPage, type Page, type PageArgs } from '@emergency/paging';
import type { PersonEntity } from '../person/person.entity';
import { PersonDepartures } from '../person/person-departures';
import { PersonService } from '../person/person.service';
import { LeadingGroupHistoryService } from './leading-group-history.service';
import {
  LEADING_GROUP_ROLES,
  type LeadingGroupMembershipEntity,
  type LeadingGroupRole,
} from './leading-group-membership.entity';
import { planAppointment, planDeparture, planRemoval, type AppointmentPlan } from './leading-group-rules';
import type { LeadingGroupEntity } from './leading-group.entity';
import { compareMemberships, LeadingGroupRepository, membershipKey } from './leading-group.repository';
import {
  CURRENT_MEMBERSHIPS,
  LeadingGroupService,
  MEMBERSHIPS_BY_PERSON,
  touched,
} from './leading-group.service';

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

/** Request-scoped first pages of `LeadingGroup.members`. */
const MEMBERS = loaderKey<LeadingGroupMembershipEntity[]>('LeadingGroup.members');

/** Why a departure ended a membership: its end reason, the history entry's note and the event's reason. */
const LEFT_ORGANISATION = 'left their organisation';

/**
 * A group's members: who holds which role, appointments and removals, and a departure ending someone's terms.
 * A change takes the group's row lock first, so concurrent changes to one group run one after the other and each
 * sees the memberships the previous one left.
 */
@Injectable()
export class LeadingGroupMemberService implements OnModuleInit {
  constructor(
    private readonly groups: LeadingGroupService,
    private readonly repository: LeadingGroupRepository,
    private readonly people: PersonService,
    private readonly changes: LeadingGroupHistoryService,
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
        : await loadPage(ctx, variantOf(MEMBERS, role, includeEnded), page, group.id, {
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
    const groups = await Promise.all(memberships.map((m) => this.groups.get(ctx, m.groupId)));
    return memberships.filter((_, i) => groups[i] !== null);
  }

  async appoint(
    ctx: RequestContext,
    input: AppointLeadingGroupMemberInput,
  ): Promise<LeadingGroupMembershipEntity> {
    requireWriter(ctx);
    const { group, organisation } = await this.groups.requireForWriting(ctx, input.groupId, 'groupId');
    oneOf(LEADING_GROUP_ROLES, input.role, 'role');
    const person = await this.groups.requireMember(ctx, organisation, input.personId, 'personId');
    const post = optionalText(input.post, 'post', 100) ?? person.post;
    const note = optionalText(input.note, 'note', 500);
    // The person a LEADER_REPLACED ends is known once the group is locked.
    const forgets = ({ plan }: { plan: AppointmentPlan<LeadingGroupMembershipEntity> }) =>
      touched(group, [person.id, plan.replaced?.personId]);
    const { membership } = await this.groups.writing(ctx, forgets, async (manager) => {
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
      await this.changes.record(ctx, manager, group, at, {
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
    const { group } = await this.groups.requireForWriting(ctx, input.groupId, 'groupId');
    const personId = requiredUuid(input.personId, 'personId');
    const reason = requiredText(input.reason, 'reason', 500);
    const forgets = () => touched(group, [personId]);
    const ended = await this.groups.writing(ctx, forgets, async (manager) => {
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
    await this.changes.record(ctx, manager, group, at, {
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
}

/** The key of a members cursor: role rank, appointment time, membership id. */
function readMembershipKey(page: Page) {
  const after = afterKey(page, ['int', 'time', 'uuid']);
  if (after && !/^[1-4]$/.test(after[0]!)) {
    throw badInput('after is not a cursor returned by this connection', 'after');
  }
}
