import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DutyGapOpened, DutyShiftCancelled, DutyShiftScheduled } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  variantOf,
  loaderKey,
  badInput,
  DomainError,
  eventContext,
  loadById,
  loadPage,
  loader,
  notFound,
  oneOf,
  CommonErrorCode,
  optionalText,
  optionalUuid,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, jurisdictionRelation, visibleRegionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { OrganisationDissolutions } from '../organisation/organisation-dissolutions';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import { PersonDepartures } from '../person/person-departures';
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import { dutyGaps, type DutyGap } from './duty-gaps';
import { chinaTime, checkPeriod, checkShiftPeriod, coveragePeriod, overlapWithin } from './duty-rules';
import { DUTY_ROLES, type DutyRole, type DutyShiftEntity } from './duty-shift.entity';
import { DutyErrorCode, DutyException } from './duty.exception';
import { DutyRepository } from './duty.repository';

export interface DutyRosterShiftInput {
  personId: string;
  role: DutyRole;
  startsAt: Date;
  endsAt: Date;
  note?: string | null;
}

export interface ScheduleDutyShiftInput extends DutyRosterShiftInput {
  organisationId: string;
}

export interface ScheduleDutyRosterInput {
  organisationId: string;
  shifts: DutyRosterShiftInput[];
}

export interface CancelDutyShiftInput {
  id: string;
  reason: string;
}

export interface DutyShiftFilter {
  organisationId?: string | null;
  personId?: string | null;
  role?: DutyRole | null;
  from?: Date | null;
  to?: Date | null;
  includeCancelled?: boolean | null;
}

export interface OnDuty {
  organisation: OrganisationEntity;
  at: Date;
  dutyOfficers: DutyShiftEntity[];
  leadersOnDuty: DutyShiftEntity[];
}

export interface DutyCoverage {
  organisation: OrganisationEntity;
  from: Date;
  to: Date;
  complete: boolean;
  gaps: DutyGap[];
}

/** A month of three shifts a day for both roles is 186: a roster of more is a mistake, not a plan. */
export const MAX_ROSTER_SHIFTS = 200;

/** Shifts are listed by start, then id. */
const shiftKey = (s: DutyShiftEntity) => timeKeyOf(s.startsAt, s.id);

/** Why a departure cancels the shifts the person had ahead of them. */
export const DEPARTURE_REASON = 'left their organisation';

/** How deep the organisation tree may go before the ancestor walk gives up (the tree has no cycles). */
const MAX_ANCESTORS = 32;

interface Item {
  input: DutyRosterShiftInput;
  /** Where the item's fields sit in the mutation's input: '' for a single shift, 'shifts[3].' in a roster. */
  prefix: string;
}

/** Request-scoped first pages of `Organisation.dutyShifts`. */
const SHIFTS_OF_ORGANISATION = loaderKey<DutyShiftEntity[]>('Organisation.dutyShifts');

/** Duty shifts by id, for this request. */
const SHIFTS = loaderKey<DutyShiftEntity>('DutyShift');
/** Who is on duty in each organisation at `at` (now when null), for this request. */
const onDutyAt = (at: Date | null | undefined) =>
  loaderKey<{ id: string; at: Date; shifts: DutyShiftEntity[] }>(`OnDuty:${at ? at.toISOString() : 'now'}`);

