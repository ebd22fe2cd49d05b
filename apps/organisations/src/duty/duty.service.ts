import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DutyGapOpened, DutyShiftCancelled } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  variantOf,
  loaderKey,
  badInput,
  eventContext,
  loadById,
  loadPage,
  notFound,
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
import { PersonDepartures } from '../person/person-departures';
import type { PersonEntity } from '../person/person.entity';
import { dutyGaps } from './duty-gaps';
import { chinaTime, checkPeriod } from './duty-rules';
import { DUTY_ROLES, type DutyRole, type DutyShiftEntity } from './duty-shift.entity';
import { DutyErrorCode, DutyException } from './duty.exception';
import { DutyRepository } from './duty.repository';

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

/** Shifts are listed by start, then id. */
const shiftKey = (s: DutyShiftEntity) => timeKeyOf(s.startsAt, s.id);

/** Why a departure cancels the shifts the person had ahead of them. */
export const DEPARTURE_REASON = 'left their organisation';

/** Request-scoped first pages of `Organisation.dutyShifts`. */
const SHIFTS_OF_ORGANISATION = loaderKey<DutyShiftEntity[]>('Organisation.dutyShifts');

/** Duty shifts by id, for this request. */
const SHIFTS = loaderKey<DutyShiftEntity>('DutyShift');
/** Duty shifts: reading them, and cancelling one or, on a departure, all of someone's ahead of them. */
@Injectable()
export class DutyService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DutyRepository,
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
}

export const shiftEvent = (shift: DutyShiftEntity) => ({
  shiftId: shift.id,
  organisationId: shift.organisationId,
  personId: shift.personId,
  role: shift.role,
  startsAt: shift.startsAt.toISOString(),
  endsAt: shift.endsAt.toISOString(),
});
