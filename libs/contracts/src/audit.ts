import { defineEvent } from '@emergency/events';
import { amountFen, currency, uuid } from './common';

export interface FundFlowRecordedV1 {
  flowId: string;
  stage: 'RAISED' | 'ALLOCATED' | 'SPENT';
  fundId: string;
  incidentId: string;
  amountFen: string;
  currency: 'CNY';
  /** Id of the domain event the flow was derived from. */
  sourceEventId: string;
}

export const FundFlowRecorded = defineEvent<FundFlowRecordedV1>({
  domain: 'audit',
  name: 'FundFlowRecorded',
  version: 1,
  description: 'The audit ledger recorded a money flow (raised, allocated or spent) from a domain event.',
  schema: {
    type: 'object',
    properties: {
      flowId: uuid,
      stage: { type: 'string', enum: ['RAISED', 'ALLOCATED', 'SPENT'] },
      fundId: uuid,
      incidentId: uuid,
      amountFen,
      currency,
      sourceEventId: uuid,
    },
    required: ['flowId', 'stage', 'fundId', 'incidentId', 'amountFen', 'currency', 'sourceEventId'],
    additionalProperties: false,
  },
});
