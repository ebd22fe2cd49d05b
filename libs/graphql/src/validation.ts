import { badInput } from './errors';

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

/** `value` lower-cased when it is a UUID, else BAD_USER_INPUT naming `field`. */
export function requiredUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badInput(`${field} must be a UUID (got ${JSON.stringify(value)})`, field);
  return value.toLowerCase();
}

/** {@link requiredUuid} for an optional argument: null and undefined become undefined. */
export const optionalUuid = (value: string | null | undefined, field: string) =>
  value === null || value === undefined ? undefined : requiredUuid(value, field);
