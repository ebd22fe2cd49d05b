import { SHELTER_CLASSES, SHELTER_LEVELS, SHELTER_STATUSES } from '@emergency/contracts';

export { SHELTER_CLASSES, SHELTER_LEVELS, SHELTER_STATUSES };
export type ShelterLevel = (typeof SHELTER_LEVELS)[number];
export type ShelterClass = (typeof SHELTER_CLASSES)[number];
export type ShelterStatus = (typeof SHELTER_STATUSES)[number];

/** What is done to a shelter: construction completed, opened, closed, an occupancy report. */
export type ShelterStep = 'COMPLETE' | 'OPEN' | 'CLOSE' | 'REPORT';

/** The statuses a shelter may be registered in: being built, or on standby. */
export const INITIAL_SHELTER_STATUSES: readonly ShelterStatus[] = ['UNDER_CONSTRUCTION', 'READY'];

/**
 * The status `step` leads to from `status`, or null when it is not allowed. A finished shelter stands READY; it
 * opens from READY or, for a later emergency, from CLOSED; it closes when OPEN, FULL or READY (taken out of
 * service); occupancy is reported while it is OPEN or FULL (the report decides which, see
 * {@link statusForOccupants}).
 */
export function nextShelterStatus(status: ShelterStatus, step: ShelterStep): ShelterStatus | null {
  switch (step) {
    case 'COMPLETE':
      return status === 'UNDER_CONSTRUCTION' ? 'READY' : null;
    case 'OPEN':
      return status === 'READY' || status === 'CLOSED' ? 'OPEN' : null;
    case 'CLOSE':
      return status === 'OPEN' || status === 'FULL' || status === 'READY' ? 'CLOSED' : null;
    case 'REPORT':
      return status === 'OPEN' || status === 'FULL' ? status : null;
  }
}

/** Whether a shelter of `level` may sit in `regionCode`: townships and villages sit in their county's code. */
export function levelFitsRegion(level: ShelterLevel, regionCode: string): boolean {
  return (level !== 'TOWNSHIP' && level !== 'VILLAGE') || !regionCode.endsWith('00');
}

/** FULL at or above capacity, OPEN below it. */
export function statusForOccupants(occupants: number, capacity: number): 'OPEN' | 'FULL' {
  return occupants >= capacity ? 'FULL' : 'OPEN';
}

/** Places left: capacity less occupants, never below 0. */
export function freeCapacity(capacity: number, occupants: number): number {
  return Math.max(0, capacity - occupants);
}

/**
 * Whether a report of `occupants` may be recorded: at most capacity, or more when the reporter marks it as over
 * capacity on purpose (people are not turned away; the excess is recorded and the shelter shows FULL).
 */
export function occupancyAccepted(occupants: number, capacity: number, overCapacity: boolean): boolean {
  return occupants <= capacity || overCapacity;
}

/** Fixed (short, medium, long term) and central shelters count against the planning ratio; emergency ones do not. */
export function countsAgainstRatio(shelterClass: ShelterClass): boolean {
  return shelterClass !== 'EMERGENCY';
}

/** The fixed-shelter places a population needs at `minPercent`: rounded up to whole people. */
export function requiredPlaces(population: number, minPercent: number): number {
  return Math.ceil((population * minPercent) / 100);
}

/**
 * The region one level below `regionCode` that `code` lies in: a province's prefecture, a prefecture's county; a
 * county is its own lowest level (townships sit in its code).
 */
export function childRegionOf(regionCode: string, code: string): string {
  if (regionCode.endsWith('0000')) return `${code.slice(0, 4)}00`;
  if (regionCode.endsWith('00')) return code;
  return regionCode;
}
