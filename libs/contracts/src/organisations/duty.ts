import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, text, stringEnum } from '../common';

// Duty events are keyed by the organisation's id, not the shift's: a duty board or a coverage alert follows one
// organisation's roster, and needs a shift's scheduling, its cancellation and the gaps that opened (which belong to
// no single shift) in the order they were committed, which Kafka keeps only within a key. They never carry the
// shift's note (free text that may hold phone numbers); people are named by id.

const dutyRole = stringEnum(['DUTY_OFFICER', 'LEADER_ON_DUTY']);
const instant = Type.String({ format: 'date-time' });

const shiftState = {
  shiftId: uuid,
  organisationId: uuid,
  personId: uuid,
  role: dutyRole,
  /** ISO-8601 instants; the shift ends at `endsAt` (exclusive). */
  startsAt: instant,
  endsAt: instant,
};

export const DutyShiftScheduled = defineEvent({
  domain: 'organisations',
  name: 'DutyShiftScheduled',
  version: 1,
  description:
    'A person was put on 24-hour duty (24小时值班) at an organisation, as duty officer (值班员) or leader on duty ' +
    '(带班领导), from startsAt until endsAt. A roster publishes one per shift, all in one transaction. Keyed by ' +
    'organisation id.',
  schema: Type.Object(shiftState, { additionalProperties: false }),
});
export type DutyShiftScheduledV1 = EventData<typeof DutyShiftScheduled>;

export const DutyShiftCancelled = defineEvent({
  domain: 'organisations',
  name: 'DutyShiftCancelled',
  version: 1,
  description:
    'A duty shift was cancelled (it stays on record). Carries the shift as scheduled, the reason and when. Any gap ' +
    'it leaves follows as DutyGapOpened in the same transaction. A person leaving their organisation cancels each ' +
    'of their shifts not yet started, with the reason "left their organisation", in the transaction that records ' +
    'the departure (before its PersonUpdated). Keyed by organisation id.',
  schema: Type.Object({ ...shiftState, reason: text, cancelledAt: instant }, { additionalProperties: false }),
});
export type DutyShiftCancelledV1 = EventData<typeof DutyShiftCancelled>;

export const DutyGapOpened = defineEvent({
  domain: 'organisations',
  name: 'DutyGapOpened',
  version: 1,
  description:
    'A cancellation left part of its shift’s period with nobody on duty in that role at the organisation: one ' +
    'event per uncovered interval within the cancelled shift’s period (a gap continuing beyond that period was ' +
    'already open). Published with the DutyShiftCancelled that caused it. Keyed by organisation id.',
  schema: Type.Object(
    {
      organisationId: uuid,
      role: dutyRole,
      /** The part of the cancelled shift's period now without anyone in `role`; ends exclusive. */
      startsAt: instant,
      endsAt: instant,
      causedByShiftId: uuid,
    },
    { additionalProperties: false },
  ),
});
export type DutyGapOpenedV1 = EventData<typeof DutyGapOpened>;
