import { chinaInstant } from '@emergency/domain';
import type { ZeroReportDeadlineRuleEntity, ZeroReportEntity } from './zero-report.entity';
import {
  datesFrom,
  dayStatus,
  isLate,
  periodCovers,
  prefectureOf,
  ruleFor,
  unitLevel,
  zeroReportDueAt,
} from './zero-report-rules';

const rule = (regionPrefix: string, level: ZeroReportDeadlineRuleEntity['level'], dueTime: string) => ({
  regionPrefix,
  level,
  dueTime,
  source: 'test',
});
const NATIONAL = [
  rule('', 'COUNTY', '09:00'),
  rule('', 'PREFECTURE', '10:00'),
  rule('', 'PROVINCE', '12:00'),
];

describe('zero report rules', () => {
  it('tells a unit’s level from its code', () => {
    expect(['420000', '421100', '421121', '421181'].map(unitLevel)).toEqual([
      'PROVINCE',
      'PREFECTURE',
      'COUNTY',
      'COUNTY',
    ]);
  });

  it('takes the deadline of the unit’s level, the most specific prefix winning', () => {
    const rules = [...NATIONAL, rule('42', 'COUNTY', '08:45'), rule('4211', 'COUNTY', '08:30')];
    expect(zeroReportDueAt(rules, '421121', '2026-07-07')).toEqual(chinaInstant('2026-07-07', '08:30'));
    expect(zeroReportDueAt(rules, '420102', '2026-07-07')).toEqual(chinaInstant('2026-07-07', '08:45'));
    expect(zeroReportDueAt(rules, '421100', '2026-07-07')).toEqual(chinaInstant('2026-07-07', '10:00'));
    expect(zeroReportDueAt(rules, '420000', '2026-07-07')).toEqual(chinaInstant('2026-07-07', '12:00'));
    expect(ruleFor(rules, '510101', 'COUNTY')).toMatchObject({ regionPrefix: '', dueTime: '09:00' });
  });

  it('counts a report at the deadline as on time and a minute after as late', () => {
    const due = chinaInstant('2026-07-07', '09:00');
    expect(isLate(chinaInstant('2026-07-07', '09:00'), due)).toBe(false);
    expect(isLate(chinaInstant('2026-07-07', '09:01'), due)).toBe(true);
  });

  it('gives a unit’s standing for a day', () => {
    const due = chinaInstant('2026-07-07', '09:00');
    const report = (late: boolean, nothingToReport: boolean) =>
      ({ late, nothingToReport }) as ZeroReportEntity;
    expect(dayStatus(report(false, true), due, due)).toBe('ZERO');
    expect(dayStatus(report(false, false), due, due)).toBe('SUBMITTED');
    expect(dayStatus(report(true, true), due, due)).toBe('LATE');
    expect(dayStatus(undefined, due, due)).toBe('PENDING');
    expect(dayStatus(undefined, due, chinaInstant('2026-07-07', '09:01'))).toBe('MISSING');
  });

  it('walks a period’s days and counts units toward their prefecture', () => {
    expect(datesFrom('2026-09-30', '2026-10-02')).toEqual(['2026-09-30', '2026-10-01', '2026-10-02']);
    expect(datesFrom('2026-10-02', '2026-10-01')).toEqual([]);
    expect(periodCovers({ startsOn: '2026-07-07', endsOn: null }, '2026-12-31')).toBe(true);
    expect(periodCovers({ startsOn: '2026-07-07', endsOn: '2026-07-09' }, '2026-07-10')).toBe(false);
    expect(periodCovers({ startsOn: '2026-07-07', endsOn: '2026-07-09' }, '2026-07-06')).toBe(false);
    expect([prefectureOf('421121'), prefectureOf('421100'), prefectureOf('420000')]).toEqual([
      '421100',
      '421100',
      null,
    ]);
  });
});
