import { addWorkingDays, rulesOfMostSpecificPrefix } from '@emergency/domain';
import type { PlanType } from '../plan/plan.entity';
import type { PlanVersionStatus } from './plan-version.entity';

/** A row of `plan_cycle_rule`, as far as the rules read it. */
export interface CycleRule {
  readonly regionPrefix: string;
  readonly planType: PlanType;
  readonly filingWorkingDays: number;
  readonly evaluationYears: number;
}

/** The cycle rule for a plan of `planType` in `regionCode`: from the longest prefix with rules, as a whole set. */
export function cycleRuleFor<R extends CycleRule>(
  rules: readonly R[],
  regionCode: string,
  planType: PlanType,
): R | undefined {
  return rulesOfMostSpecificPrefix(rules, regionCode).find((r) => r.planType === planType);
}

/** Filing (备案) is due `workingDays` working days after issuance (YAB24 art. 26: 印发后20个工作日内). */
export const filingDueOn = (issuedOn: string, workingDays: number): string =>
  addWorkingDays(issuedOn, workingDays);

/** The same day `years` later; 29 February falls on 28 February of a common year. */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

/** Whether something due on `dueOn` is overdue on `today` (CST dates): only from the day after. */
export const overdueOn = (dueOn: string, today: string): boolean => today > dueOn;

export type IssueVerdict = 'OK' | 'NOTHING_TO_ISSUE' | 'APPROVAL_REQUIRED';

/**
 * Whether the open version may be issued: an approved version may; a draft only when it is a minor revision, whose
 * procedure may be simplified (a first version or a major revision goes through approval again).
 */
export function issueVerdict(open: { status: PlanVersionStatus; major: boolean } | null): IssueVerdict {
  if (!open) return 'NOTHING_TO_ISSUE';
  if (open.status === 'APPROVED') return 'OK';
  return open.major ? 'APPROVAL_REQUIRED' : 'OK';
}

/** The period an indicator measures (CST dates, inclusive). */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export type Standing = 'MET' | 'UNMET' | null;

/**
 * A filing obligation in a period: counted when its due date lies inside it and has been reached (a deadline still
 * ahead, not yet filed, counts for nothing yet); met when filed on or before the due date.
 */
export function filingStanding(
  dueOn: string,
  filedOn: string | null,
  period: Period,
  today: string,
): Standing {
  if (dueOn < period.from || dueOn > period.to) return null;
  if (filedOn !== null && filedOn <= dueOn) return 'MET';
  return filedOn !== null || overdueOn(dueOn, today) ? 'UNMET' : null;
}

/**
 * An evaluation obligation in a period: counted when due inside it, or due before it and still not evaluated at its
 * end (overdue then); met when evaluated on or before the due date. An obligation due inside the period whose date
 * has not passed and is not yet evaluated counts for nothing yet.
 */
export function evaluationStanding(
  dueOn: string,
  evaluatedOn: string | null,
  period: Period,
  today: string,
): Standing {
  if (dueOn > period.to) return null;
  if (dueOn < period.from) {
    return evaluatedOn === null || evaluatedOn > period.to ? 'UNMET' : null;
  }
  if (evaluatedOn !== null && evaluatedOn <= dueOn) return 'MET';
  return evaluatedOn !== null || overdueOn(dueOn, today) ? 'UNMET' : null;
}
