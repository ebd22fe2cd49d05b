import { DUTY_ROLES, type DutyRole } from './duty-shift.entity';

export interface DutyInterval {
  role: DutyRole;
  startsAt: Date;
  /** Exclusive. */
  endsAt: Date;
  /** Cancelled shifts cover nothing. */
  cancelledAt?: Date | null;
}

/** A stretch of time in which an organisation has nobody on duty in `role`. */
export interface DutyGap {
  role: DutyRole;
  startsAt: Date;
  /** Exclusive. */
  endsAt: Date;
  durationMinutes: number;
}

const MINUTE_MS = 60_000;

/**
 * Every interval of [from, to) in which none of the non-cancelled `shifts` covers a role, for each of `roles`:
 * per role, the gaps and the shifts' union partition the period exactly, and gaps are maximal (touching ones are
 * one gap) and non-empty. One list for all roles, by start, then in the order of `roles`. The service works in
 * whole minutes (shift times and the period's ends), so `durationMinutes` is exact.
 */
export function dutyGaps(
  shifts: readonly DutyInterval[],
  from: Date,
  to: Date,
  roles: readonly DutyRole[] = DUTY_ROLES,
): DutyGap[] {
  const start = from.getTime();
  const end = to.getTime();
  const gaps: DutyGap[] = [];
  for (const role of roles) {
    const covered = shifts
      .filter(
        (s) => s.role === role && !s.cancelledAt && s.endsAt.getTime() > start && s.startsAt.getTime() < end,
      )
      .map((s) => [Math.max(s.startsAt.getTime(), start), Math.min(s.endsAt.getTime(), end)] as const)
      .sort((a, b) => a[0] - b[0]);
    // Sweeping the shifts by start, `reached` is where the union covered so far ends.
    let reached = start;
    for (const [shiftStart, shiftEnd] of covered) {
      if (shiftStart > reached) gaps.push(gap(role, reached, shiftStart));
      reached = Math.max(reached, shiftEnd);
    }
    if (reached < end) gaps.push(gap(role, reached, end));
  }
  return gaps.sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || roles.indexOf(a.role) - roles.indexOf(b.role),
  );
}

const gap = (role: DutyRole, startMs: number, endMs: number): DutyGap => ({
  role,
  startsAt: new Date(startMs),
  endsAt: new Date(endMs),
  durationMinutes: Math.round((endMs - startMs) / MINUTE_MS),
});
