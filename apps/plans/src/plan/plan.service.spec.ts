import { isCalendarDate } from './plan.service';

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
