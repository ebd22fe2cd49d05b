import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, nullable, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

/** GB/T 44013-2024 grades shelters by administrative level: 省级, 市级, 县级, 乡镇(街道)级, 村(社区)级. */
export const SHELTER_LEVELS = ['PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
/** GB 51143-2015: 紧急, 固定 (短期 / 中期 / 长期), 中心. */
export const SHELTER_CLASSES = [
  'EMERGENCY',
  'FIXED_SHORT_TERM',
  'FIXED_MEDIUM_TERM',
  'FIXED_LONG_TERM',
  'CENTRAL',
] as const;
/** Where a shelter stands in its life: built, on standby, taking people in, full, closed. */
export const SHELTER_STATUSES = ['UNDER_CONSTRUCTION', 'READY', 'OPEN', 'FULL', 'CLOSED'] as const;

const degrees = (minimum: number, maximum: number) => Type.Number({ minimum, maximum });

/** What every shelter event carries: which shelter, where, of which grade, for how many people. */
const shelter = {
  shelterId: uuid,
  regionCode,
  /** The 9- or 12-digit division code of the township or village it stands in; null when not given. */
  divisionCode: nullable({ type: 'string', pattern: '^[1-8][0-9]{5}([0-9]{3}){1,2}$' }),
  managingOrganisationId: uuid,
  level: stringEnum(SHELTER_LEVELS),
  shelterClass: stringEnum(SHELTER_CLASSES),
  latitude: degrees(-90, 90),
  longitude: degrees(-180, 180),
  capacity: Type.Integer({ minimum: 1 }),
  status: stringEnum(SHELTER_STATUSES),
};

export const ShelterRegistered = defineEvent({
  domain: 'supplies',
  name: 'ShelterRegistered',
  version: 1,
  description:
    'An emergency shelter (应急避难场所) was registered: its level (GB/T 44013-2024), class (GB 51143-2015), managing ' +
    'organisation, region, coordinates (WGS-84) and capacity in people; status UNDER_CONSTRUCTION or READY.',
  schema: Type.Object(
    { ...shelter, effectiveAreaSquareMetres: Type.Integer({ minimum: 1 }), registeredAt: dateTime },
    { additionalProperties: false },
  ),
});
export type ShelterRegisteredV1 = EventData<typeof ShelterRegistered>;

export const ShelterChanged = defineEvent({
  domain: 'supplies',
  name: 'ShelterChanged',
  version: 1,
  description:
    'A shelter’s details were changed (name, class, place, capacity, area, facilities, signage), or its construction ' +
    'was completed (UNDER_CONSTRUCTION → READY); the event carries the shelter as it now stands.',
  schema: Type.Object(
    { ...shelter, effectiveAreaSquareMetres: Type.Integer({ minimum: 1 }), changedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type ShelterChangedV1 = EventData<typeof ShelterChanged>;

export const ShelterOpened = defineEvent({
  domain: 'supplies',
  name: 'ShelterOpened',
  version: 1,
  description:
    'A shelter was opened to take people in (READY or CLOSED → OPEN) at `openedAt`, for an incident (`incidentId`) ' +
    'or null when none was named.',
  schema: Type.Object(
    { ...shelter, incidentId: nullableUuid, openedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type ShelterOpenedV1 = EventData<typeof ShelterOpened>;

export const ShelterClosed = defineEvent({
  domain: 'supplies',
  name: 'ShelterClosed',
  version: 1,
  description: 'A shelter was closed (OPEN, FULL or READY → CLOSED) at `closedAt`, with the reason given.',
  schema: Type.Object(
    { ...shelter, incidentId: nullableUuid, reason: text, closedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type ShelterClosedV1 = EventData<typeof ShelterClosed>;

export const ShelterOccupancyReported = defineEvent({
  domain: 'supplies',
  name: 'ShelterOccupancyReported',
  version: 1,
  description:
    'The number of people staying in an open shelter at `reportedAt` was reported (a count, no person). ' +
    '`freeCapacity` is capacity less occupants, never below 0; `overCapacity` is true when more people stay than ' +
    'it is built for (accepted only when the report said so). `status` is FULL at or above capacity, OPEN below.',
  schema: Type.Object(
    {
      ...shelter,
      occupancyId: uuid,
      incidentId: nullableUuid,
      occupants: Type.Integer({ minimum: 0 }),
      freeCapacity: Type.Integer({ minimum: 0 }),
      overCapacity: Type.Boolean(),
      reportedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type ShelterOccupancyReportedV1 = EventData<typeof ShelterOccupancyReported>;

export const ShelterPlanningRatiosSet = defineEvent({
  domain: 'supplies',
  name: 'ShelterPlanningRatiosSet',
  version: 1,
  description:
    'A jurisdiction’s shelter planning ratio was set, replacing the one before: fixed (and central) shelter ' +
    'capacity as a share of the planned population, at least `minPercent` (and a planning upper band ' +
    '`maxPercent`, null when none), in force within `regionPrefix` (empty: national) unless a longer prefix has its own.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$' }),
      minPercent: Type.Integer({ minimum: 1, maximum: 100 }),
      maxPercent: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()]),
      source: text,
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type ShelterPlanningRatiosSetV1 = EventData<typeof ShelterPlanningRatiosSet>;

export const RegionPopulationSet = defineEvent({
  domain: 'supplies',
  name: 'RegionPopulationSet',
  version: 1,
  description:
    'The (planned) population of a region that shelter coverage is measured against was set, with its source ' +
    '(a census, a plan), replacing the figure before.',
  schema: Type.Object(
    { regionCode, population: Type.Integer({ minimum: 1 }), source: text, setAt: dateTime },
    { additionalProperties: false },
  ),
});
export type RegionPopulationSetV1 = EventData<typeof RegionPopulationSet>;
