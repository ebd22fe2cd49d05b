import { isWorkingDay } from '@emergency/domain';
import {
  addCalendarMonths,
  closeVerdict,
  drilledWithinRule,
  mayMove,
  overdueOn,
  ruleForOrganisation,
  ruleForPlan,
  takesFindings,
  type DrillRule,
} from './drill-rules';

const rule = (
  regionPrefix: string,
  subject: DrillRule['subject'],
  subjectValue: string,
  intervalMonths: number,
) => ({
  id: `${regionPrefix}-${subjectValue}`,
  regionPrefix,
  subject,
  subjectValue,
  intervalMonths,
  source: 'test',
});

const NATIONAL = [
  rule('', 'ORGANISATION_TYPE', 'GOVERNMENT', 24),
  rule('', 'ORGANISATION_TYPE', 'ENTERPRISE', 12),
  rule('', 'REGIME', 'HIGH_RISK_UNIT', 6),
  rule('', 'PLAN_TYPE', 'SPECIAL', 36),
];

describe('drill rules', () => {
  it('adds calendar months, keeping the day or falling on the month’s last', () => {
    expect(addCalendarMonths('2024-07-15', 24)).toBe('2026-07-15');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addCalendarMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addCalendarMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addCalendarMonths('2025-12-01', 1)).toBe('2026-01-01');
  });

  it('counts a drill exactly 24 months ago as within the rule, and one day more as not', () => {
    expect(drilledWithinRule('2024-11-29', 24, '2026-11-29')).toBe(true);
    expect(drilledWithinRule('2024-11-28', 24, '2026-11-29')).toBe(false);
    expect(drilledWithinRule(null, 24, '2026-11-29')).toBe(false);
    // A drill after the day asked about does not count for it.
    expect(drilledWithinRule('2026-12-01', 24, '2026-11-29')).toBe(false);
  });

  it('holds an action due today in time and one due yesterday overdue', () => {
    expect(overdueOn('2026-11-29', '2026-11-29')).toBe(false);
    expect(overdueOn('2026-11-28', '2026-11-29')).toBe(true);
  });

  it('counts deadlines in calendar days, holidays included (2026 National Day, 1–8 October)', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    // An action due on a holiday is overdue the next day, holiday or not: deadlines are not moved to working days.
    expect(overdueOn('2026-10-01', '2026-10-01')).toBe(false);
    expect(overdueOn('2026-10-01', '2026-10-02')).toBe(true);
    // A drill interval ending inside the holiday ends on that day.
    expect(drilledWithinRule('2024-10-03', 24, '2026-10-03')).toBe(true);
    expect(drilledWithinRule('2024-10-03', 24, '2026-10-04')).toBe(false);
  });

  it('moves a drill one step at a time and takes findings only while held or evaluated', () => {
    expect(mayMove('PLANNED', 'HELD')).toBe(true);
    expect(mayMove('HELD', 'EVALUATED')).toBe(true);
    expect(mayMove('EVALUATED', 'ARCHIVED')).toBe(true);
    expect(mayMove('PLANNED', 'EVALUATED')).toBe(false);
    expect(mayMove('ARCHIVED', 'HELD')).toBe(false);
    expect(takesFindings('PLANNED')).toBe(false);
    expect(takesFindings('HELD')).toBe(true);
    expect(takesFindings('EVALUATED')).toBe(true);
    expect(takesFindings('ARCHIVED')).toBe(false);
  });

  it('binds an organisation by its regime before its type, from the most specific prefix as a whole set', () => {
    expect(ruleForOrganisation(NATIONAL, '421121', 'ENTERPRISE', null)?.intervalMonths).toBe(12);
    expect(ruleForOrganisation(NATIONAL, '421121', 'ENTERPRISE', 'HIGH_RISK_UNIT')?.intervalMonths).toBe(6);
    expect(ruleForOrganisation(NATIONAL, '421121', 'SCHOOL', null)).toBeNull();
    const hubei = [...NATIONAL, rule('42', 'ORGANISATION_TYPE', 'GOVERNMENT', 12)];
    expect(ruleForOrganisation(hubei, '421121', 'GOVERNMENT', null)?.intervalMonths).toBe(12);
    // Hubei's set replaces the national one whole: it has no enterprise rule.
    expect(ruleForOrganisation(hubei, '421121', 'ENTERPRISE', null)).toBeNull();
    expect(ruleForOrganisation(hubei, '110101', 'ENTERPRISE', null)?.intervalMonths).toBe(12);
    expect(ruleForPlan(NATIONAL, '421100', 'SPECIAL')?.intervalMonths).toBe(36);
    expect(ruleForPlan(NATIONAL, '421100', 'OVERALL')).toBeNull();
  });

  it('closes a revision task by a later version or by a reason, exactly one', () => {
    expect(closeVerdict(1, 2, null)).toBe('REVISED');
    expect(closeVerdict(1, 1, null)).toBe('VERSION_NOT_NEWER');
    expect(closeVerdict(3, 2, null)).toBe('VERSION_NOT_NEWER');
    expect(closeVerdict(1, null, 'the plan already covers it')).toBe('NO_CHANGE');
    expect(closeVerdict(1, null, null)).toBe('NEITHER_OR_BOTH');
    expect(closeVerdict(1, 2, 'both')).toBe('NEITHER_OR_BOTH');
  });
});
