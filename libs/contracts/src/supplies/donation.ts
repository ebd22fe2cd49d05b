import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, calendarDate, nullableUuid, regionCode, text, uuid } from '../common';

/** One goods line of a donation received into stock: the lot it made and what is left to receive of the line. */
const donatedGoodsReceivedLine = Type.Object(
  {
    /** The index of the goods line in the money block of the allocation or contribution. */
    goodsLine: Type.Integer({ minimum: 0 }),
    itemCode: Type.String({ pattern: '^[1-9][0-9]{6}$' }),
    lotId: uuid,
    quantity: Type.Integer({ minimum: 1 }),
    unitValueFen: amountFen,
    /** quantity × unitValueFen. */
    valueFen: amountFen,
    /**
     * What of the line is still to be received after this receipt (for a contribution, less what allocations of
     * goods in kind passed on of it).
     */
    remainingQuantity: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const DonatedGoodsReceived = defineEvent({
  domain: 'supplies',
  name: 'DonatedGoodsReceived',
  version: 1,
  description:
    'Goods donated in kind were received into stock at a reserve point: by an allocation of goods in kind (to its ' +
    'recipient) or straight from an in-kind contribution (by its receiving organisation). Each line names the goods ' +
    'line of the money block it receives, the DONATION lot it made (a StockReceived of that lot precedes this event ' +
    'in the same transaction), its quantity and value at the line’s unit value, and what of the line is left to ' +
    'receive.',
  schema: Type.Object(
    {
      receiptId: uuid,
      /** Null when received straight from the contribution. */
      allocationId: nullableUuid,
      contributionId: uuid,
      fundId: uuid,
      incidentId: uuid,
      reservePointId: uuid,
      /** The reserve point's 6-digit region. */
      regionCode,
      receivedOn: calendarDate,
      lines: Type.Array(donatedGoodsReceivedLine, { minItems: 1 }),
      /** The lines' values added up. */
      valueFen: amountFen,
      description: text,
    },
    { additionalProperties: false },
  ),
});
export type DonatedGoodsReceivedV1 = EventData<typeof DonatedGoodsReceived>;
