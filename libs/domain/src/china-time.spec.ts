import { chinaToday, isCalendarDate } from './china-time';

describe(isCalendarDate.name, () => {
  it.each(['2027-06-30', '2028-02-29', '2026-12-31'])('accepts %s', (day) => {
    expect(isCalendarDate(day)).toBe(true);
  });

  it.each(['2027-02-29', '2027-02-30', '2027-13-01', '2027-6-30', '30/06/2027', '2027-06-30T00:00:00Z', ''])(
    'rejects %s',
    (day) => {
      expect(isCalendarDate(day)).toBe(false);
    },
  );
});

describe(chinaToday.name, () => {
  it('turns the date at 16:00 UTC, midnight in Beijing', () => {
    expect(chinaToday(new Date('2026-07-06T15:59:59Z'))).toBe('2026-07-06');
    expect(chinaToday(new Date('2026-07-06T16:00:00Z'))).toBe('2026-07-07');
  });
});
