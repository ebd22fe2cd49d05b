import { DutyErrorCode, DutyException } from './duty.exception';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A 24-hour duty shift is handed over at least once a day: no shift lasts longer than 24 hours. */
export const MAX_SHIFT_MS = 24 * HOUR_MS;
/** Rosters are planned at most a year ahead (366 days, so a leap year's same date still fits). */
export const MAX_LEAD_MS = 366 * DAY_MS;
/** Coverage is checked a month at a time at most, which keeps the answer a screenful of gaps. */
export const MAX_COVERAGE_MS = 31 * DAY_MS;

export interface ShiftTimes {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Refuses a shift that does not end after it starts, is not in whole minutes, lasts over 24 hours or starts more
 * than 366 days after `now`; `prefix` places the fields in a roster (`shifts[3].`).
 */
export function checkShiftPeriod(shift: ShiftTimes, now: Date, prefix = ''): void {
  for (const name of ['startsAt', 'endsAt'] as const) {
    if (shift[name].getTime() % MINUTE_MS !== 0) {
      throw new DutyException(
        DutyErrorCode.InvalidShiftPeriod,
        `${prefix}${name} must fall on a whole minute (got ${shift[name].toISOString()})`,
        { field: `${prefix}${name}` },
      );
    }
  }
  const lengthMs = shift.endsAt.getTime() - shift.startsAt.getTime();
  if (lengthMs <= 0) {
    throw new DutyException(
      DutyErrorCode.InvalidShiftPeriod,
      `${prefix}endsAt (${chinaTime(shift.endsAt)}) must be after startsAt (${chinaTime(shift.startsAt)})`,
      { field: `${prefix}endsAt` },
    );
  }
  if (lengthMs > MAX_SHIFT_MS) {
    throw new DutyException(
      DutyErrorCode.ShiftTooLong,
      `a duty shift lasts at most 24 hours; this one lasts ${formatMinutes(lengthMs / MINUTE_MS)}`,
      { field: `${prefix}endsAt`, maxHours: 24 },
    );
  }
  if (shift.startsAt.getTime() - now.getTime() > MAX_LEAD_MS) {
    throw new DutyException(
      DutyErrorCode.ShiftTooFarAhead,
      `a duty shift may start at most 366 days ahead; ${chinaTime(shift.startsAt)} is further`,
      { field: `${prefix}startsAt`, maxDaysAhead: 366 },
    );
  }
}

/** Whether two half-open periods share an instant; back-to-back shifts (one ends as the next starts) do not. */
export const overlaps = (a: ShiftTimes, b: ShiftTimes) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/**
 * The first shift of a roster that overlaps an earlier one of the same person, with the index of that earlier
 * one; undefined when the roster keeps everyone to one shift at a time.
 */
export function overlapWithin(
  shifts: readonly (ShiftTimes & { personId: string })[],
): { index: number; conflictingIndex: number } | undefined {
  for (let index = 1; index < shifts.length; index++) {
    const shift = shifts[index]!;
    for (let earlier = 0; earlier < index; earlier++) {
      const other = shifts[earlier]!;
      if (other.personId === shift.personId && overlaps(shift, other)) {
        return { index, conflictingIndex: earlier };
      }
    }
  }
  return undefined;
}

/**
 * A coverage period, `to` after `from` and at most 31 days long, widened to whole minutes (shifts start and end
 * on whole minutes, so gaps stay whole minutes long).
 */
export function coveragePeriod(from: Date, to: Date): { from: Date; to: Date } {
  checkPeriod(from, to, 'to');
  if (to.getTime() - from.getTime() > MAX_COVERAGE_MS) {
    throw new DutyException(
      DutyErrorCode.PeriodTooLong,
      `coverage is checked for at most 31 days at a time; ${chinaTime(from)} to ${chinaTime(to)} is longer`,
      { field: 'to', maxDays: 31 },
    );
  }
  return {
    from: new Date(Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS),
    to: new Date(Math.ceil(to.getTime() / MINUTE_MS) * MINUTE_MS),
  };
}

/** INVALID_PERIOD naming `field` (the period's end) unless `to` is after `from`. */
export function checkPeriod(from: Date, to: Date, field: string): void {
  if (to.getTime() <= from.getTime()) {
    throw new DutyException(
      DutyErrorCode.InvalidPeriod,
      `${field} (${chinaTime(to)}) must be after the period's start (${chinaTime(from)})`,
      { field },
    );
  }
}

/**
 * An instant on China Standard Time, the duty desk's clock (UTC+8 all year, no daylight saving), for messages:
 * 2026-07-01 08:00 UTC+8.
 */
export function chinaTime(instant: Date): string {
  const local = new Date(instant.getTime() + 8 * HOUR_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} UTC+8`;
}

function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
