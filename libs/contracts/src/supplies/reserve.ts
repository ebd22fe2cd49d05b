import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

/** The five levels of the reserve system (中央—省—市—县—乡). */
export const RESERVE_POINT_LEVELS = ['CENTRAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP'] as const;
/** A depot (储备库), a reserve point (储备点), or an agreement reserve an enterprise holds (协议储备). */
export const RESERVE_POINT_KINDS = ['DEPOT', 'POINT', 'AGREEMENT'] as const;

const latitude = Type.Number({ minimum: -90, maximum: 90 });
const longitude = Type.Number({ minimum: -180, maximum: 180 });
const nullableCapacity = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]);
const supplyCode = Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' });
const nullableDays = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]);

/** What every reserve point event says of the point as it stands after the change. */
const reservePointState = {
  reservePointId: uuid,
  level: stringEnum(RESERVE_POINT_LEVELS),
  kind: stringEnum(RESERVE_POINT_KINDS),
  ownerOrganisationId: uuid,
  /** The enterprise holding an agreement reserve; null for the others. */
  holderOrganisationId: nullableUuid,
  regionCode,
  latitude,
  longitude,
  capacityCubicMetres: nullableCapacity,
};

export const ReservePointRegistered = defineEvent({
  domain: 'supplies',
  name: 'ReservePointRegistered',
  version: 1,
  description:
    'A reserve depot, reserve point or agreement reserve was registered at its level of the reserve system, with its owner, region and coordinates (WGS-84).',
  schema: Type.Object({ ...reservePointState, name: text }, { additionalProperties: false }),
});
export type ReservePointRegisteredV1 = EventData<typeof ReservePointRegistered>;

export const ReservePointChanged = defineEvent({
  domain: 'supplies',
  name: 'ReservePointChanged',
  version: 1,
  description:
    'A reserve point’s name, capacity or location changed; the event carries its state after the change.',
  schema: Type.Object({ ...reservePointState, name: text }, { additionalProperties: false }),
});
export type ReservePointChangedV1 = EventData<typeof ReservePointChanged>;

export const ReservePointClosed = defineEvent({
  domain: 'supplies',
  name: 'ReservePointClosed',
  version: 1,
  description: 'A reserve point was closed, with the reason; it keeps its history but takes no more goods.',
  schema: Type.Object(
    { ...reservePointState, reason: text, closedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type ReservePointClosedV1 = EventData<typeof ReservePointClosed>;

/** What both catalogue events say of an item. */
const supplyItemState = {
  code: supplyCode,
  nameZh: text,
  nameEn: text,
  unit: text,
  shelfLifeDays: nullableDays,
  /** False where the code is the system's own, the standard's sub-codes not being known. */
  official: Type.Boolean(),
};

export const SupplyItemAdded = defineEvent({
  domain: 'supplies',
  name: 'SupplyItemAdded',
  version: 1,
  description: 'An item was added to the supply catalogue under its GB/T 38565-2020 structured 7-digit code.',
  schema: Type.Object(supplyItemState, { additionalProperties: false }),
});
export type SupplyItemAddedV1 = EventData<typeof SupplyItemAdded>;

export const SupplyItemChanged = defineEvent({
  domain: 'supplies',
  name: 'SupplyItemChanged',
  version: 1,
  description:
    'A catalogue item’s names, unit or shelf life changed; the event carries the item after the change.',
  schema: Type.Object(supplyItemState, { additionalProperties: false }),
});
export type SupplyItemChangedV1 = EventData<typeof SupplyItemChanged>;

export const ReserveDeliveryRulesSet = defineEvent({
  domain: 'supplies',
  name: 'ReserveDeliveryRulesSet',
  version: 1,
  description:
    'A jurisdiction’s delivery targets per reserve level (first batch within so many hours) and road-speed factors were replaced (`regionPrefix` empty: the national rules); an empty list hands the jurisdiction back to the next shorter prefix.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      rules: Type.Array(
        Type.Object(
          {
            level: stringEnum(RESERVE_POINT_LEVELS),
            /** Null: no target for the level. */
            firstBatchHours: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
            roadSpeedKmh: Type.Number({ exclusiveMinimum: 0 }),
            source: text,
            roadSpeedSource: text,
          },
          { additionalProperties: false },
        ),
      ),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type ReserveDeliveryRulesSetV1 = EventData<typeof ReserveDeliveryRulesSet>;
