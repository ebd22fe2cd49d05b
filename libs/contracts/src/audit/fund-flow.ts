import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, currency, stringEnum, uuid } from '../common';

export const FundFlowRecorded = defineEvent({
  domain: 'audit',
  name: 'FundFlowRecorded',
  version: 1,
  description: 'The audit ledger recorded a money flow (raised, allocated or spent) from a domain event.',
  schema: Type.Object(
    {
      flowId: uuid,
      stage: stringEnum(['RAISED', 'ALLOCATED', 'SPENT']),
      fundId: uuid,
      incidentId: uuid,
      amountFen,
      currency,
      /** Id of the domain event the flow was derived from. */
      sourceEventId: uuid,
    },
    { additionalProperties: false },
  ),
});
export type FundFlowRecordedV1 = EventData<typeof FundFlowRecorded>;
