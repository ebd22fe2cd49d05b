import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, currency, nullableUuid, stringEnum, uuid } from '../common';
import { moneyForm } from '../money';

/** Superseded by {@link FundFlowRecorded} (v2); kept so events published as v1 still validate. */
export const FundFlowRecordedV1Contract = defineEvent({
  domain: 'audit',
  name: 'FundFlowRecorded',
  version: 1,
  description:
    'Deprecated: published before the five stages; see v2. ' +
    'The audit ledger recorded a money flow (raised, allocated or spent) from a domain event.',
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
export type FundFlowRecordedV1 = EventData<typeof FundFlowRecordedV1Contract>;

export const FundFlowRecorded = defineEvent({
  domain: 'audit',
  name: 'FundFlowRecorded',
  version: 2,
  description:
    'The audit ledger recorded a money flow from a domain event: raised, allocated, disbursed or used, in cash or ' +
    'in kind, forward or reversing an earlier flow (docs/adr/0026-the-money-model.md).',
  schema: Type.Object(
    {
      flowId: uuid,
      stage: stringEnum(['RAISED', 'ALLOCATED', 'DISBURSED', 'USED']),
      /** The flow this one undoes, wholly or in part; null for money moving forward. */
      reverses: nullableUuid,
      form: moneyForm,
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
export type FundFlowRecordedV2 = EventData<typeof FundFlowRecorded>;
