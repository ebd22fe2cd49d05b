import { chinaToday, isCalendarDate, REGION_CODE, UUID } from '@emergency/domain';
import { badInput, CommonErrorCode, DomainError } from './errors';

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
