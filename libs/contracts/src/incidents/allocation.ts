import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { MONEY_PURPOSES } from '@emergency/domain';
import { stringEnum, text, uuid } from '../common';
import { moneyBlock } from '../money';

export const FundAllocated = defineEvent({
  domain: 'incidents',
  name: 'FundAllocated',
  version: 3,
  description:
    'Part of a fund was allocated to an organisation or a reconstruction project for a purpose. Its money block ' +
    '(ALLOCATED) is paid by the fund’s managing organisation to the recipient and has one source per contribution ' +
    'drawn (the contribution as the flow, with itself as the origin), in the order drawn.',
  schema: Type.Object(
    {
      allocationId: uuid,
      purposeCategory: stringEnum(MONEY_PURPOSES),
      purpose: text,
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type FundAllocatedV3 = EventData<typeof FundAllocated>;

export const FundAllocationReturned = defineEvent({
  domain: 'incidents',
  name: 'FundAllocationReturned',
  version: 1,
  description:
    'Part or all of an allocation was given back, to the fund or to its contributors. Its money block (ALLOCATED) ' +
    'reverses the allocation, has the return as its flow and the contributions given back (last drawn first) as ' +
    'its sources; `revoked` says the allocation was withdrawn.',
  schema: Type.Object(
    {
      returnId: uuid,
      allocationId: uuid,
      destination: stringEnum(['FUND', 'CONTRIBUTOR']),
      reason: text,
      revoked: Type.Boolean(),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type FundAllocationReturnedV1 = EventData<typeof FundAllocationReturned>;
