import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, calendarDate, currency, flowSources, nullableText, text, uuid } from '../common';
import { moneyBlock, moneyBlockV1 } from '../money';

/** Superseded by {@link ProcurementRecordedV2Contract} (v2); kept so events published as v1 still validate. */
export const ProcurementRecordedV1Contract = defineEvent({
  domain: 'supplies',
  name: 'ProcurementRecorded',
  version: 1,
  description:
    'Deprecated: published before the money block; see v2. ' +
    'Supplies were bought from a supplier and paid from a fund allocation.',
  schema: Type.Object(
    {
      procurementId: uuid,
      fundId: uuid,
      allocationId: uuid,
      incidentId: uuid,
      amountFen,
      currency,
      payerOrganisationId: uuid,
      supplierName: text,
      itemDescription: text,
      quantity: Type.Integer({ minimum: 1 }),
      unitPriceFen: amountFen,
      /** The allocation this purchase was paid from. */
      sources: flowSources,
    },
    { additionalProperties: false },
  ),
});
export type ProcurementRecordedV1 = EventData<typeof ProcurementRecordedV1Contract>;

/** Superseded by {@link ProcurementRecorded} (v3); kept so events published as v2 still validate. */
export const ProcurementRecordedV2Contract = defineEvent({
  domain: 'supplies',
  name: 'ProcurementRecorded',
  version: 2,
  description:
    'Deprecated: published before the money model of ADR 26; see v3. ' +
    'Supplies were bought from a supplier and paid from a fund allocation. Its money block (SPENT) is paid by the ' +
    'allocation’s recipient to the supplier (by name), with the allocation as its one source; the materials are ' +
    'the item, quantity and unit price.',
  schema: Type.Object(
    {
      procurementId: uuid,
      itemDescription: text,
      quantity: Type.Integer({ minimum: 1 }),
      unitPriceFen: amountFen,
      money: moneyBlockV1,
    },
    { additionalProperties: false },
  ),
});
export type ProcurementRecordedV2 = EventData<typeof ProcurementRecordedV2Contract>;

/** What one allocation paid of a procurement, as the payer split it. */
const procurementPayment = Type.Object({ allocationId: uuid, amountFen }, { additionalProperties: false });

export const ProcurementRecorded = defineEvent({
  domain: 'supplies',
  name: 'ProcurementRecorded',
  version: 3,
  description:
    'Supplies were bought from a supplier and paid from one or more fund allocations of one fund, in the amounts ' +
    'the payer stated (`payments`). Its money block (DISBURSED, the procurement as its flow) is paid by the ' +
    'allocations’ recipient to the supplier (by name), in cash; its sources are the allocations, each with the ' +
    'contributions drawn from it first in, first out; its allocation is null when the payment is split. The goods ' +
    'bought are the item, quantity and unit price.',
  schema: Type.Object(
    {
      procurementId: uuid,
      itemDescription: text,
      quantity: Type.Integer({ minimum: 1 }),
      unitPriceFen: amountFen,
      payments: Type.Array(procurementPayment, { minItems: 1 }),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ProcurementRecordedV3 = EventData<typeof ProcurementRecorded>;

export const ProcurementRefunded = defineEvent({
  domain: 'supplies',
  name: 'ProcurementRefunded',
  version: 1,
  description:
    'A supplier gave back part or all of what a procurement paid; `cancelled` says the procurement was cancelled ' +
    '(everything still paid given back). Its money block (DISBURSED) reverses the procurement, has the refund as ' +
    'its flow and, as its sources, the allocations the money goes back to, last paid first, with their ' +
    'contributions.',
  schema: Type.Object(
    {
      refundId: uuid,
      procurementId: uuid,
      reason: text,
      cancelled: Type.Boolean(),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ProcurementRefundedV1 = EventData<typeof ProcurementRefunded>;

export const ProcurementInvoiceRecorded = defineEvent({
  domain: 'supplies',
  name: 'ProcurementInvoiceRecorded',
  version: 1,
  description:
    'A supplier’s invoice for a procurement was recorded: its number (unique per supplier), date and amount. It ' +
    'moves no money; the invoices of a procurement add up to at most what it has paid net of refunds.',
  schema: Type.Object(
    {
      invoiceId: uuid,
      procurementId: uuid,
      fundId: uuid,
      incidentId: uuid,
      supplierName: text,
      number: text,
      issuedOn: calendarDate,
      amountFen,
      currency,
    },
    { additionalProperties: false },
  ),
});
export type ProcurementInvoiceRecordedV1 = EventData<typeof ProcurementInvoiceRecorded>;

export const ProcurementDeliveryAccepted = defineEvent({
  domain: 'supplies',
  name: 'ProcurementDeliveryAccepted',
  version: 1,
  description:
    'The goods of a procurement were received and accepted, possibly fewer than bought (the shortfall). Its money ' +
    'block (USED) confirms the end use of what the procurement paid net of refunds: its one source is the ' +
    'procurement, with the contributions that money is.',
  schema: Type.Object(
    {
      procurementId: uuid,
      acceptedOn: calendarDate,
      quantity: Type.Integer({ minimum: 1 }),
      receivedQuantity: Type.Integer({ minimum: 0 }),
      /** quantity − receivedQuantity. */
      shortfallQuantity: Type.Integer({ minimum: 0 }),
      note: nullableText,
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ProcurementDeliveryAcceptedV1 = EventData<typeof ProcurementDeliveryAccepted>;
