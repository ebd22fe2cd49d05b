import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  amountFen,
  calendarDate,
  dateTime,
  nullable,
  nullableText,
  nullableUuid,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';

/** Where a lot's goods came from (ADR 29); the ids of its source that do not apply are null. */
const STOCK_SOURCE_KINDS = ['PURCHASE', 'DONATION', 'TRANSFER', 'INITIAL'] as const;
const lotSource = Type.Object(
  {
    kind: stringEnum(STOCK_SOURCE_KINDS),
    procurementId: nullableUuid,
    allocationId: nullableUuid,
    contributionId: nullableUuid,
    fundId: nullableUuid,
    transferId: nullableUuid,
  },
  { additionalProperties: false },
);

/** Signed fen: a movement out of a lot has a negative value. */
const signedFen = Type.String({ pattern: '^(0|-?[1-9][0-9]{0,18})$' });

/** The lot a movement moved, as every stock event names it. */
const lotFields = {
  lotId: uuid,
  reservePointId: uuid,
  regionCode,
  itemCode: Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' }),
  unitValueFen: amountFen,
  source: lotSource,
};

/** A journal row: the movement, its signed quantity and value, and the lot's balance after it. */
const movementFields = {
  movementId: uuid,
  quantity: Type.Integer(),
  valueFen: signedFen,
  balanceAfter: Type.Integer({ minimum: 0 }),
  at: dateTime,
  reason: nullableText,
};

export const StockReceived = defineEvent({
  domain: 'supplies',
  name: 'StockReceived',
  version: 1,
  description:
    'Goods were received into a reserve point as a new lot: bought (the procurement and the allocation that paid), ' +
    'donated in kind (the contribution and its fund) or an opening balance. valueFen = quantity × unitValueFen.',
  schema: Type.Object(
    {
      ...lotFields,
      ...movementFields,
      receivedOn: calendarDate,
      expiresOn: nullable({ type: 'string', format: 'date' }),
    },
    { additionalProperties: false },
  ),
});
export type StockReceivedV1 = EventData<typeof StockReceived>;

export const StockIssued = defineEvent({
  domain: 'supplies',
  name: 'StockIssued',
  version: 1,
  description:
    'Goods left a lot: dispatched to an incident, used at a shelter or a household distribution, or written off ' +
    '(with its reason). quantity and valueFen are negative; the ids say what it went to.',
  schema: Type.Object(
    {
      ...lotFields,
      ...movementFields,
      kind: stringEnum(['DISPATCH', 'USE', 'WRITE_OFF'] as const),
      incidentId: nullableUuid,
      shelterId: nullableUuid,
      distributionReference: nullableText,
    },
    { additionalProperties: false },
  ),
});
export type StockIssuedV1 = EventData<typeof StockIssued>;

export const StockTransferred = defineEvent({
  domain: 'supplies',
  name: 'StockTransferred',
  version: 1,
  description:
    'Goods moved between reserve points: out of one lot into a new lot at the other point, which keeps the first ' +
    'lot’s source ids and unit value. quantity is what moved; valueFen its value.',
  schema: Type.Object(
    {
      transferId: uuid,
      fromLotId: uuid,
      fromReservePointId: uuid,
      fromRegionCode: regionCode,
      toLotId: uuid,
      toReservePointId: uuid,
      toRegionCode: regionCode,
      itemCode: Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' }),
      quantity: Type.Integer({ minimum: 1 }),
      unitValueFen: amountFen,
      valueFen: amountFen,
      outMovementId: uuid,
      inMovementId: uuid,
      source: lotSource,
      at: dateTime,
      reason: nullableText,
    },
    { additionalProperties: false },
  ),
});
export type StockTransferredV1 = EventData<typeof StockTransferred>;

/** The order goods move under between reserve points: a dispatch (调拨), a requisition (征用) or its repayment in kind. */
export const SHIPMENT_ORDER_KINDS = ['DISPATCH', 'REQUISITION', 'REPAYMENT'] as const;
const shipmentOrder = {
  orderKind: stringEnum(SHIPMENT_ORDER_KINDS),
  orderId: uuid,
};

export const StockShipped = defineEvent({
  domain: 'supplies',
  name: 'StockShipped',
  version: 1,
  description:
    'Goods left a lot for another reserve point under an order (a dispatch, a requisition or its repayment in kind) ' +
    'and are in transit until StockArrived names the same movement. quantity and valueFen are negative; the lot ' +
    'keeps its source ids, which the goods carry on.',
  schema: Type.Object(
    {
      ...lotFields,
      ...movementFields,
      ...shipmentOrder,
      toReservePointId: uuid,
      toRegionCode: regionCode,
    },
    { additionalProperties: false },
  ),
});
export type StockShippedV1 = EventData<typeof StockShipped>;

