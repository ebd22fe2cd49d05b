import { ANOMALY_RULE_KEYS } from '@emergency/contracts';
import { addCalendarDays } from '@emergency/domain';

export type AnomalyRuleKey = (typeof ANOMALY_RULE_KEYS)[number];
export { ANOMALY_RULE_KEYS };

/** Which of a rule's numbers it needs: its days, its factor, its tender threshold; the others stay null. */
export const RULE_PARAMETERS: Record<
  AnomalyRuleKey,
  { days: boolean; factor: boolean; thresholdFen: boolean }
> = {
  STAGE_EXCEEDS_PREVIOUS: { days: false, factor: false, thresholdFen: false },
  IDLE_ALLOCATION: { days: true, factor: false, thresholdFen: false },
  LATE_DISBURSEMENT: { days: true, factor: false, thresholdFen: false },
  DUPLICATE_PAYMENT: { days: true, factor: false, thresholdFen: false },
  UNIT_PRICE_FAR_FROM_MEDIAN: { days: false, factor: true, thresholdFen: false },
  GOODS_PAID_NOT_RECEIVED: { days: true, factor: false, thresholdFen: false },
  GOODS_RECEIVED_NOT_USED: { days: true, factor: false, thresholdFen: false },
  SPLIT_BELOW_TENDER_THRESHOLD: { days: true, factor: false, thresholdFen: true },
  HOUSEHOLD_PAID_TWICE: { days: false, factor: false, thresholdFen: false },
  MONEY_TO_DISSOLVED_ORGANISATION: { days: false, factor: false, thresholdFen: false },
  GOODS_EXPIRED_IN_STORE: { days: false, factor: false, thresholdFen: false },
  DIRECTED_DONATION_MISUSED: { days: false, factor: false, thresholdFen: false },
  HOUSEHOLD_NOT_PUBLISHED: { days: true, factor: false, thresholdFen: false },
};

/** One rule of a jurisdiction's set. */
export interface AnomalyRule {
  regionPrefix: string;
  ruleKey: AnomalyRuleKey;
  enabled: boolean;
  days: number | null;
  factor: number | null;
  thresholdFen: bigint | null;
  source: string;
}

/** A rule as a caller gives it, before it is checked. */
export interface AnomalyRuleInput {
  ruleKey: string;
  enabled: boolean;
  days?: number | null;
  factor?: number | null;
  thresholdFen?: bigint | string | null;
  source: string;
}

/** Why a rule set is refused: the field at fault and what is wrong with it. */
export interface RuleSetProblem {
  field: string;
  ruleKey: string | null;
  message: string;
}

const MAX_DAYS = 3660;
const MAX_FACTOR = 1000;

/**
 * The problem with a jurisdiction's rule set, or null when it is whole: every rule named exactly once, each with
 * the numbers it needs (days 1 to 3660, a factor above 1 and at most 1000, a positive threshold in fen) and no
 * others, and a source.
 */
export function ruleSetProblem(rules: readonly AnomalyRuleInput[]): RuleSetProblem | null {
  for (const [i, rule] of rules.entries()) {
    const at = (name: string) => `rules[${i}].${name}`;
    if (!(ANOMALY_RULE_KEYS as readonly string[]).includes(rule.ruleKey))
      return { field: at('ruleKey'), ruleKey: rule.ruleKey, message: 'is not a rule of the audit' };
    if (rules.findIndex((r) => r.ruleKey === rule.ruleKey) !== i)
      return { field: at('ruleKey'), ruleKey: rule.ruleKey, message: 'is named twice' };
    const needs = RULE_PARAMETERS[rule.ruleKey as AnomalyRuleKey];
    const present = (v: unknown) => v !== null && v !== undefined;
    if (needs.days !== present(rule.days))
      return {
        field: at('days'),
        ruleKey: rule.ruleKey,
        message: needs.days ? 'is required' : 'must be null',
      };
    if (needs.days && (!Number.isInteger(rule.days) || rule.days! < 1 || rule.days! > MAX_DAYS))
      return {
        field: at('days'),
        ruleKey: rule.ruleKey,
        message: `must be a whole number from 1 to ${MAX_DAYS}`,
      };
    if (needs.factor !== present(rule.factor))
      return {
        field: at('factor'),
        ruleKey: rule.ruleKey,
        message: needs.factor ? 'is required' : 'must be null',
      };
    if (needs.factor && !(rule.factor! > 1 && rule.factor! <= MAX_FACTOR))
      return {
        field: at('factor'),
        ruleKey: rule.ruleKey,
        message: `must be above 1 and at most ${MAX_FACTOR}`,
      };
    if (needs.thresholdFen !== present(rule.thresholdFen))
      return {
        field: at('thresholdFen'),
        ruleKey: rule.ruleKey,
        message: needs.thresholdFen ? 'is required' : 'must be null',
      };
    if (needs.thresholdFen && BigInt(rule.thresholdFen!) <= 0n)
      return {
        field: at('thresholdFen'),
        ruleKey: rule.ruleKey,
        message: 'must be a positive amount in fen',
      };
    if (rule.source.trim().length === 0 || rule.source.length > 1000)
      return { field: at('source'), ruleKey: rule.ruleKey, message: 'must have 1 to 1000 characters' };
  }
  const missing = ANOMALY_RULE_KEYS.find((key) => !rules.some((r) => r.ruleKey === key));
  return missing
    ? { field: 'rules', ruleKey: missing, message: 'must name every rule (a rule not used is set off)' }
    : null;
}

/**
 * Whether more than `days` calendar days have passed on `today` since `since` (China dates): on the day `days`
 * later not yet, from the day after it. Calendar days: a holiday counts like any other day.
 */
export function moreThanDaysSince(since: string, days: number, today: string): boolean {
  return addCalendarDays(since, days) < today;
}

/** Whether two payments `days` apart or less lie within a window of `windowDays` (both ends included). */
export function withinDays(first: string, second: string, windowDays: number): boolean {
  const [a, b] = first <= second ? [first, second] : [second, first];
  return addCalendarDays(a, windowDays) >= b;
}

/** Whether a unit price is more than `factor` times the median, or less than the median divided by `factor`. */
export function priceFarFromMedian(unitFen: bigint, medianFen: number, factor: number): boolean {
  const unit = Number(unitFen);
  return unit > factor * medianFen || unit * factor < medianFen;
}

/** The median of some unit prices (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly bigint[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(Number);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Whether purchases from one payer to one supplier, each below `thresholdFen`, split a purchase that together
 * reaches it: two or more of them, the first and last at most `windowDays` apart.
 */
export function splitBelowThreshold(
  purchases: readonly { on: string; amountFen: bigint }[],
  thresholdFen: bigint,
  windowDays: number,
): boolean {
  const below = purchases.filter((p) => p.amountFen < thresholdFen).sort((a, b) => a.on.localeCompare(b.on));
  return below.some((first, i) => {
    const window = below.slice(i).filter((p) => withinDays(first.on, p.on, windowDays));
    return window.length >= 2 && window.reduce((sum, p) => sum + p.amountFen, 0n) >= thresholdFen;
  });
}

/** One anomaly per rule and subject: what a rerun finds again is this same key. */
export const dedupeKey = (ruleKey: AnomalyRuleKey, ...subject: string[]) => [ruleKey, ...subject].join(':');
