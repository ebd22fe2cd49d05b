import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DutyShiftScheduled } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  oneOf,
  optionalText,
  requiredUuid,
  requireWriter,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import { chinaTime, checkShiftPeriod, overlapWithin } from './duty-rules';
import { DUTY_ROLES, type DutyRole, type DutyShiftEntity } from './duty-shift.entity';
import { DutyErrorCode, DutyException } from './duty.exception';
import { DutyRepository } from './duty.repository';
import { shiftEvent } from './duty.service';

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

/** A month of three shifts a day for both roles is 186: a roster of more is a mistake, not a plan. */
export const MAX_ROSTER_SHIFTS = 200;

/** How deep the organisation tree may go before the ancestor walk gives up (the tree has no cycles). */
const MAX_ANCESTORS = 32;

interface Item {
  input: DutyRosterShiftInput;
  /** Where the item's fields sit in the mutation's input: '' for a single shift, 'shifts[3].' in a roster. */
  prefix: string;
}

/** Scheduling: a shift, or a roster of them at once, for people of the organisation or above it. */
@Injectable()
export class DutyRosterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DutyRepository,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
  ) {}

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
