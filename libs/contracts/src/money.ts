import { Type, type Static } from '@sinclair/typebox';
import {
  amountFen,
  currency,
  dateTime,
  flowSources,
  nullable,
  nullableText,
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
 * Where money stands in the first money block: PLEDGED is promised and not yet paid (it moves nothing), RAISED is
 * paid into a fund, ALLOCATED is handed from a fund to an organisation, SPENT is paid out to a supplier.
 */
export const moneyStageV1 = stringEnum(['PLEDGED', 'RAISED', 'ALLOCATED', 'SPENT']);

/**
 * The first money block, embedded by the v2 events of contributions, allocations and procurements; superseded by
 * {@link moneyBlock} and kept so those events still validate.
 */
export const moneyBlockV1 = Type.Object(
  {
    /** Id of the flow this event records (the contribution, allocation or procurement id); the audit's flow id. */
    flowId: uuid,
    stage: moneyStageV1,
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

/**
 * Where money stands, the stages of the whole-process tracking audit:
 * - PLEDGED: promised, not paid; it moves nothing.
 * - RAISED: paid into a fund (a contribution).
 * - ALLOCATED: handed from a fund to an organisation or a reconstruction project.
 * - DISBURSED: paid out of an allocation to a third party: a contractor, a supplier, a household.
 * - USED: disbursed money whose end use is confirmed: a project's final account, a delivery accepted, a household
 *   list published in its village.
 */
export const moneyStage = stringEnum(['PLEDGED', 'RAISED', 'ALLOCATED', 'DISBURSED', 'USED']);

/** Money paid, or goods given in kind and valued in fen. */
export const moneyForm = stringEnum(['CASH', 'IN_KIND']);

/** One line of goods moved in kind: what, how many, and the value each is booked at. */
export const goodsLine = Type.Object(
  {
    description: text,
    unit: text,
    quantity: Type.Integer({ minimum: 1 }),
    unitValueFen: amountFen,
    /** quantity × unitValueFen. */
    amountFen,
  },
  { additionalProperties: false },
);

/** How much of one contribution (a RAISED flow) a stretch of money is: the root every fen traces to. */
export const flowOrigin = Type.Object({ contributionId: uuid, amountFen }, { additionalProperties: false });

/**
 * An upstream flow this one draws on (or, for a reversal, gives back to), how much, and which contributions that
 * money is: the origins add up to `amountFen`.
 */
export const moneySource = Type.Object(
  { flowId: uuid, amountFen, origins: Type.Array(flowOrigin, { minItems: 1 }) },
  { additionalProperties: false },
);

/**
 * The money block: what every money- or goods-carrying event embeds as `money`, so that whoever follows money (the
 * audit above all) reads one shape whatever the event and traces every fen to its contribution without knowing the
 * event. docs/adr/0026-the-money-model.md gives the rules it follows.
 */
export const moneyBlock = Type.Object(
  {
    /** Id of the flow this event records; the audit's flow id. Unique across every service. */
    flowId: uuid,
    stage: moneyStage,
    /**
     * The earlier flow of the same stage this one undoes, wholly or in part (a correction, a return, a refund);
     * null for a flow that moves money forward. A reversal's sources are where the money goes back to.
     */
    reverses: nullableUuid,
    fundId: uuid,
    /** The allocation the money was drawn from or made as; null for money raised, or drawn from several. */
    allocationId: nullableUuid,
    /** The reconstruction project the money was allocated or paid to, when there is one. */
    projectId: nullableUuid,
    incidentId: uuid,
    amountFen,
    currency,
    form: moneyForm,
    /** For goods in kind, the lines whose values add up to `amountFen`; empty for cash. */
    goods: Type.Array(goodsLine),
    /** For goods in kind, how they were valued (invoice, market price, donor's statement); null for cash. */
    valuationBasis: nullableText,
    payer: moneyParty,
    payee: moneyParty,
    /**
     * The upstream flows this one draws on, each with the contributions it is made of; they add up to `amountFen`.
     * Empty for money raised, which is its own origin.
     */
    sources: Type.Array(moneySource),
    /** What the money is for, in words an auditor reads. */
    description: text,
    /** When the money moved, as the producing service recorded it. */
    occurredAt: dateTime,
  },
  { additionalProperties: false },
);

export type MoneyBlockV1 = Static<typeof moneyBlockV1>;
export type MoneyBlock = Static<typeof moneyBlock>;
export type MoneyParty = Static<typeof moneyParty>;
export type MoneyStage = Static<typeof moneyStage>;
export type MoneySource = Static<typeof moneySource>;
export type FlowOrigin = Static<typeof flowOrigin>;
export type GoodsLine = Static<typeof goodsLine>;

/** Whether event data carries a money block (either version); what generic money consumers key on. */
export function carriesMoney(data: unknown): data is { money: MoneyBlock | MoneyBlockV1 } {
  return typeof data === 'object' && data !== null && 'money' in data;
}
