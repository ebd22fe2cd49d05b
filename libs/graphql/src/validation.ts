import { badInput, CommonErrorCode, DomainError } from './errors';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** GB/T 2260 administrative division code: six digits, the first (the area) 1 to 8. */
export const REGION_CODE = /^[1-8]\d{5}$/;
/**
 * A division code at any level: GB/T 2260's six digits (province, prefecture, county), extended by three for a
 * township and three more for a village or community (the statistical division codes that continue GB/T 2260).
 */
export const DIVISION_CODE = /^[1-8]\d{5}(\d{3}){0,2}$/;

/** Trimmed `value`, or BAD_USER_INPUT naming `field` when it is empty or longer than `max` characters. */
export function requiredText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max)
    throw badInput(`${field} must have 1 to ${max} characters`, field);
  return text;
}

/** `value` when it is a 6-digit GB/T 2260 region code, else INVALID_REGION_CODE naming `field`. */
export function requiredRegionCode(value: string, field: string): string {
  if (!REGION_CODE.test(value)) {
    throw new DomainError(
      CommonErrorCode.InvalidRegionCode,
      `${field} must be a 6-digit GB/T 2260 code such as 421100 (got ${JSON.stringify(value)})`,
      { field },
    );
  }
  return value;
}

/** {@link requiredText} for an optional argument: null, undefined and blank text become null. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}

/**
 * `value` when it is one of `values` (an enum's members), else BAD_USER_INPUT naming `field`. GraphQL checks
 * enums at the edge; services check again so that no other caller can store a value the schema does not know.
 */
export function oneOf<T extends string>(values: readonly T[], value: string, field: string): T {
  if (!(values as readonly string[]).includes(value)) {
    throw badInput(`${field} must be one of ${values.join(', ')} (got ${JSON.stringify(value)})`, field);
  }
  return value as T;
}

/** `value` lower-cased when it is a UUID, else BAD_USER_INPUT naming `field`. */
export function requiredUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badInput(`${field} must be a UUID (got ${JSON.stringify(value)})`, field);
  return value.toLowerCase();
}

/** {@link requiredUuid} for an optional argument: null and undefined become undefined. */
export const optionalUuid = (value: string | null | undefined, field: string) =>
  value === null || value === undefined ? undefined : requiredUuid(value, field);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `value` when it is a calendar date written YYYY-MM-DD, else INVALID_DATE naming `field`. */
export function requiredCalendarDate(value: string, field: string): string {
  if (!isCalendarDate(value)) {
    throw new DomainError(
      CommonErrorCode.InvalidDate,
      `${field} must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(value)})`,
      {
        field,
      },
    );
  }
  return value;
}

/**
 * `value` when it is a calendar date (INVALID_DATE otherwise) no later than `today` in China Standard Time, else
 * DATE_IN_FUTURE naming `field`: for what is recorded once it happened (admissions, inspections, completions).
 */
export function pastOrToday(value: string, field: string, today = chinaToday()): string {
  const date = requiredCalendarDate(value, field);
  if (date > today) {
    throw new DomainError(
      CommonErrorCode.DateInFuture,
      `${field} ${date} is in the future (today is ${today} in China)`,
      {
        field,
      },
    );
  }
  return date;
}

/**
 * Today's date in China Standard Time (UTC+8 all year, no daylight saving), YYYY-MM-DD: the calendar every
 * date in the system is written in, whatever the server's time zone.
 */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
