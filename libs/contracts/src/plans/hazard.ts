import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  amountFen,
  calendarDate,
  dateTime,
  nullable,
  nullableStringEnum,
  nullableText,
  nullableUuid,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';

/** 危险源 (a source of danger to watch) or 隐患 (a hidden danger to remove). */
export const HAZARD_KINDS = ['HAZARD_SOURCE', 'HIDDEN_DANGER'] as const;
/** 一般 / 重大 (安全生产事故隐患排查治理暂行规定 art. 3). */
export const HAZARD_LEVELS = ['ORDINARY', 'MAJOR'] as const;
/** The closed loop 排查 → 登记 → 整改 → 验证 → 销号. */
export const HAZARD_STATUSES = ['FOUND', 'REGISTERED', 'RECTIFYING', 'VERIFIED', 'CLOSED'] as const;
export const HAZARD_VERIFICATION_RESULTS = ['PASSED', 'FAILED'] as const;

const level = stringEnum(HAZARD_LEVELS);
const hazard = { hazardId: uuid, regionCode, level, responsibleOrganisationId: uuid };

export const HazardRegistered = defineEvent({
  domain: 'plans',
  name: 'HazardRegistered',
  version: 1,
  description:
    'A hazard source or hidden danger was entered in the hazard ledger (登记): its kind, level, category, place and ' +
    'the unit responsible. A MAJOR one names the supervising department (`supervisingOrganisationId`) it is ' +
    'reported to for supervised rectification (AQSC art. 41); null for an ORDINARY one without one.',
  schema: Type.Object(
    {
      ...hazard,
      kind: stringEnum(HAZARD_KINDS),
      category: nullableText,
      subcategory: nullableText,
      foundOn: calendarDate,
      foundByOrganisationId: uuid,
      supervisingOrganisationId: nullableUuid,
      registeredAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type HazardRegisteredV1 = EventData<typeof HazardRegistered>;

export const HazardRectificationPlanned = defineEvent({
  domain: 'plans',
  name: 'HazardRectificationPlanned',
  version: 1,
  description:
    'The six fixes (六定) of a hazard’s rectification were set: item, measures, funds, responsible person, deadline ' +
    'and reviewer (people by id). `amountFen` is the funds planned for the rectification, in integer fen: a ' +
    'planned amount, not a movement of money.',
  schema: Type.Object(
    {
      ...hazard,
      item: text,
      measures: text,
      amountFen,
      responsiblePersonId: uuid,
      deadline: calendarDate,
      reviewerPersonId: uuid,
    },
    { additionalProperties: false },
  ),
});
export type HazardRectificationPlannedV1 = EventData<typeof HazardRectificationPlanned>;

export const HazardStatusChanged = defineEvent({
  domain: 'plans',
  name: 'HazardStatusChanged',
  version: 1,
  description:
    'A hazard moved along its closed loop (FOUND → REGISTERED → RECTIFYING → VERIFIED → CLOSED; an ORDINARY one ' +
    'fixed on the spot FOUND → VERIFIED, `onTheSpot` true). `from` is null when it was first recorded.',
  schema: Type.Object(
    {
      ...hazard,
      from: nullableStringEnum(HAZARD_STATUSES),
      to: stringEnum(HAZARD_STATUSES),
      onTheSpot: Type.Boolean(),
      note: nullableText,
      changedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type HazardStatusChangedV1 = EventData<typeof HazardStatusChanged>;

export const HazardVerified = defineEvent({
  domain: 'plans',
  name: 'HazardVerified',
  version: 1,
  description:
    'The reviewer checked a hazard’s rectification (复查/验收): PASSED makes it VERIFIED, FAILED sends it back to ' +
    'rectification.',
  schema: Type.Object(
    {
      ...hazard,
      verifiedOn: calendarDate,
      result: stringEnum(HAZARD_VERIFICATION_RESULTS),
      reviewerPersonId: uuid,
      deadline: nullable({ type: 'string', format: 'date' }),
    },
    { additionalProperties: false },
  ),
});
export type HazardVerifiedV1 = EventData<typeof HazardVerified>;

export const HazardDeadlineChanged = defineEvent({
  domain: 'plans',
  name: 'HazardDeadlineChanged',
  version: 1,
  description: 'A hazard’s rectification deadline was moved, with the reason (its extension history).',
  schema: Type.Object(
    { ...hazard, previousDeadline: calendarDate, deadline: calendarDate, reason: text },
    { additionalProperties: false },
  ),
});
export type HazardDeadlineChangedV1 = EventData<typeof HazardDeadlineChanged>;

export const HazardRectificationOverdue = defineEvent({
  domain: 'plans',
  name: 'HazardRectificationOverdue',
  version: 1,
  description:
    'A hazard was not verified as rectified by its deadline (published once per hazard and deadline, the day ' +
    'after; again only if a later deadline passes too).',
  schema: Type.Object(
    { ...hazard, supervisingOrganisationId: nullableUuid, deadline: calendarDate, detectedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type HazardRectificationOverdueV1 = EventData<typeof HazardRectificationOverdue>;

export const HazardClosed = defineEvent({
  domain: 'plans',
  name: 'HazardClosed',
  version: 1,
  description:
    'A verified hazard was closed (销号): when, whether it was fixed on the spot, its deadline and verification ' +
    'date, and until when its record is kept.',
  schema: Type.Object(
    {
      ...hazard,
      closedOn: calendarDate,
      onTheSpot: Type.Boolean(),
      deadline: nullable({ type: 'string', format: 'date' }),
      verifiedOn: calendarDate,
      retainUntil: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type HazardClosedV1 = EventData<typeof HazardClosed>;

export const HazardRulesSet = defineEvent({
  domain: 'plans',
  name: 'HazardRulesSet',
  version: 1,
  description:
    'A jurisdiction’s hazard-ledger rules were set, replacing the ones before: the years a closed hazard’s record ' +
    'is kept and the longest rectification deadline of an ORDINARY hazard in days (null: no limit), in force ' +
    'within `regionPrefix` (empty: national) unless a longer prefix has its own.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$' }),
      retentionYears: Type.Integer({ minimum: 1, maximum: 100 }),
      ordinaryMaxDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3660 }), Type.Null()]),
      source: text,
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type HazardRulesSetV1 = EventData<typeof HazardRulesSet>;