@Injectable()
export class DutyService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DutyRepository,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
    private readonly departures: PersonDepartures,
    private readonly dissolutions: OrganisationDissolutions,
  ) {}

  onModuleInit() {
    // Someone who has left keeps no duty ahead of them; a shift already under way runs to its end.
    this.departures.register({
      onPersonLeaving: (ctx, manager, person) => this.cancelUpcomingOf(ctx, manager, person),
    });
    // Nobody can keep the duty of an organisation that no longer exists: its standing shifts must be cancelled first.
    this.dissolutions.register({
      // The dissolution holds the organisation's row: a schedule there either committed before (and is counted) or
      // waits for it at its own read of the row, and then finds the organisation dissolved.
      stillInUse: async (manager, organisation) => ({
        upcomingDutyShifts: await this.repository.countStanding(manager, organisation.id, new Date()),
      }),
    });
  }

  /** A shift for the caller, batched per request; hidden when its organisation is outside the jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<DutyShiftEntity | null> {
    const shift = await loadById(ctx, SHIFTS, (ids) => this.repository.findByIds(ids), id);
    return shift && inJurisdiction(ctx.identity, shift.regionCode) ? shift : null;
  }

  /** The shift `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<DutyShiftEntity> {
    const shift = await this.get(ctx, requiredUuid(id, field));
    if (!shift) throw notFound('DutyShift', id, field);
    return shift;
  }

  async list(ctx: RequestContext, filter: DutyShiftFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.role && !DUTY_ROLES.includes(filter.role)) throw badInput('unknown role', 'filter.role');
    if (filter.from && filter.to) checkPeriod(filter.from, filter.to, 'filter.to');
    const organisationId = optionalUuid(filter.organisationId, 'filter.organisationId');
    const rows = await this.repository.list(
      {
        regionPrefix: visibleRegionPrefix(ctx.identity) ?? undefined,
        organisationIds: organisationId ? [organisationId] : undefined,
        personId: optionalUuid(filter.personId, 'filter.personId'),
        role: filter.role ?? undefined,
        from: filter.from ?? undefined,
        to: filter.to ?? undefined,
        includeCancelled: filter.includeCancelled ?? false,
      },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, shiftKey);
  }

  /**
   * An organisation's non-cancelled shifts that share an instant with [from, to), by start. A roster is shown only
   * within the caller's jurisdiction: above it and beside it the connection is empty (docs/access.md).
   */
  async ofOrganisation(
    ctx: RequestContext,
    organisation: OrganisationEntity,
    period: { from?: Date | null; to?: Date | null },
    args: PageArgs,
  ) {
    const page = readPage(args);
    if (period.from && period.to) checkPeriod(period.from, period.to, 'to');
    if (jurisdictionRelation(ctx.identity, organisation.regionCode) !== 'WITHIN') {
      return toConnection([], page, shiftKey);
    }
    const query = { from: period.from ?? undefined, to: period.to ?? undefined };
    const name = variantOf(SHIFTS_OF_ORGANISATION, query.from?.toISOString(), query.to?.toISOString());
    const rows = await loadPage(ctx, name, page, organisation.id, {
      firstPages: (organisationIds, limit) =>
        this.repository.firstOfOrganisations({ ...query, organisationIds }, limit),
      parentOf: (s) => s.organisationId,
      nextPage: () =>
        this.repository.list({ ...query, organisationIds: [organisation.id] }, page, readTimeKey(page)),
    });
    return toConnection(rows, page, shiftKey);
  }

  /** Who is on duty at an organisation in the caller's jurisdiction or above it; NOT_FOUND beside it. */
  async onDuty(ctx: RequestContext, organisationId: string, at?: Date | null): Promise<OnDuty> {
    const id = requiredUuid(organisationId, 'organisationId');
    const organisation = await this.organisations.load(ctx, id);
    if (!organisation || jurisdictionRelation(ctx.identity, organisation.regionCode) === 'BESIDE') {
      throw notFound('Organisation', id, 'organisationId');
    }
    return this.onDutyAt(ctx, organisation, at);
  }

  /**
   * Who is on duty at `organisation` at `at` (now by default). Batched: the organisations of one request asked
   * for the same instant are read in one statement, and "now" is one instant for all of them.
   *
   * A desk must reach the offices it reports to at any hour, so above the caller's jurisdiction it sees who is on
   * duty now (only now: a past or planned instant would read the roster one query at a time); beside it, nothing
   * (OUTSIDE_JURISDICTION, since an empty answer would claim that nobody keeps the duty).
   */
  async onDutyAt(ctx: RequestContext, organisation: OrganisationEntity, at?: Date | null): Promise<OnDuty> {
    const relation = jurisdictionRelation(ctx.identity, organisation.regionCode);
    if (relation === 'BESIDE') {
      throw new DomainError(
        CommonErrorCode.OutsideJurisdiction,
        `the duty of ${organisation.name} is outside your jurisdiction`,
        { field: 'onDuty' },
      );
    }
    if (relation === 'ABOVE' && at) {
      throw new DomainError(
        CommonErrorCode.OutsideJurisdiction,
        `${organisation.name} is above your jurisdiction: you may ask who is on duty there now, without at`,
        { field: 'at' },
      );
    }
    const running = await loader(
      ctx,
      onDutyAt(at),
      async (ids) => {
        const instant = at ?? new Date();
        const shifts = await this.repository.runningAt(ids, instant);
        return ids.map((id) => ({ id, at: instant, shifts: shifts.filter((s) => s.organisationId === id) }));
      },
      (group) => group.id,
    ).load(organisation.id);
    const shifts = running?.shifts ?? [];
    return {
      organisation,
      at: running?.at ?? at ?? new Date(),
      dutyOfficers: shifts.filter((s) => s.role === 'DUTY_OFFICER'),
      leadersOnDuty: shifts.filter((s) => s.role === 'LEADER_ON_DUTY'),
    };
  }

  /** Every interval of [from, to) in which the organisation has no duty officer or no leader on duty. */
  async coverage(ctx: RequestContext, organisationId: string, from: Date, to: Date): Promise<DutyCoverage> {
    const organisation = await this.organisations.require(
      ctx,
      requiredUuid(organisationId, 'organisationId'),
      'organisationId',
    );
    const period = coveragePeriod(from, to);
    const shifts = await this.repository.covering(organisation.id, period.from, period.to);
    const gaps = dutyGaps(shifts, period.from, period.to);
    return { organisation, ...period, complete: gaps.length === 0, gaps };
  }

  async schedule(ctx: RequestContext, input: ScheduleDutyShiftInput): Promise<DutyShiftEntity> {
    requireWriter(ctx);
    const organisation = await this.organisations.requireActiveForWriting(
      ctx,
      requiredUuid(input.organisationId, 'organisationId'),
      'organisationId',
    );
    const [shift] = await this.scheduleAll(ctx, organisation, [{ input, prefix: '' }]);
    return shift!;
  }

  /** Schedules every shift of the roster, or none: the first refused one names its item (`shifts[3].startsAt`). */
  async scheduleRoster(ctx: RequestContext, input: ScheduleDutyRosterInput): Promise<DutyShiftEntity[]> {
    requireWriter(ctx);
    const organisation = await this.organisations.requireActiveForWriting(
      ctx,
      requiredUuid(input.organisationId, 'organisationId'),
      'organisationId',
    );
    if (input.shifts.length === 0 || input.shifts.length > MAX_ROSTER_SHIFTS) {
      throw badInput(
        `a roster holds 1 to ${MAX_ROSTER_SHIFTS} shifts (got ${input.shifts.length})`,
        'shifts',
      );
    }
    return this.scheduleAll(
      ctx,
      organisation,
      input.shifts.map((shift, i) => ({ input: shift, prefix: `shifts[${i}].` })),
    );
  }

  async cancel(ctx: RequestContext, input: CancelDutyShiftInput): Promise<DutyShiftEntity> {
    requireWriter(ctx);
    const current = await this.require(ctx, input.id, 'id');
    requireJurisdiction(ctx, current.regionCode, 'id');
    const reason = requiredText(input.reason, 'reason', 500);
    const change = async (manager: EntityManager) => {
      await this.repository.lockOrganisation(manager, current.organisationId);
      const shift = (await this.repository.findForUpdate(manager, current.id))!;
      if (shift.cancelledAt) {
        throw new DutyException(
          DutyErrorCode.AlreadyCancelled,
          `the shift was already cancelled at ${chinaTime(shift.cancelledAt)}`,
          { field: 'id' },
        );
      }
      const now = new Date();
      // What happened stays as it happened: a finished shift is part of the duty record.
      if (shift.endsAt <= now) {
        throw new DutyException(
          DutyErrorCode.ShiftEnded,
          `the shift ended at ${chinaTime(shift.endsAt)}; finished shifts cannot be cancelled`,
          { field: 'id' },
        );
      }
      return this.cancelLocked(ctx, manager, shift, reason, now);
    };
    return write(ctx, this.dataSource, change, { forgets: [{ key: SHIFTS, ids: [current.id] }] });
  }

  /**
   * Cancels every shift of `person` that has not started, at any organisation, in the departure's transaction;
   * a shift under way is left to run to its end. The departure holds the person's row, so no schedule of theirs
   * is in progress (it would hold the row too) and none can commit before this does (it reads the row first, and
   * then finds them gone). Each cancellation takes cancelDutyShift's locks, every organisation's before any shift's
   * row and by organisation id, so departures, cancellations and schedules never wait on each other in a circle.
   */
  private async cancelUpcomingOf(ctx: RequestContext, manager: EntityManager, person: PersonEntity) {
    const now = new Date();
    for (const organisationId of await this.repository.upcomingOrganisationIds(manager, person.id, now)) {
      await this.repository.lockOrganisation(manager, organisationId);
    }
    for (const shift of await this.repository.upcomingOfPersonForUpdate(manager, person.id, now)) {
      await this.cancelLocked(ctx, manager, shift, DEPARTURE_REASON, now);
    }
  }

  /**
   * Cancels `shift`, whose row and organisation the caller has locked, at `now`: publishes DutyShiftCancelled and
   * a DutyGapOpened for each part of its period it leaves with nobody in its role.
   */
  private async cancelLocked(
    ctx: RequestContext,
    manager: EntityManager,
    shift: DutyShiftEntity,
    reason: string,
    now: Date,
  ): Promise<DutyShiftEntity> {
    shift.cancelledAt = now;
    shift.cancellationReason = reason;
    const saved = await this.repository.save(manager, shift);
    await this.outbox.publish(
      manager,
      DutyShiftCancelled,
      saved.organisationId,
      { ...shiftEvent(saved), reason, cancelledAt: now.toISOString() },
      eventContext(ctx),
    );
    // The organisation lock keeps other schedules and cancellations there out until this commits, so these gaps
    // are exactly what the cancellation opened.
    const remaining = await this.repository.covering(
      saved.organisationId,
      saved.startsAt,
      saved.endsAt,
      saved.role,
      manager,
    );
    for (const gap of dutyGaps(remaining, saved.startsAt, saved.endsAt, [saved.role])) {
      await this.outbox.publish(
        manager,
        DutyGapOpened,
        saved.organisationId,
        {
          organisationId: saved.organisationId,
          role: gap.role,
          startsAt: gap.startsAt.toISOString(),
          endsAt: gap.endsAt.toISOString(),
          causedByShiftId: saved.id,
        },
        eventContext(ctx),
      );
    }
    return saved;
  }

  private async scheduleAll(
    ctx: RequestContext,
    organisation: OrganisationEntity,
    items: Item[],
  ): Promise<DutyShiftEntity[]> {
    const now = new Date();
    for (const { input, prefix } of items) {
      requiredUuid(input.personId, `${prefix}personId`);
      oneOf(DUTY_ROLES, input.role, `${prefix}role`);
      checkShiftPeriod(input, now, prefix);
      optionalText(input.note, `${prefix}note`, 500);
    }
    // One batched read for everyone in the roster; the first refusal in roster order is the one reported.
    const found = await Promise.allSettled(
      items.map(({ input, prefix }) => this.people.requireActive(ctx, input.personId, `${prefix}personId`)),
    );
    const refused = found.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    const people = found.map((r) => (r as PromiseFulfilledResult<PersonEntity>).value);
    const members = await this.memberOrganisationIds(ctx, organisation);
    items.forEach(({ prefix }, i) => {
      const person = people[i]!;
      if (!members.has(person.organisationId)) {
        throw new DutyException(
          DutyErrorCode.PersonNotInOrganisation,
          `${person.name} belongs neither to ${organisation.name} nor to an organisation above it`,
          { field: `${prefix}personId` },
        );
      }
    });
    const candidates = items.map(({ input }, i) => ({
      personId: people[i]!.id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    }));
    const within = overlapWithin(candidates);
    if (within) {
      const { prefix } = items[within.index]!;
      const other = items[within.conflictingIndex]!;
      throw new DutyException(
        DutyErrorCode.Overlap,
        `${people[within.index]!.name} is on duty twice at once in this roster: ${prefix.slice(0, -1)} overlaps ` +
          `${other.prefix.slice(0, -1)} (${chinaTime(other.input.startsAt)} to ${chinaTime(other.input.endsAt)})`,
        { field: `${prefix}personId`, conflictingItem: other.prefix.slice(0, -1) },
      );
    }

    return write(ctx, this.dataSource, async (manager) => {
      // Person locks in one order, then the organisation's, so concurrent rosters never wait on each other in a
      // circle; inside them, the overlap check below sees every shift committed before and none can slip in.
      const personIds = [...new Set(candidates.map((c) => c.personId))].sort();
      for (const personId of personIds) {
        await this.repository.lockPerson(manager, personId);
      }
      // Then their rows, held to the end (before the organisation's lock: a departure holds its person's row and
      // then takes organisation locks). A departure that committed while this waited cancelled only the shifts it
      // saw, so its person is refused here; one that comes later waits for these shifts and cancels them.
      await this.people.holdActive(
        manager,
        people,
        (person) => `${items[people.indexOf(person)]!.prefix}personId`,
      );
      await this.repository.lockOrganisation(manager, organisation.id);
      // Likewise for a dissolution that committed meanwhile: it counted no shift of this roster.
      await this.organisations.holdActive(manager, organisation, 'organisationId');
      const [clash] = await this.repository.overlapping(manager, candidates);
      if (clash) {
        const { prefix } = items[clash.index]!;
        throw new DutyException(
          DutyErrorCode.Overlap,
          `${people[clash.index]!.name} is already on duty from ${chinaTime(clash.shift.startsAt)} to ` +
            `${chinaTime(clash.shift.endsAt)} (shift ${clash.shift.id})`,
          { field: `${prefix}personId`, conflictingShiftId: clash.shift.id },
        );
      }
      const shifts = await this.repository.insertAll(
        manager,
        items.map(({ input, prefix }, i) => ({
          id: randomUUID(),
          organisationId: organisation.id,
          regionCode: organisation.regionCode,
          personId: people[i]!.id,
          role: input.role,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          note: optionalText(input.note, `${prefix}note`, 500),
          cancelledAt: null,
          cancellationReason: null,
        })),
      );
      // Duty events are keyed by organisation id, so one organisation's roster changes and gaps stay in commit
      // order for its consumers (see the contracts).
      for (const shift of shifts) {
        await this.outbox.publish(
          manager,
          DutyShiftScheduled,
          shift.organisationId,
          shiftEvent(shift),
          eventContext(ctx),
        );
      }
      return shifts;
    });
  }

  /**
   * The organisation and every organisation above it: who may keep its duty. A leader of the parent government
   * may lead the duty at its emergency office. The chain may rise above the caller's jurisdiction.
   */
  private async memberOrganisationIds(ctx: RequestContext, organisation: OrganisationEntity) {
    const ids = new Set([organisation.id]);
    let parentId = organisation.parentId;
    while (parentId && !ids.has(parentId) && ids.size < MAX_ANCESTORS) {
      ids.add(parentId);
      parentId = (await this.organisations.load(ctx, parentId))?.parentId ?? null;
    }
    return ids;
  }
}

const shiftEvent = (shift: DutyShiftEntity) => ({
  shiftId: shift.id,
  organisationId: shift.organisationId,
  personId: shift.personId,
  role: shift.role,
  startsAt: shift.startsAt.toISOString(),
  endsAt: shift.endsAt.toISOString(),
});
