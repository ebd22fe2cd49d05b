import { defineEvent } from '@emergency/events';
import { amountFen, currency, flowSources, uuid, type FlowSource } from './common';

export interface ProcurementRecordedV1 {
  procurementId: string;
  fundId: string;
  allocationId: string;
  incidentId: string;
  amountFen: string;
  currency: 'CNY';
  payerOrganisationId: string;
  supplierName: string;
  itemDescription: string;
  quantity: number;
  unitPriceFen: string;
  /** The allocation this purchase was paid from. */
  sources: FlowSource[];
}

export const ProcurementRecorded = defineEvent<ProcurementRecordedV1>({
  domain: 'supplies',
  name: 'ProcurementRecorded',
  version: 1,
  description: 'Supplies were bought from a supplier and paid from a fund allocation.',
  schema: {
    type: 'object',
    properties: {
      procurementId: uuid,
      fundId: uuid,
      allocationId: uuid,
      incidentId: uuid,
      amountFen,
      currency,
      payerOrganisationId: uuid,
      supplierName: { type: 'string', minLength: 1 },
      itemDescription: { type: 'string', minLength: 1 },
      quantity: { type: 'integer', minimum: 1 },
      unitPriceFen: amountFen,
      sources: flowSources,
    },
    required: [
      'procurementId',
      'fundId',
      'allocationId',
      'incidentId',
      'amountFen',
      'currency',
      'payerOrganisationId',
      'supplierName',
      'itemDescription',
      'quantity',
      'unitPriceFen',
      'sources',
    ],
    additionalProperties: false,
  },
});
