import { addCalendarDays } from '@emergency/domain';
import type { HazardLevel, HazardStatus } from './hazard.entity';

/** What a mutation asks of a hazard's closed loop. */
export type HazardStep = 'REGISTER' | 'PLAN' | 'PASS' | 'FAIL' | 'CLOSE' | 'CHANGE_DEADLINE';

/** Where each step leads from where it may start. */
const STEPS: Record<HazardStep, Partial<Record<HazardStatus, HazardStatus>>> = {
  REGISTER: { FOUND: 'REGISTERED' },
  PLAN: { REGISTERED: 'RECTIFYING' },
  // A FOUND hazard passing verification was fixed on the spot: allowed for an ORDINARY one only (see below).
  PASS: { RECTIFYING: 'VERIFIED', FOUND: 'VERIFIED' },
  // A failed verification sends the hazard back to rectification.
  FAIL: { RECTIFYING: 'RECTIFYING' },
  CLOSE: { VERIFIED: 'CLOSED' },
  CHANGE_DEADLINE: { RECTIFYING: 'RECTIFYING' },
};

/**
 * The status `step` moves a hazard at `status` to, or null when the loop does not allow it. Only an ORDINARY
 * hazard (一般事故隐患: "can be removed at once when found", 暂行规定 art. 3) may be verified straight from FOUND.
 */
export function nextHazardStatus(
  status: HazardStatus,
  step: HazardStep,
  level: HazardLevel,
): HazardStatus | null {
  if (step === 'PASS' && status === 'FOUND' && level !== 'ORDINARY') return null;
  return STEPS[step][status] ?? null;
}

/**
 * Whether a hazard is unverified after its deadline on `today` (overdue from the day after the deadline); a
 * closed hazard was always verified first.
 */
export function hazardOverdue(
  hazard: { deadline: string | null; verifiedOn: string | null },
  today: string,
): boolean {
  return (
    hazard.deadline !== null &&
    hazard.deadline < today &&
    (hazard.verifiedOn === null || hazard.verifiedOn > today)
  );
}

/** The latest deadline an ORDINARY hazard found on `foundOn` may be given; null: no limit. */
export function latestOrdinaryDeadline(foundOn: string, maxDays: number | null): string | null {
  return maxDays === null ? null : addCalendarDays(foundOn, maxDays);
}

/** The last day a record closed on `closedOn` is kept: the same day `years` later (28 February for a 29th). */
export function retainUntil(closedOn: string, years: number): string {
  const [y, m, d] = closedOn.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Whether a hazard with a deadline counts toward HAZARDS_RECTIFIED_ON_TIME for a period, and whether it met it:
 * due when its deadline falls inside the period, or when it lies before the period's end and the hazard was still
 * unverified at that end; met when it was verified on or before its deadline.
 */
export function rectificationOnTime(
  hazard: { deadline: string | null; verifiedOn: string | null },
  period: { from: string; to: string },
): { due: boolean; met: boolean } {
  const { deadline, verifiedOn } = hazard;
  if (deadline === null) return { due: false, met: false };
  const inPeriod = deadline >= period.from && deadline <= period.to;
  const openAtEnd = deadline < period.from && (verifiedOn === null || verifiedOn > period.to);
  const due = inPeriod || openAtEnd;
  return { due, met: due && verifiedOn !== null && verifiedOn <= deadline };
}
