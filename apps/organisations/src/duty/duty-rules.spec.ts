import { chinaTime, checkShiftPeriod, coveragePeriod, overlapWithin, overlaps } from './duty-rules';

const NOW = new Date('2026-07-01T10:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const period = (start: string, end: string) => ({ startsAt: new Date(start), endsAt: new Date(end) });
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a refusal');
};

describe(checkShiftPeriod.name, () => {
  it('accepts a 24-hour shift from 08:00 to 08:00, and one that started in the past', () => {
    expect(() =>
      checkShiftPeriod(period('2026-07-02T08:00:00+08:00', '2026-07-03T08:00:00+08:00'), NOW),
    ).not.toThrow();
    expect(() =>
      checkShiftPeriod(period('2026-06-30T08:00:00+08:00', '2026-07-01T08:00:00+08:00'), NOW),
    ).not.toThrow();
  });

  it.each([
    [
      'an end before the start',
      '2026-07-02T08:00:00Z',
      '2026-07-02T07:00:00Z',
      'INVALID_SHIFT_PERIOD',
      'endsAt',
    ],
    [
      'an end equal to the start',
      '2026-07-02T08:00:00Z',
      '2026-07-02T08:00:00Z',
      'INVALID_SHIFT_PERIOD',
      'endsAt',
    ],
    [
      'a start between minutes',
      '2026-07-02T08:00:30Z',
      '2026-07-02T09:00:00Z',
      'INVALID_SHIFT_PERIOD',
      'startsAt',
    ],
    [
      'an end between minutes',
      '2026-07-02T08:00:00Z',
      '2026-07-02T09:00:00.5Z',
      'INVALID_SHIFT_PERIOD',
      'endsAt',
    ],
    ['24 hours and a minute', '2026-07-02T08:00:00Z', '2026-07-03T08:01:00Z', 'SHIFT_TOO_LONG', 'endsAt'],
  ])('refuses %s, naming the field', (_label, start, end, code, field) => {
    expect(failure(() => checkShiftPeriod(period(start, end), NOW))).toMatchObject({ code, field });
  });

  it('accepts a start 366 days ahead and refuses one a minute later', () => {
    const start = new Date(NOW.getTime() + 366 * DAY);
    const shift = { startsAt: start, endsAt: new Date(start.getTime() + HOUR) };
    expect(() => checkShiftPeriod(shift, NOW)).not.toThrow();
    const later = { startsAt: new Date(start.getTime() + 60_000), endsAt: new Date(start.getTime() + HOUR) };
    expect(failure(() => checkShiftPeriod(later, NOW))).toMatchObject({
      code: 'SHIFT_TOO_FAR_AHEAD',
      field: 'startsAt',
    });
  });

  it('names the roster item', () => {
    const shift = period('2026-07-02T08:00:00Z', '2026-07-04T08:00:00Z');
    expect(failure(() => checkShiftPeriod(shift, NOW, 'shifts[3].'))).toMatchObject({
      code: 'SHIFT_TOO_LONG',
      field: 'shifts[3].endsAt',
    });
  });
});

describe(overlapWithin.name, () => {
  const shift = (personId: string, fromHour: number, toHour: number) => ({
    personId,
    startsAt: new Date(NOW.getTime() + fromHour * HOUR),
    endsAt: new Date(NOW.getTime() + toHour * HOUR),
  });

  it('lets a person work back-to-back shifts, and different people share a period', () => {
    expect(overlapWithin([shift('a', 0, 12), shift('a', 12, 24), shift('b', 0, 24)])).toBeUndefined();
    expect(overlaps(shift('a', 0, 12), shift('a', 12, 24))).toBe(false);
  });

  it('reports the first item that overlaps an earlier one of the same person', () => {
    expect(
      overlapWithin([shift('a', 0, 12), shift('b', 0, 12), shift('b', 24, 30), shift('a', 11, 13)]),
    ).toEqual({ index: 3, conflictingIndex: 0 });
  });
});

describe(coveragePeriod.name, () => {
  it('widens the period to whole minutes', () => {
    expect(coveragePeriod(new Date('2026-07-01T02:00:30Z'), new Date('2026-07-08T02:00:30Z'))).toEqual({
      from: new Date('2026-07-01T02:00:00Z'),
      to: new Date('2026-07-08T02:01:00Z'),
    });
  });

  it('refuses an empty or reversed period and one longer than 31 days', () => {
    const from = new Date('2026-07-01T00:00:00Z');
    expect(failure(() => coveragePeriod(from, from))).toMatchObject({ code: 'INVALID_PERIOD', field: 'to' });
    expect(() => coveragePeriod(from, new Date(from.getTime() + 31 * DAY))).not.toThrow();
    expect(failure(() => coveragePeriod(from, new Date(from.getTime() + 31 * DAY + 60_000)))).toMatchObject({
      code: 'PERIOD_TOO_LONG',
      field: 'to',
    });
  });
});

describe(chinaTime.name, () => {
  it('shows instants on China Standard Time', () => {
    expect(chinaTime(new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01 00:00 UTC+8');
  });
});
