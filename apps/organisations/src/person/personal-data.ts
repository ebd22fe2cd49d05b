import { hasRole, type Identity } from '@emergency/auth';
import { inJurisdiction } from '@emergency/domain';

// Moved to the domain library, which the village relief lists share; re-exported for this service's callers.
export { isIdNumber, maskIdNumber } from '@emergency/domain';

/** Mainland mobile numbers (11 digits from 13x to 19x) and landlines with their area code (027-87654321). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-\d{7,8}$/;

export function isPhoneNumber(value: string): boolean {
  return MOBILE.test(value) || LANDLINE.test(value);
}

/** 138****5678, 027-****4321: enough to recognise a number, not to call it. */
export function maskPhone(phone: string): string {
  const dash = phone.indexOf('-');
  if (dash >= 0) return `${phone.slice(0, dash + 1)}****${phone.slice(-4)}`;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/**
 * Who sees phone and identity numbers in full: admins, and operators for people in their jurisdiction (duty
 * desks call them). Auditors and everyone else see them masked.
 */
export function maySeePersonalData(identity: Identity, regionCode: string): boolean {
  if (hasRole(identity, 'admin')) return true;
  return hasRole(identity, 'operator') && inJurisdiction(identity, regionCode);
}
