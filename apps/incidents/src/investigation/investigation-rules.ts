import { addCalendarDays } from '@emergency/domain';

/** National four-level scale, I the gravest (as an incident's severity). */
export type InvestigationGrade = 'I' | 'II' | 'III' | 'IV';

/** Levels of government, highest first: the State Council, a province, a prefecture, a county, a township. */
export const GOVERNMENT_LEVELS = ['STATE_COUNCIL', 'PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP'] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];

/** The GB/T 2260 code of the whole country (中华人民共和国): the State Council's region. */
export const NATIONAL_REGION_CODE = '100000';

/** A government's level from its region's code: 100000 the State Council, PP0000 a province, PPCC00 a prefecture. */
export function governmentLevel(regionCode: string): GovernmentLevel {
  if (regionCode === NATIONAL_REGION_CODE) return 'STATE_COUNCIL';
  if (regionCode.length > 6) return 'TOWNSHIP';
  if (regionCode.endsWith('0000')) return 'PROVINCE';
  if (regionCode.endsWith('00')) return 'PREFECTURE';
  return 'COUNTY';
}

/**
 * The government that leads the investigation of an incident of `grade` (O493 art. 19): the State Council for I,
 * the province for II, the prefecture (设区的市) for III, the county for IV.
 */
export const LEAD_LEVEL_OF_GRADE: Record<InvestigationGrade, GovernmentLevel> = {
  I: 'STATE_COUNCIL',
  II: 'PROVINCE',
  III: 'PREFECTURE',
  IV: 'COUNTY',
};

/** Whether a government of `level` may lead the investigation of `grade`: at its level or higher. */
export function mayLead(level: GovernmentLevel, grade: InvestigationGrade): boolean {
  return GOVERNMENT_LEVELS.indexOf(level) <= GOVERNMENT_LEVELS.indexOf(LEAD_LEVEL_OF_GRADE[grade]);
}

/** Whether the lead government's region covers the incident's (the State Council covers all). */
export function leadCovers(
  leadRegionCode: string,
  incidentRegionCode: string,
  prefix: (code: string) => string,
) {
  return leadRegionCode === NATIONAL_REGION_CODE || incidentRegionCode.startsWith(prefix(leadRegionCode));
}

/** The time limits in force for an investigation (a row of `investigation_rule`). */
export interface InvestigationTimeLimits {
  reportDays: number;
  maxExtensionDays: number;
  replyDays: number;
  gradeIReplyDays: number;
  gradeIReplyExtensionDays: number;
}

/** The report's due date: `days` calendar days after the day it opened (the last day is on time). */
export const reportDueOn = (openedOn: string, days: number): string => addCalendarDays(openedOn, days);

/** The government's reply limit for `grade`: 15 days, or 30 (extendable by 30) for grade I (O493 art. 32). */
export function replyLimit(grade: InvestigationGrade, limits: InvestigationTimeLimits) {
  return grade === 'I'
    ? { days: limits.gradeIReplyDays, extensionDays: limits.gradeIReplyExtensionDays }
    : { days: limits.replyDays, extensionDays: 0 };
}

/** Whether something due on `dueOn` is overdue on `today` (both CST dates): only from the day after. */
export const overdueOn = (dueOn: string, today: string): boolean => today > dueOn;

export type ExtensionVerdict = 'OK' | 'ALREADY_EXTENDED' | 'TOO_LONG' | 'NOT_POSITIVE';

/** An extension of the report's due date: once, by 1 to `maxDays` days (O493 art. 29). */
export function extensionVerdict(days: number, alreadyExtended: boolean, maxDays: number): ExtensionVerdict {
  if (alreadyExtended) return 'ALREADY_EXTENDED';
  if (!Number.isInteger(days) || days < 1) return 'NOT_POSITIVE';
  return days > maxDays ? 'TOO_LONG' : 'OK';
}

export type ReplyExtensionVerdict =
  | 'OK'
  | 'NOT_GRADE_I'
  | 'NOT_REPORTED'
  | 'ALREADY_EXTENDED'
  | 'PAST_DUE'
  | 'NOT_POSITIVE'
  | 'TOO_LONG';

/** What an investigation needs for its reply's due date to be extended. */
export interface ReplyExtensionState {
  grade: InvestigationGrade;
  status: 'OPEN' | 'REPORTED' | 'REPLIED';
  replyDueOn: string | null;
  replyExtendedDays: number | null;
  /** The longest extension the rule allowed when it opened. */
  maxDays: number;
}

/**
 * An extension of the government's reply (O493 art. 32): grade I only, once, while the report awaits its reply and
 * not after the reply's due date (`today` in CST; the due date itself is still in time), by 1 to `maxDays` days.
 */
export function replyExtensionVerdict(
  state: ReplyExtensionState,
  days: number,
  today: string,
): ReplyExtensionVerdict {
  if (state.grade !== 'I') return 'NOT_GRADE_I';
  if (state.status !== 'REPORTED' || state.replyDueOn === null) return 'NOT_REPORTED';
  if (state.replyExtendedDays !== null) return 'ALREADY_EXTENDED';
  if (overdueOn(state.replyDueOn, today)) return 'PAST_DUE';
  if (!Number.isInteger(days) || days < 1) return 'NOT_POSITIVE';
  return days > state.maxDays ? 'TOO_LONG' : 'OK';
}
