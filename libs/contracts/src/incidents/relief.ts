import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { calendarDate, divisionCode, stringEnum, uuid } from '../common';
import { moneyBlock } from '../money';

/** What a household is paid: a subsidy to rebuild its house, or living relief. */
export const reliefKind = stringEnum(['HOUSING_SUBSIDY', 'LIVING_RELIEF']);

export const ReliefPaymentMade = defineEvent({
  domain: 'incidents',
  name: 'ReliefPaymentMade',
  version: 1,
  description:
    'Relief was paid (in cash or goods in kind) to a household of a village out of an allocation. Its money block ' +
    '(DISBURSED, flow id = payment id) is paid by the allocation’s recipient organisation to the household, named by ' +
    'its head’s masked name; the identity number is never published.',
  schema: Type.Object(
    {
      paymentId: uuid,
      kind: reliefKind,
      villageCode: divisionCode,
      householdSize: Type.Integer({ minimum: 1 }),
      paidOn: calendarDate,
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ReliefPaymentMadeV1 = EventData<typeof ReliefPaymentMade>;

export const VillageReliefListPublished = defineEvent({
  domain: 'incidents',
  name: 'VillageReliefListPublished',
  version: 1,
  description:
    'A village published the list of households paid relief from a fund (who received how much), confirming their ' +
    'use. One event per form: its money block (USED, flow id = publication id) draws on each payment published, ' +
    'with its origins.',
  schema: Type.Object(
    {
      publicationId: uuid,
      villageCode: divisionCode,
      publishedOn: calendarDate,
      paymentIds: Type.Array(uuid, { minItems: 1 }),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type VillageReliefListPublishedV1 = EventData<typeof VillageReliefListPublished>;
