import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, currency, flowSources, text, uuid } from '../common';
import { moneyBlockV1 } from '../money';

/** Superseded by {@link ProcurementRecorded} (v2); kept so events published as v1 still validate. */
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

export const ProcurementRecorded = defineEvent({
  domain: 'supplies',
  name: 'ProcurementRecorded',
  version: 2,
  description:
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
export type ProcurementRecordedV2 = EventData<typeof ProcurementRecorded>;
