import { Type, type Static } from '@sinclair/typebox';
import {
  amountFen,
  currency,
  dateTime,
  flowSources,
  nullable,
  nullableUuid,
  stringEnum,
  text,
  uuid,
} from './common';

/** A party to a money flow: an organisation, or a name on the record for a private donor or a supplier. */
export const moneyParty = Type.Object(
  {
    organisationId: nullableUuid,
    /** As written on the record; null when the organisation is the whole story. */
    name: nullable({ type: 'string', minLength: 1 }),
  },
  { additionalProperties: false },
);

/**
 * Where money stands: PLEDGED is promised and not yet paid (it moves nothing), RAISED is paid into a fund,
 * ALLOCATED is handed from a fund to an organisation, SPENT is paid out to a supplier.
 */
export const moneyStage = stringEnum(['PLEDGED', 'RAISED', 'ALLOCATED', 'SPENT']);

/**
 * The money block: what every money- or materials-carrying event embeds as `money`, so that whoever follows money
 * (the audit above all) reads one shape whatever the event, and traces every fen from contribution to purchase.
 */
export const moneyBlock = Type.Object(
  {
    /** Id of the flow this event records (the contribution, allocation or procurement id); the audit's flow id. */
    flowId: uuid,
    stage: moneyStage,
    fundId: uuid,
    /** The allocation the money was drawn from or made as; null for money raised into a fund. */
    allocationId: nullableUuid,
    incidentId: uuid,
    amountFen,
    currency,
    payer: moneyParty,
    payee: moneyParty,
    /** The upstream flows this one continues and how much of each it draws; they add up to `amountFen`. */
    sources: flowSources,
    /** What the money is for, in words an auditor reads. */
    description: text,
    /** When the money moved, as the producing service recorded it. */
    occurredAt: dateTime,
  },
  { additionalProperties: false },
);

export type MoneyBlock = Static<typeof moneyBlock>;
export type MoneyParty = Static<typeof moneyParty>;
export type MoneyStage = Static<typeof moneyStage>;

/** Whether event data carries a money block; what generic money consumers key on. */
export function carriesMoney(data: unknown): data is { money: MoneyBlock } {
  return typeof data === 'object' && data !== null && 'money' in data;
}
