import { CHINA_UTC_OFFSET_MS, chinaToday, isCalendarDate } from './china-time';

/**
 * The official working-day calendar of the State Council's yearly holiday notices (国务院办公厅关于部分节假日安排的
 * 通知): public holidays, and the weekend days that become working days in exchange (调休). The dates come from
 * the `chinese-days` package, which tracks each year's notice; its data is read as published, never re-typed.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CALENDAR = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

const YEARS = Object.keys(CALENDAR.holidays).map((date) => Number(date.slice(0, 4)));

/**
 * The years whose holiday notice the calendar holds. A date after the last is counted by weekdays alone (Monday to
 * Friday) until the package is updated with the next notice, usually published each November.
 */
export const WORKING_CALENDAR_YEARS = { first: Math.min(...YEARS), last: Math.max(...YEARS) } as const;

const DAY_MS = 86_400_000;

function requireDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
}

/** The calendar date `days` after (or before, when negative) `date`. */
export function addCalendarDays(date: string, days: number): string {
  requireDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whether the notice for `date`'s year is in the calendar (otherwise only weekends are known). */
export function calendarCovers(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= WORKING_CALENDAR_YEARS.first && year <= WORKING_CALENDAR_YEARS.last;
}

/** Whether people work on `date` (YYYY-MM-DD): a weekday that is not a holiday, or a weekend day worked in exchange. */
export function isWorkingDay(date: string): boolean {
  requireDate(date);
  if (CALENDAR.workdays[date] !== undefined) return true;
  if (CALENDAR.holidays[date] !== undefined) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `count` working days after `date` (count ≥ 1): "within five working days" of a Friday before National
 * Day ends after the holiday. `date` itself is never counted, whether or not it is a working day.
 */
export function addWorkingDays(date: string, count: number): string {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer: ${count}`);
  let day = date;
  for (let left = count; left > 0; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  requireDate(from);
  requireDate(to);
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(day)) count += 1;
  }
  return count;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `value` is a time of day written HH:mm (00:00 to 23:59). */
export function isClockTime(value: string): boolean {
  return CLOCK_TIME.test(value);
}

/** The instant `time` (HH:mm) on `date` in China Standard Time: `chinaInstant('2026-07-05', '09:00')`. */
export function chinaInstant(date: string, time = '00:00'): Date {
  requireDate(date);
  if (!isClockTime(time)) throw new RangeError(`not a time of day HH:mm: ${time}`);
  return new Date(Date.parse(`${date}T${time}:00Z`) - CHINA_UTC_OFFSET_MS);
}

/** The China Standard Time date of an instant (the same as {@link chinaToday}, named for instants in the past). */
export const chinaDateOf = (at: Date): string => chinaToday(at);

/**
 * The end of the working day `count` working days after the China date of `at`: the deadline of "within N working
 * days" (23:59:59.999 CST of that day).
 */
export function workingDaysDeadline(at: Date, count: number): Date {
  const day = addWorkingDays(chinaDateOf(at), count);
  return new Date(chinaInstant(addCalendarDays(day, 1)).getTime() - 1);
}
