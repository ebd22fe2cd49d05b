import fc from 'fast-check';
import { checkHours, checkTrainingPeriod, summariseTraining, yearRange } from './training-rules';

const TODAY = '2026-03-15';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const { extensions } = error as { extensions: { code: string; field?: string } };
    return { code: extensions.code, field: extensions.field };
  }
  throw new Error('expected a refusal');
};

describe(checkTrainingPeriod.name, () => {
  it('accepts a period that ended today, and a one-day course', () => {
    expect(checkTrainingPeriod('2026-03-10', TODAY, TODAY)).toEqual({
      startedOn: '2026-03-10',
      completedOn: TODAY,
    });
    expect(checkTrainingPeriod('2025-12-31', '2025-12-31', TODAY).completedOn).toBe('2025-12-31');
  });

  it.each([
    ['a completion tomorrow', '2026-03-10', '2026-03-16', 'DATE_IN_FUTURE', 'completedOn'],
    ['a completion before the start', '2026-03-10', '2026-03-09', 'COMPLETED_BEFORE_STARTED', 'completedOn'],
    ['an impossible start day', '2026-02-30', '2026-03-01', 'INVALID_DATE', 'startedOn'],
    ['a completion not written YYYY-MM-DD', '2026-03-01', '2026/03/02', 'INVALID_DATE', 'completedOn'],
  ])('refuses %s', (_label, startedOn, completedOn, code, field) => {
    expect(codeOf(() => checkTrainingPeriod(startedOn, completedOn, TODAY))).toEqual({ code, field });
  });

  it('accepts exactly the periods that end by today and do not end before they start', () => {
    const day = fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2027-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (startedOn, completedOn) => {
        const valid = completedOn <= TODAY && startedOn <= completedOn;
        let accepted = true;
        try {
          checkTrainingPeriod(startedOn, completedOn, TODAY);
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(valid);
      }),
    );
  });
});

describe(checkHours.name, () => {
  it('accepts whole hours from 1 to 2000', () => {
    expect(checkHours(1)).toBe(1);
    expect(checkHours(2000)).toBe(2000);
  });

  it.each([0, -8, 2001, 7.5])('refuses %p hours', (hours) => {
    expect(codeOf(() => checkHours(hours))).toEqual({ code: 'HOURS_OUT_OF_RANGE', field: 'hours' });
  });
});

describe(yearRange.name, () => {
  it('spans the calendar year, half-open', () => {
    expect(yearRange(2025)).toEqual({ from: '2025-01-01', until: '2026-01-01' });
  });

  it('refuses years no training can have', () => {
    expect(codeOf(() => yearRange(25))).toEqual({ code: 'BAD_USER_INPUT', field: 'year' });
  });
});

describe(summariseTraining.name, () => {
  it('takes the totals from the ungrouped row and lists categories in enum order', () => {
    expect(
      summariseTraining([
        { category: 'FIRST_AID', records: 2, people: 2, hours: 16 },
        { category: null, records: 5, people: 3, hours: 56 },
        { category: 'EMERGENCY_MANAGEMENT', records: 3, people: 2, hours: 40 },
      ]),
    ).toEqual({
      peopleTrained: 3,
      records: 5,
      totalHours: 56,
      byCategory: [
        { category: 'EMERGENCY_MANAGEMENT', records: 3, peopleTrained: 2, hours: 40 },
        { category: 'FIRST_AID', records: 2, peopleTrained: 2, hours: 16 },
      ],
    });
  });

  it('answers zeros for a year without training', () => {
    expect(summariseTraining([{ category: null, records: 0, people: 0, hours: 0 }])).toEqual({
      peopleTrained: 0,
      records: 0,
      totalHours: 0,
      byCategory: [],
    });
  });
});
