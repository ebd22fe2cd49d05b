import { addCalendarDays, chinaInstant, rulesOfMostSpecificPrefix } from '@emergency/domain';
import type { UnitLevel, ZeroReportDeadlineRuleEntity, ZeroReportEntity } from './zero-report.entity';

/** A unit's level from its division code: PP0000 a province, PPCC00 a prefecture, anything else a county. */
export function unitLevel(code: string): UnitLevel {
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'PREFECTURE';
  return 'COUNTY';
}

/** The rule in force for `level` at `regionCode`: the one of the longest region prefix the code starts with. */
export function ruleFor<T extends { regionPrefix: string }>(
  rules: readonly (T & { level?: string })[],
  regionCode: string,
  level?: UnitLevel,
): T | undefined {
  return rulesOfMostSpecificPrefix(
    rules.filter((r) => level === undefined || r.level === level),
    regionCode,
  )[0];
}

/** When a unit's report of `date` is due: the level's time (CST) that day. */
export function zeroReportDueAt(
  rules: readonly ZeroReportDeadlineRuleEntity[],
  unitRegionCode: string,
  date: string,
): Date {
  const rule = ruleFor(rules, unitRegionCode, unitLevel(unitRegionCode));
  if (!rule) throw new Error(`no zero report deadline rule for ${unitRegionCode}`);
  return chinaInstant(date, rule.dueTime);
}

/** Late when it came after the deadline: exactly on the deadline is on time. */
export const isLate = (submittedAt: Date, dueAt: Date) => submittedAt.getTime() > dueAt.getTime();

/** A unit's standing for a day. */
export type ZeroReportStatus = 'SUBMITTED' | 'ZERO' | 'LATE' | 'MISSING' | 'PENDING';

export function dayStatus(report: ZeroReportEntity | undefined, dueAt: Date, now: Date): ZeroReportStatus {
  if (report) {
    if (report.late) return 'LATE';
    return report.nothingToReport ? 'ZERO' : 'SUBMITTED';
  }
  return now.getTime() > dueAt.getTime() ? 'MISSING' : 'PENDING';
}

/** Whether a period reports on `date`: from its first day to its last (open-ended while it goes on). */
export const periodCovers = (period: { startsOn: string; endsOn: string | null }, date: string) =>
  date >= period.startsOn && (period.endsOn === null || date <= period.endsOn);

/** Every date from `from` to `to`, both included (none when `to` is before `from`). */
export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
  return dates;
}

/** The prefecture a unit's report counts toward upward: its own for counties and prefectures, none for the province. */
export function prefectureOf(code: string): string | null {
  return unitLevel(code) === 'PROVINCE' ? null : `${code.slice(0, 4)}00`;
}
