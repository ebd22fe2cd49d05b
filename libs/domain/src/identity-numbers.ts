/** GB 11643-1999 check digit weights and characters of the 18-character resident identity number. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * Whether `value` is a well-formed resident identity number: 6-digit division code, a real birth date
 * (YYYYMMDD, not in the future), 3-digit sequence, and the ISO 7064 MOD 11-2 check character.
 */
export function isIdNumber(value: string, today = new Date()): boolean {
  if (!/^[1-8]\d{16}[\dX]$/.test(value)) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth > today) {
    return false;
  }
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(value[i]), 0);
  return CHECK[sum % 11] === value[17];
}

/** 420102********1234: the issuing region and the last four characters. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}