export const StockArrived = defineEvent({
  domain: 'supplies',
  name: 'StockArrived',
  version: 1,
  description:
    'Goods shipped from a lot (shipMovementId, the StockShipped movement) were received at the reserve point they ' +
    'were sent to: receivedQuantity into a new lot (toLotId; source TRANSFER with the order as its transferId and ' +
    'the first lot’s source ids and unit value), and the shortfall, shippedQuantity − receivedQuantity, lost in ' +
    'transit. toLotId and inMovementId are null when nothing arrived. Values in fen: quantity × unitValueFen.',
  schema: Type.Object(
    {
      ...shipmentOrder,
      fromLotId: uuid,
      shipMovementId: uuid,
      toLotId: nullableUuid,
      inMovementId: nullableUuid,
      toReservePointId: uuid,
      toRegionCode: regionCode,
      itemCode: Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' }),
      unitValueFen: amountFen,
      source: lotSource,
      shippedQuantity: Type.Integer({ minimum: 1 }),
      receivedQuantity: Type.Integer({ minimum: 0 }),
      shortfallQuantity: Type.Integer({ minimum: 0 }),
      receivedValueFen: amountFen,
      shortfallValueFen: amountFen,
      receivedOn: calendarDate,
      at: dateTime,
      reason: nullableText,
    },
    { additionalProperties: false },
  ),
});
export type StockArrivedV1 = EventData<typeof StockArrived>;

export const StockAdjusted = defineEvent({
  domain: 'supplies',
  name: 'StockAdjusted',
  version: 1,
  description:
    'A lot’s quantity was corrected by an explicit movement: after a census (censusId), for a mistaken movement ' +
    '(correctsMovementId), or a return after use (kind RETURN, returnsMovementId the issue it returns from).',
  schema: Type.Object(
    {
      ...lotFields,
      ...movementFields,
      kind: stringEnum(['ADJUSTMENT', 'RETURN'] as const),
      censusId: nullableUuid,
      correctsMovementId: nullableUuid,
      returnsMovementId: nullableUuid,
    },
    { additionalProperties: false },
  ),
});
export type StockAdjustedV1 = EventData<typeof StockAdjusted>;

export const MinimumStockSet = defineEvent({
  domain: 'supplies',
  name: 'MinimumStockSet',
  version: 1,
  description: 'The minimum stock of an item at a reserve point was set (0: none).',
  schema: Type.Object(
    {
      reservePointId: uuid,
      regionCode,
      itemCode: Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' }),
      minimum: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
});
export type MinimumStockSetV1 = EventData<typeof MinimumStockSet>;

export const StockBelowMinimum = defineEvent({
  domain: 'supplies',
  name: 'StockBelowMinimum',
  version: 1,
  description:
    'The stock of an item at a reserve point fell below its minimum; announced once per breach (again only after ' +
    'it was restored).',
  schema: Type.Object(
    {
      reservePointId: uuid,
      regionCode,
      itemCode: Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' }),
      minimum: Type.Integer({ minimum: 1 }),
      quantity: Type.Integer({ minimum: 0 }),
      detectedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type StockBelowMinimumV1 = EventData<typeof StockBelowMinimum>;

const lotExpiry = {
  lotId: uuid,
  reservePointId: uuid,
  regionCode,
  itemCode: Type.String({ pattern: '^[1-9]([0-9]{2}){3}$' }),
  quantityOnHand: Type.Integer({ minimum: 0 }),
  valueFen: amountFen,
  expiresOn: calendarDate,
  detectedAt: dateTime,
};

export const LotNearExpiry = defineEvent({
  domain: 'supplies',
  name: 'LotNearExpiry',
  version: 1,
  description:
    'A lot with goods on hand expires within the days its jurisdiction’s stock rules say (90 by default); once per lot.',
  schema: Type.Object(
    { ...lotExpiry, withinDays: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
});
export type LotNearExpiryV1 = EventData<typeof LotNearExpiry>;

export const LotExpired = defineEvent({
  domain: 'supplies',
  name: 'LotExpired',
  version: 1,
  description: 'A lot with goods on hand passed its expiry date; once per lot.',
  schema: Type.Object(lotExpiry, { additionalProperties: false }),
});
export type LotExpiredV1 = EventData<typeof LotExpired>;

export const StockCensusRecorded = defineEvent({
  domain: 'supplies',
  name: 'StockCensusRecorded',
  version: 1,
  description:
    'The goods of a reserve point were counted: each lot’s count beside its journal quantity and the variance. ' +
    'Stock is not changed by it; an adjustment naming the census does that.',
  schema: Type.Object(
    {
      censusId: uuid,
      reservePointId: uuid,
      regionCode,
      countedOn: calendarDate,
      lines: Type.Array(
        Type.Object(
          {
            lotId: uuid,
            journalQuantity: Type.Integer({ minimum: 0 }),
            counted: Type.Integer({ minimum: 0 }),
            variance: Type.Integer(),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type StockCensusRecordedV1 = EventData<typeof StockCensusRecorded>;

export const StockRulesSet = defineEvent({
  domain: 'supplies',
  name: 'StockRulesSet',
  version: 1,
  description:
    'A jurisdiction’s stock rules were replaced (`regionPrefix` empty: the national rules): the days ahead a lot ' +
    'is near expiry and the months between censuses.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      nearExpiryDays: Type.Integer({ minimum: 1 }),
      censusIntervalMonths: Type.Integer({ minimum: 1 }),
      source: text,
    },
    { additionalProperties: false },
  ),
});
export type StockRulesSetV1 = EventData<typeof StockRulesSet>;
