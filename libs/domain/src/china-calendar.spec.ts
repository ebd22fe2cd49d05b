import {
  WORKING_CALENDAR_YEARS,
  addCalendarDays,
  addWorkingDays,
  calendarCovers,
  chinaDateOf,
  chinaInstant,
  isWorkingDay,
  workingDaysBetween,
  workingDaysDeadline,
} from './china-calendar';

describe('the official working-day calendar', () => {
  it('knows the holiday notices from 2004 to the current year', () => {
    expect(WORKING_CALENDAR_YEARS.first).toBe(2004);
    expect(WORKING_CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2026);
    expect(calendarCovers('2026-10-01')).toBe(true);
    expect(calendarCovers('2003-10-01')).toBe(false);
  });

  it('rests on National Day and works the Saturday given in exchange (2026 notice)', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true); // a Saturday worked in exchange
    expect(isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2026-09-30')).toBe(true);
  });

  it('counts working days across a holiday', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-29', 4)).toBe('2026-10-10');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday to Monday
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(workingDaysBetween('2026-10-10', '2026-10-01')).toBe(0);
  });

  it('refuses what is not a date or a count', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-10-01', 0)).toThrow(RangeError);
  });

  it('writes instants in China Standard Time', () => {
    expect(chinaInstant('2026-07-05', '09:00').toISOString()).toBe('2026-07-05T01:00:00.000Z');
    expect(chinaDateOf(new Date('2026-07-04T16:30:00Z'))).toBe('2026-07-05');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(() => chinaInstant('2026-07-05', '24:00')).toThrow(RangeError);
  });

  it('ends a working-day deadline at the last millisecond of its day in China', () => {
    // Friday 25 September 2026, 15:00 CST; five working days: 28, 29, 30 September, 8 and 9 October.
    const given = chinaInstant('2026-09-25', '15:00');
    expect(workingDaysDeadline(given, 5).toISOString()).toBe('2026-10-09T15:59:59.999Z');
  });
});
