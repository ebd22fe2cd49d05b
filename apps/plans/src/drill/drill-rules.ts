import { rulesOfMostSpecificPrefix } from '@emergency/domain';
import type { DrillRegime, DrillRuleEntity, DrillStatus } from './drill.entity';

/** The rule fields the checks read (a row of `drill_rule`). */
export type DrillRule = Pick<
  DrillRuleEntity,
  'id' | 'regionPrefix' | 'subject' | 'subjectValue' | 'intervalMonths' | 'source'
>;

const NEXT_STATUS: Record<DrillStatus, DrillStatus | null> = {
  PLANNED: 'HELD',
  HELD: 'EVALUATED',
  EVALUATED: 'ARCHIVED',
  ARCHIVED: null,
};

/** Whether a drill in `from` may move to `to`: one step along PLANNED → HELD → EVALUATED → ARCHIVED. */
export const mayMove = (from: DrillStatus, to: DrillStatus): boolean => NEXT_STATUS[from] === to;

/** Findings are recorded while a drill is held or evaluated, never once it is archived or before it is held. */
export const takesFindings = (status: DrillStatus): boolean => status === 'HELD' || status === 'EVALUATED';

/**
 * `date` plus `months` calendar months (YYYY-MM-DD); a day the target month lacks falls on its last day
 * (2024-02-29 + 12 months = 2025-02-28).
 */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** The last day the next drill is on time: `intervalMonths` after the last one (that day itself is in time). */
export const nextDrillDueBy = (lastDrillOn: string, intervalMonths: number): string =>
  addCalendarMonths(lastDrillOn, intervalMonths);

/** Whether a unit last drilled on `lastDrillOn` (null: never) is within its rule on `asOf`. */
export function drilledWithinRule(lastDrillOn: string | null, intervalMonths: number, asOf: string): boolean {
  return lastDrillOn !== null && lastDrillOn <= asOf && asOf <= nextDrillDueBy(lastDrillOn, intervalMonths);
}

/** Whether an action due on `dueOn` is overdue on `today` (CST dates): from the day after. */
export const overdueOn = (dueOn: string, today: string): boolean => today > dueOn;

/**
 * The rule an organisation is bound by in `regionCode`: the rule set of the most specific prefix, its regime's rule
 * when an office put it under one (and the set has one), otherwise its type's; null when none binds it.
 */
export function ruleForOrganisation(
  rules: readonly DrillRule[],
  regionCode: string,
  type: string | null,
  regime: DrillRegime | null,
): DrillRule | null {
  const set = rulesOfMostSpecificPrefix(rules, regionCode);
  const byRegime = regime ? set.find((r) => r.subject === 'REGIME' && r.subjectValue === regime) : undefined;
  return byRegime ?? set.find((r) => r.subject === 'ORGANISATION_TYPE' && r.subjectValue === type) ?? null;
}

/** The rule a plan of `planType` in `regionCode` is bound by (how often it must be exercised), or null. */
export function ruleForPlan(
  rules: readonly DrillRule[],
  regionCode: string,
  planType: string,
): DrillRule | null {
  return (
    rulesOfMostSpecificPrefix(rules, regionCode).find(
      (r) => r.subject === 'PLAN_TYPE' && r.subjectValue === planType,
    ) ?? null
  );
}

export type CloseVerdict = 'REVISED' | 'NO_CHANGE' | 'NEITHER_OR_BOTH' | 'VERSION_NOT_NEWER';

/**
 * How a revision task may close: by the version that made the revision, which must be later than the one in force
 * when the task opened, or by the reason no change was needed (with its text); exactly one of the two.
 */
export function closeVerdict(
  versionAtOpening: number,
  revisedInVersion: number | null | undefined,
  noChangeReason: string | null,
): CloseVerdict {
  const revised = revisedInVersion !== null && revisedInVersion !== undefined;
  if (revised === (noChangeReason !== null)) return 'NEITHER_OR_BOTH';
  if (!revised) return 'NO_CHANGE';
  return Number.isInteger(revisedInVersion) && revisedInVersion > versionAtOpening
    ? 'REVISED'
    : 'VERSION_NOT_NEWER';
}
