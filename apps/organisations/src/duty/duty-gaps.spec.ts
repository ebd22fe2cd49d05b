import fc from 'fast-check';
import { dutyGaps, type DutyGap, type DutyInterval } from './duty-gaps';
import { DUTY_ROLES, type DutyRole } from './duty-shift.entity';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 2026-07-01 08:00 in China Standard Time: the usual hand-over hour.
const BASE = Date.parse('2026-07-01T08:00:00+08:00');
const at = (hours: number) => new Date(BASE + hours * HOUR);
const shift = (role: DutyRole, from: number, to: number, cancelled = false): DutyInterval => ({
  role,
  startsAt: at(from),
  endsAt: at(to),
  cancelledAt: cancelled ? at(-1) : null,
});
const plain = (gaps: DutyGap[]) =>
  gaps.map((g) => [g.role, (g.startsAt.getTime() - BASE) / HOUR, (g.endsAt.getTime() - BASE) / HOUR]);

describe(dutyGaps.name, () => {
  it('reports the whole period for both roles when nobody is scheduled', () => {
    expect(dutyGaps([], at(0), at(24))).toEqual([
      { role: 'DUTY_OFFICER', startsAt: at(0), endsAt: at(24), durationMinutes: 1440 },
      { role: 'LEADER_ON_DUTY', startsAt: at(0), endsAt: at(24), durationMinutes: 1440 },
    ]);
  });

  it('finds a night without a duty officer and a day without a leader, in one list by start', () => {
    const week = [
      shift('DUTY_OFFICER', 0, 24),
      shift('DUTY_OFFICER', 24, 36), // day shift only: nobody from 20:00 to 08:00
      shift('DUTY_OFFICER', 48, 72),
      shift('LEADER_ON_DUTY', 0, 24),
      shift('LEADER_ON_DUTY', 48, 72),
    ];
    expect(plain(dutyGaps(week, at(0), at(72)))).toEqual([
      ['LEADER_ON_DUTY', 24, 48],
      ['DUTY_OFFICER', 36, 48],
    ]);
  });

  it('is complete when back-to-back shifts cover the period, overlapping ones included', () => {
    const shifts = [
      shift('DUTY_OFFICER', 0, 12),
      shift('DUTY_OFFICER', 12, 24),
      shift('LEADER_ON_DUTY', -6, 10),
      shift('LEADER_ON_DUTY', 8, 30),
    ];
    expect(dutyGaps(shifts, at(0), at(24))).toEqual([]);
  });

  it('ignores cancelled shifts and shifts outside the period, and clips the ones crossing its ends', () => {
    const shifts = [
      shift('DUTY_OFFICER', -20, 2),
      shift('DUTY_OFFICER', 2, 22, true),
      shift('DUTY_OFFICER', 22, 40),
      shift('LEADER_ON_DUTY', 30, 40),
    ];
    expect(plain(dutyGaps(shifts, at(0), at(24)))).toEqual([
      ['LEADER_ON_DUTY', 0, 24],
      ['DUTY_OFFICER', 2, 22],
    ]);
  });

  it('looks only at the roles asked for', () => {
    expect(plain(dutyGaps([shift('DUTY_OFFICER', 0, 5)], at(0), at(10), ['DUTY_OFFICER']))).toEqual([
      ['DUTY_OFFICER', 5, 10],
    ]);
  });

  it('has no gaps in an empty period', () => {
    expect(dutyGaps([], at(5), at(5))).toEqual([]);
  });

  // Whole minutes over four days, as the service stores them.
  const minute = fc.integer({ min: 0, max: 4 * 24 * 60 });
  const arbitraryShift = fc
    .record({
      role: fc.constantFrom(...DUTY_ROLES),
      start: minute,
      lengthMinutes: fc.integer({ min: 1, max: 24 * 60 }),
      cancelled: fc.boolean(),
    })
    .map(
      ({ role, start, lengthMinutes, cancelled }): DutyInterval => ({
        role,
        startsAt: new Date(BASE + start * MINUTE),
        endsAt: new Date(BASE + (start + lengthMinutes) * MINUTE),
        cancelledAt: cancelled ? new Date(BASE) : null,
      }),
    );
  const scenario = fc.record({
    shifts: fc.array(arbitraryShift, { maxLength: 12 }),
    from: minute,
    lengthMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
  });
  const contains = (i: { startsAt: Date; endsAt: Date }, t: number) =>
    i.startsAt.getTime() <= t && t < i.endsAt.getTime();

  it('partitions [from, to) per role between the gaps and the standing shifts', () => {
    fc.assert(
      fc.property(scenario, ({ shifts, from, lengthMinutes }) => {
        const start = BASE + from * MINUTE;
        const end = start + lengthMinutes * MINUTE;
        const gaps = dutyGaps(shifts, new Date(start), new Date(end));
        for (const role of DUTY_ROLES) {
          const standing = shifts.filter((s) => s.role === role && !s.cancelledAt);
          const roleGaps = gaps.filter((g) => g.role === role);
          for (const g of roleGaps) {
            expect(g.startsAt.getTime()).toBeGreaterThanOrEqual(start);
            expect(g.endsAt.getTime()).toBeLessThanOrEqual(end);
          }
          // Coverage and gaps only change at a boundary: checking from each boundary on is exhaustive.
          const boundaries = [
            start,
            ...[...standing, ...roleGaps].flatMap((i) => [i.startsAt, i.endsAt].map(Number)),
          ];
          for (const t of boundaries.filter((b) => b >= start && b < end)) {
            const inGaps = roleGaps.filter((g) => contains(g, t)).length;
            const covered = standing.some((s) => contains(s, t));
            expect(inGaps).toBe(covered ? 0 : 1);
          }
        }
      }),
    );
  });

  it('never lets a gap overlap a standing shift of its role', () => {
    fc.assert(
      fc.property(scenario, ({ shifts, from, lengthMinutes }) => {
        const start = new Date(BASE + from * MINUTE);
        const gaps = dutyGaps(shifts, start, new Date(start.getTime() + lengthMinutes * MINUTE));
        for (const g of gaps) {
          for (const s of shifts.filter((s) => s.role === g.role && !s.cancelledAt)) {
            expect(g.endsAt <= s.startsAt || s.endsAt <= g.startsAt).toBe(true);
          }
        }
      }),
    );
  });

  it('returns gaps sorted by start, maximal (never touching another of their role) and non-empty', () => {
    fc.assert(
      fc.property(scenario, ({ shifts, from, lengthMinutes }) => {
        const start = new Date(BASE + from * MINUTE);
        const gaps = dutyGaps(shifts, start, new Date(start.getTime() + lengthMinutes * MINUTE));
        gaps.forEach((g, i) => {
          expect(g.endsAt.getTime()).toBeGreaterThan(g.startsAt.getTime());
          expect(g.durationMinutes).toBe((g.endsAt.getTime() - g.startsAt.getTime()) / MINUTE);
          if (i > 0) expect(gaps[i - 1]!.startsAt.getTime()).toBeLessThanOrEqual(g.startsAt.getTime());
        });
        for (const role of DUTY_ROLES) {
          const roleGaps = gaps.filter((g) => g.role === role);
          for (let i = 1; i < roleGaps.length; i++) {
            expect(roleGaps[i - 1]!.endsAt.getTime()).toBeLessThan(roleGaps[i]!.startsAt.getTime());
          }
        }
      }),
    );
  });

  it('is not changed by cancelled shifts', () => {
    fc.assert(
      fc.property(scenario, ({ shifts, from, lengthMinutes }) => {
        const start = new Date(BASE + from * MINUTE);
        const end = new Date(start.getTime() + lengthMinutes * MINUTE);
        expect(dutyGaps(shifts, start, end)).toEqual(
          dutyGaps(
            shifts.filter((s) => !s.cancelledAt),
            start,
            end,
          ),
        );
      }),
    );
  });
});
