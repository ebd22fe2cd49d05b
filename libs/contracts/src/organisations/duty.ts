import { defineEvent } from '@emergency/events';
import { uuid } from '../common';

// Duty events are keyed by the organisation's id, not the shift's: a duty board or a coverage alert follows one
// organisation's roster, and needs a shift's scheduling, its cancellation and the gaps that opened (which belong to
// no single shift) in the order they were committed, which Kafka keeps only within a key. They never carry the
// shift's note (free text that may hold phone numbers); people are named by id.

const dutyRole = { type: 'string', enum: ['DUTY_OFFICER', 'LEADER_ON_DUTY'] } as const;
const instant = { type: 'string', format: 'date-time' } as const;

export interface DutyShiftScheduledV1 {
  shiftId: string;
  organisationId: string;
  personId: string;
  role: 'DUTY_OFFICER' | 'LEADER_ON_DUTY';
  /** ISO-8601 instants; the shift ends at `endsAt` (exclusive). */
  startsAt: string;
  endsAt: string;
}

const shiftState = {
  shiftId: uuid,
  organisationId: uuid,
  personId: uuid,
  role: dutyRole,
  startsAt: instant,
  endsAt: instant,
} as const;

export const DutyShiftScheduled = defineEvent<DutyShiftScheduledV1>({
  domain: 'organisations',
  name: 'DutyShiftScheduled',
  version: 1,
  description:
    'A person was put on 24-hour duty (24小时值班) at an organisation, as duty officer (值班员) or leader on duty ' +
    '(带班领导), from startsAt until endsAt. A roster publishes one per shift, all in one transaction. Keyed by ' +
    'organisation id.',
  schema: {
    type: 'object',
    properties: shiftState,
    required: Object.keys(shiftState),
    additionalProperties: false,
  },
});

export interface DutyShiftCancelledV1 extends DutyShiftScheduledV1 {
  reason: string;
  cancelledAt: string;
}

export const DutyShiftCancelled = defineEvent<DutyShiftCancelledV1>({
  domain: 'organisations',
  name: 'DutyShiftCancelled',
  version: 1,
  description:
    'A duty shift was cancelled (it stays on record). Carries the shift as scheduled, the reason and when. Any gap ' +
    'it leaves follows as DutyGapOpened in the same transaction. A person leaving their organisation cancels each ' +
    'of their shifts not yet started, with the reason "left their organisation", in the transaction that records ' +
    'the departure (before its PersonUpdated). Keyed by organisation id.',
  schema: {
    type: 'object',
    properties: { ...shiftState, reason: { type: 'string', minLength: 1 }, cancelledAt: instant },
    required: [...Object.keys(shiftState), 'reason', 'cancelledAt'],
    additionalProperties: false,
  },
});

export interface DutyGapOpenedV1 {
  organisationId: string;
  role: 'DUTY_OFFICER' | 'LEADER_ON_DUTY';
  /** The part of the cancelled shift's period now without anyone in `role`; ends exclusive. */
  startsAt: string;
  endsAt: string;
  causedByShiftId: string;
}

export const DutyGapOpened = defineEvent<DutyGapOpenedV1>({
  domain: 'organisations',
  name: 'DutyGapOpened',
  version: 1,
  description:
    'A cancellation left part of its shift’s period with nobody on duty in that role at the organisation: one ' +
    'event per uncovered interval within the cancelled shift’s period (a gap continuing beyond that period was ' +
    'already open). Published with the DutyShiftCancelled that caused it. Keyed by organisation id.',
  schema: {
    type: 'object',
    properties: {
      organisationId: uuid,
      role: dutyRole,
      startsAt: instant,
      endsAt: instant,
      causedByShiftId: uuid,
    },
    required: ['organisationId', 'role', 'startsAt', 'endsAt', 'causedByShiftId'],
    additionalProperties: false,
  },
});

export const DUTY_CONTRACTS = [DutyShiftScheduled, DutyShiftCancelled, DutyGapOpened];
