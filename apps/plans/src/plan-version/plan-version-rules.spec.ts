import { isWorkingDay } from '@emergency/domain';
import {
  addYears,
  cycleRuleFor,
  evaluationStanding,
  filingDueOn,
  filingStanding,
  issueVerdict,
  overdueOn,
  type CycleRule,
} from './plan-version-rules';

const rule = (regionPrefix: string, planType: CycleRule['planType'], days = 20, years = 3): CycleRule => ({
  regionPrefix,
  planType,
  filingWorkingDays: days,
  evaluationYears: years,
});

describe('plan version rules', () => {
  it('knows the 2026 Mid-Autumn and National Day calendar it counts on', () => {
    // The State Council's notice: 25 to 27 September (Mid-Autumn) and 1 to 7 October off, Sunday 20 September and
    // Saturday 10 October worked.
    expect(isWorkingDay('2026-09-20')).toBe(true);
    for (const d of ['2026-09-25', '2026-09-26', '2026-09-27']) expect(isWorkingDay(d)).toBe(false);
    for (let d = 1; d <= 7; d += 1) expect(isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
  });

  it('makes filing due on the 20th working day after issuance', () => {
    // Monday 1 June 2026: four weeks of working days less the Dragon Boat Festival (19 June) end on 30 June.
    expect(filingDueOn('2026-06-01', 20)).toBe('2026-06-30');
  });

  it('counts the filing period across Mid-Autumn and National Day 2026, with the worked Saturday', () => {
    // Issued Friday 18 September: 20 (Sunday worked), 21 to 24 and 28 to 30 September are 8 working days, 25 to 27
    // September and 1 to 7 October off, then 8, 9, 10 (Saturday worked), 12 to 16 and 19 to 22 October.
    expect(filingDueOn('2026-09-18', 20)).toBe('2026-10-22');
    expect(filingDueOn('2026-09-30', 1)).toBe('2026-10-08');
    expect(filingDueOn('2026-09-30', 3)).toBe('2026-10-10');
  });

  it('is overdue only from the day after the due date', () => {
    expect(overdueOn('2026-10-22', '2026-10-22')).toBe(false);
    expect(overdueOn('2026-10-22', '2026-10-23')).toBe(true);
  });

  it('adds whole years, 29 February falling on 28 February', () => {
    expect(addYears('2026-10-22', 3)).toBe('2029-10-22');
    expect(addYears('2028-02-29', 3)).toBe('2031-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('takes the rules of the longest prefix with any, as a whole set', () => {
    const rules = [rule('', 'SPECIAL'), rule('', 'UNIT'), rule('42', 'SPECIAL', 15, 2)];
    expect(cycleRuleFor(rules, '421121', 'SPECIAL')).toMatchObject({
      regionPrefix: '42',
      filingWorkingDays: 15,
    });
    expect(cycleRuleFor(rules, '421121', 'UNIT')).toBeUndefined();
    expect(cycleRuleFor(rules, '110000', 'UNIT')).toMatchObject({ regionPrefix: '' });
  });

  it('issues an approved version, a minor revision from draft, never a major draft', () => {
    expect(issueVerdict(null)).toBe('NOTHING_TO_ISSUE');
    expect(issueVerdict({ status: 'APPROVED', major: true })).toBe('OK');
    expect(issueVerdict({ status: 'DRAFT', major: false })).toBe('OK');
    expect(issueVerdict({ status: 'DRAFT', major: true })).toBe('APPROVAL_REQUIRED');
  });

  describe('standing of a filing in a period', () => {
    const year = { from: '2026-01-01', to: '2026-12-31' };
    it('is met on the due date, unmet a day late', () => {
      expect(filingStanding('2026-10-22', '2026-10-22', year, '2026-12-31')).toBe('MET');
      expect(filingStanding('2026-10-22', '2026-10-23', year, '2026-12-31')).toBe('UNMET');
    });
    it('counts an unfiled one only once its due date has passed', () => {
      expect(filingStanding('2026-10-22', null, year, '2026-10-22')).toBeNull();
      expect(filingStanding('2026-10-22', null, year, '2026-10-23')).toBe('UNMET');
    });
    it('leaves out deadlines outside the period', () => {
      expect(filingStanding('2025-12-31', null, year, '2026-06-01')).toBeNull();
      expect(filingStanding('2027-01-04', null, year, '2027-06-01')).toBeNull();
    });
  });

  describe('standing of an evaluation in a period', () => {
    const year = { from: '2026-01-01', to: '2026-12-31' };
    it('is met by the due date, unmet after it', () => {
      expect(evaluationStanding('2026-06-30', '2026-06-30', year, '2027-01-01')).toBe('MET');
      expect(evaluationStanding('2026-06-30', '2026-07-01', year, '2027-01-01')).toBe('UNMET');
      expect(evaluationStanding('2026-06-30', null, year, '2026-07-01')).toBe('UNMET');
      expect(evaluationStanding('2026-06-30', null, year, '2026-06-30')).toBeNull();
    });
    it('counts one due before the period that is still open at its end', () => {
      expect(evaluationStanding('2025-06-30', null, year, '2027-01-01')).toBe('UNMET');
      expect(evaluationStanding('2025-06-30', '2027-01-05', year, '2027-02-01')).toBe('UNMET');
      expect(evaluationStanding('2025-06-30', '2026-03-01', year, '2027-01-01')).toBeNull();
    });
    it('leaves out what falls due after the period', () => {
      expect(evaluationStanding('2027-01-01', null, year, '2027-06-01')).toBeNull();
    });
  });
});
