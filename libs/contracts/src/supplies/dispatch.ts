import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  amountFen,
  dateTime,
  nullable,
  nullableText,
  nullableUuid,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';

/** How a lower level asked for goods: in writing, or by phone with the paperwork to follow. */
export const SUPPLIES_REQUEST_CHANNELS = ['WRITTEN', 'PHONE'] as const;
/** A leader's decision on a request. */
export const SUPPLIES_REQUEST_DECISIONS = ['APPROVED', 'REJECTED'] as const;

const itemCode = Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' });
const regionPrefix = Type.String({ pattern: '^([0-9]{2}){0,3}$' });
/** Hours as a decimal string with two places, e.g. "7.50". */
const hours = Type.String({ pattern: '^[0-9]+\\.[0-9]{2}$' });
const nullableHours = nullable({ type: 'string', pattern: '^[0-9]+\\.[0-9]{2}$' });

const requestLine = Type.Object(
  {
    itemCode,
    quantity: Type.Integer({ minimum: 1 }),
    /** The requester's own stock of the item when it asked: lots at active points of exactly its region. */
    ownStock: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const SuppliesRequested = defineEvent({
  domain: 'supplies',
  name: 'SuppliesRequested',
  version: 1,
  description:
    'A lower level asked a higher one for goods (调拨申请): in writing (documentNumber given) or by phone, the ' +
    'paperwork then due by paperworkDueAt. Each line carries the requester’s own stock of the item at the time; ' +
    'ownStockAvailable says the request went upward while the requester still held some (own reserve first). ' +
    'Contacts are person ids only.',
  schema: Type.Object(
    {
      requestId: uuid,
      requesterRegionCode: regionCode,
      askedRegionCode: regionCode,
      incidentId: nullableUuid,
      channel: stringEnum(SUPPLIES_REQUEST_CHANNELS),
      documentNumber: nullableText,
      receivingReservePointId: uuid,
      shelterId: nullableUuid,
      contactPersonIds: Type.Array(uuid),
      lines: Type.Array(requestLine, { minItems: 1 }),
      ownStockAvailable: Type.Boolean(),
      requestedAt: dateTime,
      paperworkDueAt: nullable({ type: 'string', format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});
export type SuppliesRequestedV1 = EventData<typeof SuppliesRequested>;

export const SuppliesRequestPaperworkRecorded = defineEvent({
  domain: 'supplies',
  name: 'SuppliesRequestPaperworkRecorded',
  version: 1,
  description:
    'The written paperwork of a request made by phone was recorded; late when recordedAt is after paperworkDueAt.',
  schema: Type.Object(
    {
      requestId: uuid,
      requesterRegionCode: regionCode,
      askedRegionCode: regionCode,
      documentNumber: text,
      paperworkDueAt: dateTime,
      recordedAt: dateTime,
      late: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type SuppliesRequestPaperworkRecordedV1 = EventData<typeof SuppliesRequestPaperworkRecorded>;

export const SuppliesRequestPaperworkOverdue = defineEvent({
  domain: 'supplies',
  name: 'SuppliesRequestPaperworkOverdue',
  version: 1,
  description:
    'The paperwork of a request made by phone was not recorded by its paperworkDueAt; announced once per request.',
  schema: Type.Object(
    {
      requestId: uuid,
      requesterRegionCode: regionCode,
      askedRegionCode: regionCode,
      paperworkDueAt: dateTime,
      detectedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type SuppliesRequestPaperworkOverdueV1 = EventData<typeof SuppliesRequestPaperworkOverdue>;

export const SuppliesRequestDecided = defineEvent({
  domain: 'supplies',
  name: 'SuppliesRequestDecided',
  version: 1,
  description:
    'A leader of the level asked approved or rejected a request for goods (approver by person id).',
  schema: Type.Object(
    {
      requestId: uuid,
      requesterRegionCode: regionCode,
      askedRegionCode: regionCode,
      decision: stringEnum(SUPPLIES_REQUEST_DECISIONS),
      approverPersonId: uuid,
      note: nullableText,
      decidedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type SuppliesRequestDecidedV1 = EventData<typeof SuppliesRequestDecided>;

export const DispatchInstructed = defineEvent({
  domain: 'supplies',
  name: 'DispatchInstructed',
  version: 1,
  description:
    'A written dispatch instruction (调拨指令) was issued for an approved request: from the sending reserve point ' +
    'to the request’s receiving point (and shelter), with its lines; againstRequest compares, per item of either, ' +
    'what the request asked with what the instruction gives (shortOfRequest: how much less, 0 when all or more).',
  schema: Type.Object(
    {
      dispatchId: uuid,
      requestId: uuid,
      documentNumber: text,
      incidentId: nullableUuid,
      sendingReservePointId: uuid,
      sendingRegionCode: regionCode,
      receivingReservePointId: uuid,
      receivingRegionCode: regionCode,
      shelterId: nullableUuid,
      contactPersonIds: Type.Array(uuid),
      lines: Type.Array(
        Type.Object(
          {
            itemCode,
            quantity: Type.Integer({ minimum: 1 }),
            lotId: nullableUuid,
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
      againstRequest: Type.Array(
        Type.Object(
          {
            itemCode,
            requestedQuantity: Type.Integer({ minimum: 0 }),
            instructedQuantity: Type.Integer({ minimum: 0 }),
            shortOfRequest: Type.Integer({ minimum: 0 }),
          },
          { additionalProperties: false },
        ),
      ),
      instructedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type DispatchInstructedV1 = EventData<typeof DispatchInstructed>;

export const DispatchSent = defineEvent({
  domain: 'supplies',
  name: 'DispatchSent',
  version: 1,
  description:
    'The goods of a dispatch instruction left the sending point: each shipment (its StockShipped movement) with ' +
    'its lot, quantity and value in fen.',
  schema: Type.Object(
    {
      dispatchId: uuid,
      requestId: uuid,
      incidentId: nullableUuid,
      sendingReservePointId: uuid,
      receivingReservePointId: uuid,
      receivingRegionCode: regionCode,
      shipments: Type.Array(
        Type.Object(
          {
            shipmentId: uuid,
            lotId: uuid,
            itemCode,
            quantity: Type.Integer({ minimum: 1 }),
            valueFen: amountFen,
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
      shippedValueFen: amountFen,
      dispatchedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type DispatchSentV1 = EventData<typeof DispatchSent>;

export const DispatchReceived = defineEvent({
  domain: 'supplies',
  name: 'DispatchReceived',
  version: 1,
  description:
    'The receiving side booked what arrived of a dispatch: totals shipped, received and short in quantity and fen ' +
    '(each shipment’s own StockArrived carries the detail); deliveryHours = receivedAt − dispatchedAt against the ' +
    'first-batch target of the sending point’s level (null: no target), late when over it.',
  schema: Type.Object(
    {
      dispatchId: uuid,
      requestId: uuid,
      incidentId: nullableUuid,
      receivingReservePointId: uuid,
      receivingRegionCode: regionCode,
      shippedQuantity: Type.Integer({ minimum: 1 }),
      receivedQuantity: Type.Integer({ minimum: 0 }),
      shortfallQuantity: Type.Integer({ minimum: 0 }),
      shippedValueFen: amountFen,
      receivedValueFen: amountFen,
      shortfallValueFen: amountFen,
      dispatchedAt: dateTime,
      receivedAt: dateTime,
      deliveryHours: hours,
      targetHours: nullableHours,
      late: Type.Boolean(),
      note: nullableText,
    },
    { additionalProperties: false },
  ),
});
export type DispatchReceivedV1 = EventData<typeof DispatchReceived>;

export const DispatchRulesSet = defineEvent({
  domain: 'supplies',
  name: 'DispatchRulesSet',
  version: 1,
  description:
    'A jurisdiction’s dispatch rules were replaced (`regionPrefix` empty: the national rules): the hours within ' +
    'which a request made by phone is followed by its paperwork.',
  schema: Type.Object(
    {
      regionPrefix,
      paperworkHours: Type.Integer({ minimum: 1 }),
      source: text,
    },
    { additionalProperties: false },
  ),
});
export type DispatchRulesSetV1 = EventData<typeof DispatchRulesSet>;
