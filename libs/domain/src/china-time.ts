const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** China Standard Time: UTC+8 all year, no daylight saving. */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

/** True for a real calendar day written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Today's date in China Standard Time, YYYY-MM-DD: the calendar every date in the system is written in, whatever
 * the server's time zone.
 */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}
