import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, dateTime, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

/**
 * The anomaly rules the audit runs over its own records of money and goods (docs/adr/0031). Their thresholds are
 * data per jurisdiction prefix (`anomaly_rule`); these are only their names.
 */
export const ANOMALY_RULE_KEYS = [
  'STAGE_EXCEEDS_PREVIOUS',
  'IDLE_ALLOCATION',
  'LATE_DISBURSEMENT',
  'DUPLICATE_PAYMENT',
  'UNIT_PRICE_FAR_FROM_MEDIAN',
  'GOODS_PAID_NOT_RECEIVED',
  'GOODS_RECEIVED_NOT_USED',
  'SPLIT_BELOW_TENDER_THRESHOLD',
  'HOUSEHOLD_PAID_TWICE',
  'MONEY_TO_DISSOLVED_ORGANISATION',
  'GOODS_EXPIRED_IN_STORE',
  'DIRECTED_DONATION_MISUSED',
  'HOUSEHOLD_NOT_PUBLISHED',
] as const;

const ruleKey = stringEnum(ANOMALY_RULE_KEYS);

/** One record behind an anomaly: a flow, a goods lot or a fund, with what it shows. */
const evidence = Type.Object(
  { kind: stringEnum(['Flow', 'GoodsLot', 'Fund']), id: uuid, note: text },
  { additionalProperties: false },
);

export const AnomalyFlagged = defineEvent({
  domain: 'audit',
  name: 'AnomalyFlagged',
  version: 1,
  description:
    'A rule flagged something in the audit’s records of a fund’s money or goods, once per rule and subject: the ' +
    'amount involved in fen, a summary and the flows, lots or fund behind it, each with a note. No household is ' +
    'named: its payments appear by flow id.',
  schema: Type.Object(
    {
      anomalyId: uuid,
      ruleKey,
      fundId: nullableUuid,
      incidentId: nullableUuid,
      regionCode,
      amountFen,
      summary: text,
      evidence: Type.Array(evidence, { minItems: 1 }),
      detectedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AnomalyFlaggedV1 = EventData<typeof AnomalyFlagged>;

export const AnomalyDismissed = defineEvent({
  domain: 'audit',
  name: 'AnomalyDismissed',
  version: 1,
  description:
    'An auditor dismissed an open anomaly with a reason (nothing is deleted: the anomaly stays, DISMISSED).',
  schema: Type.Object(
    { anomalyId: uuid, ruleKey, regionCode, reason: text, dismissedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type AnomalyDismissedV1 = EventData<typeof AnomalyDismissed>;

const rule = Type.Object(
  {
    ruleKey,
    enabled: Type.Boolean(),
    /** Calendar days of the rule's window or delay; null for a rule that has none. */
    days: Type.Union([Type.Integer({ minimum: 1, maximum: 3660 }), Type.Null()]),
    /** How many times the median unit price (or less than its inverse) is far; null for other rules. */
    factor: Type.Union([Type.Number({ exclusiveMinimum: 1, maximum: 1000 }), Type.Null()]),
    /** The tender threshold in fen; null for other rules. */
    thresholdFen: Type.Union([amountFen, Type.Null()]),
    source: text,
  },
  { additionalProperties: false },
);

export const AnomalyRulesSet = defineEvent({
  domain: 'audit',
  name: 'AnomalyRulesSet',
  version: 1,
  description:
    'A jurisdiction’s anomaly rules were set as a whole, replacing the ones before: each rule on or off with its ' +
    'days, factor or threshold and the source of its numbers, in force within `regionPrefix` (empty: national) ' +
    'unless a longer prefix has its own.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$' }),
      rules: Type.Array(rule, { minItems: 1 }),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AnomalyRulesSetV1 = EventData<typeof AnomalyRulesSet>;
