import { addCalendarDays, addWorkingDays, rulesOfMostSpecificPrefix } from '@emergency/domain';
import {
  ENGAGEMENT_STAGES,
  type EngagementStage,
  type FindingStatus,
  type RectificationState,
} from '../follow-up/follow-up';

/** The deadline rules of rectification a jurisdiction keeps as data (rectification_rule). */
export const RECTIFICATION_RULE_KEYS = [
  'RESPONSE_CALENDAR_DAYS',
  'PROBLEM_LIST_WORKING_DAYS',
  'RECTIFICATION_LIST_WORKING_DAYS',
  'SHAM_RECTIFICATION_BUFFER_DAYS',
] as const;
export type RectificationRuleKey = (typeof RECTIFICATION_RULE_KEYS)[number];

/** The rules every jurisdiction's set must have; the sham-rectification buffer is optional. */
export const REQUIRED_RECTIFICATION_RULES: readonly RectificationRuleKey[] = [
  'RESPONSE_CALENDAR_DAYS',
  'PROBLEM_LIST_WORKING_DAYS',
  'RECTIFICATION_LIST_WORKING_DAYS',
];

export interface RectificationRule {
  regionPrefix: string;
  key: RectificationRuleKey;
  days: number;
  source: string;
}

/** The days of each rule in force for `regionCode`: the longest prefix with rules wins, as a whole set. */
export function rectificationDays(
  rules: readonly RectificationRule[],
  regionCode: string,
): Partial<Record<RectificationRuleKey, number>> {
  return Object.fromEntries(rulesOfMostSpecificPrefix(rules, regionCode).map((r) => [r.key, r.days]));
}

/** The audited unit's written response is due `days` calendar days after the finding is issued (SJF art. 44). */
export const responseDueOn = (issuedOn: string, days: number) => addCalendarDays(issuedOn, days);

/** The problem list is due `workingDays` working days after the audit report (local practice). */
export const problemListDueOn = (reportIssuedOn: string, workingDays: number) =>
  addWorkingDays(reportIssuedOn, workingDays);

/** The rectification list is due `workingDays` working days after the problem list's deadline (local practice). */
export const rectificationListDueOn = (rectifyBy: string, workingDays: number) =>
  addWorkingDays(rectifyBy, workingDays);

/** Whether a deadline has passed on `today`: a step done on its deadline day is on time, the day after is late. */
export const deadlinePassed = (dueOn: string | null, today: string) => dueOn !== null && dueOn < today;

/** The stage after `stage`, or null at the last: an engagement moves through its stages in order. */
export function nextEngagementStage(stage: EngagementStage): EngagementStage | null {
  return ENGAGEMENT_STAGES[ENGAGEMENT_STAGES.indexOf(stage) + 1] ?? null;
}

/** What is asked of a finding. */
export type FindingStep =
  | 'ISSUE'
  | 'RESPOND'
  | 'PROBLEM_LIST'
  | 'RECTIFICATION_LIST'
  | 'UPDATE_ITEM'
  | 'VERIFY'
  | 'OUTCOME';

/** The statuses each step may start from and where it leads (null: the status stays). */
const STEPS: Record<FindingStep, Partial<Record<FindingStatus, FindingStatus | null>>> = {
  ISSUE: { DRAFT: 'ISSUED' },
  RESPOND: { ISSUED: 'RESPONDED' },
  PROBLEM_LIST: { ISSUED: null, RESPONDED: null },
  RECTIFICATION_LIST: { ISSUED: 'RECTIFYING', RESPONDED: 'RECTIFYING' },
  UPDATE_ITEM: { RECTIFYING: null },
  VERIFY: { RECTIFYING: 'CLOSED' },
  OUTCOME: { ISSUED: null, RESPONDED: null, RECTIFYING: null, CLOSED: null },
};

/** Whether `step` may be taken from `status`. */
export const findingStepAllowed = (status: FindingStatus, step: FindingStep) => status in STEPS[step];

/** The status `step` leaves a finding at `status` in (which it must allow). */
export const statusAfter = (status: FindingStatus, step: FindingStep): FindingStatus =>
  STEPS[step][status] ?? status;

/**
 * What verification closes a finding as: RECTIFIED when every item is, CONTINUING when the rest continue for a
 * stated reason; null (not closable) while an item is not rectified or not yet reported, or there is none.
 */
export function verifiedState(
  items: readonly { state: RectificationState | null }[],
): 'RECTIFIED' | 'CONTINUING' | null {
  if (items.length === 0) return null;
  if (items.every((i) => i.state === 'RECTIFIED')) return 'RECTIFIED';
  return items.every((i) => i.state === 'RECTIFIED' || i.state === 'CONTINUING') ? 'CONTINUING' : null;
}

/** A share of `made` (null when nothing was made), rounded to four decimals. */
export const rate = (done: number, made: number) =>
  made === 0 ? null : Math.round((done / made) * 10_000) / 10_000;
