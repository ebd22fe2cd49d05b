import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { MONEY_PURPOSES } from '@emergency/domain';
import { stringEnum, text, uuid } from '../common';
import { moneyBlock } from '../money';

const purposeCategory = stringEnum(MONEY_PURPOSES);

export const FundAllocated = defineEvent({
  domain: 'incidents',
  name: 'FundAllocated',
  version: 3,
  description:
    'Part of a fund was allocated to an organisation or a reconstruction project, for a purpose. Its money block ' +
    '(ALLOCATED) is paid by the fund’s managing organisation to the recipient (a project’s owner), carries the ' +
    'allocation id as both flow and allocation and the project when there is one, and draws on paid contributions: ' +
    'one source per contribution drawn, in the order drawn (directed money first, then undirected, oldest first), ' +
    'each naming the contribution as its flow and its origin. An allocation of goods in kind carries its lines and ' +
    'their valuation basis.',
  schema: Type.Object(
    { allocationId: uuid, purposeCategory, purpose: text, money: moneyBlock },
    { additionalProperties: false },
  ),
});
export type FundAllocatedV3 = EventData<typeof FundAllocated>;

/** Where returned money goes: back to the fund (to be allocated again) or to the contributors it came from. */
export const allocationReturnDestination = stringEnum(['FUND', 'CONTRIBUTOR']);

export const FundAllocationReturned = defineEvent({
  domain: 'incidents',
  name: 'FundAllocationReturned',
  version: 1,
  description:
    'Unspent money (or goods) of an allocation was returned, wholly when the allocation was revoked. Its money ' +
    'block (ALLOCATED) is a reversal: the return id is the flow, `reverses` names the allocation, the recipient ' +
    'pays the fund’s managing organisation, and the sources are the contributions given back (last drawn first), ' +
    'each with itself as origin. For destination CONTRIBUTOR a FundContributionReturned follows for each of them.',
  schema: Type.Object(
    {
      returnId: uuid,
      allocationId: uuid,
      destination: allocationReturnDestination,
      reason: text,
      revoked: Type.Boolean(),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type FundAllocationReturnedV1 = EventData<typeof FundAllocationReturned>;

export const FundContributionReturned = defineEvent({
  domain: 'incidents',
  name: 'FundContributionReturned',
  version: 1,
  description:
    'Money an allocation returned was given back to the contributor it came from (audit rectification: returned ' +
    'to its original channel). Its money block (RAISED) reverses the contribution: paid by the fund’s managing ' +
    'organisation to the contributor, with no sources.',
  schema: Type.Object(
    { contributionId: uuid, returnId: uuid, allocationId: uuid, reason: text, money: moneyBlock },
    { additionalProperties: false },
  ),
});
export type FundContributionReturnedV1 = EventData<typeof FundContributionReturned>;
