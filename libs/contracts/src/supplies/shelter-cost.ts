import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, calendarDate, regionCode, stringEnum, text, uuid } from '../common';
import { moneyBlock } from '../money';

/** What a shelter's cost paid for: building it, or upgrading it (facilities, signs, capacity). */
export const SHELTER_COST_KINDS = ['CONSTRUCTION', 'UPGRADE'] as const;

/** What one allocation paid of a shelter cost, as the payer split it. */
const shelterCostPayment = Type.Object({ allocationId: uuid, amountFen }, { additionalProperties: false });

export const ShelterCostPaid = defineEvent({
  domain: 'supplies',
  name: 'ShelterCostPaid',
  version: 1,
  description:
    'The construction or an upgrade of a shelter was paid to a contractor from one or more fund allocations of ' +
    'one fund, in the amounts the payer stated (`payments`). Its money block (DISBURSED, the payment as its flow) ' +
    'is paid by the allocations’ recipient to the contractor (by name), in cash; its sources are the allocations, ' +
    'each with the contributions drawn from it first in, first out; its allocation is null when the payment is ' +
    'split.',
  schema: Type.Object(
    {
      costId: uuid,
      shelterId: uuid,
      /** The shelter's 6-digit region. */
      regionCode,
      kind: stringEnum(SHELTER_COST_KINDS),
      paidOn: calendarDate,
      payments: Type.Array(shelterCostPayment, { minItems: 1 }),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ShelterCostPaidV1 = EventData<typeof ShelterCostPaid>;

export const ShelterCostRefunded = defineEvent({
  domain: 'supplies',
  name: 'ShelterCostRefunded',
  version: 1,
  description:
    'A contractor gave back part or all of what a shelter cost paid. Its money block (DISBURSED) reverses the ' +
    'payment, has the refund as its flow and, as its sources, the allocations the money goes back to, last paid ' +
    'first, with their contributions; the contractor (by name) pays the payer back.',
  schema: Type.Object(
    {
      refundId: uuid,
      costId: uuid,
      shelterId: uuid,
      reason: text,
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ShelterCostRefundedV1 = EventData<typeof ShelterCostRefunded>;
