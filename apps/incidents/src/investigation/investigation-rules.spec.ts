import {
  extensionVerdict,
  governmentLevel,
  leadCovers,
  mayLead,
  overdueOn,
  replyLimit,
  reportDueOn,
} from './investigation-rules';
import { regionPrefix } from '@emergency/domain';

const NATIONAL = {
  reportDays: 60,
  maxExtensionDays: 60,
  replyDays: 15,
  gradeIReplyDays: 30,
  gradeIReplyExtensionDays: 30,
};

describe('investigation rules', () => {
  it.each([
    ['100000', 'STATE_COUNCIL'],
    ['420000', 'PROVINCE'],
    ['421100', 'PREFECTURE'],
    ['421121', 'COUNTY'],
    ['421121100', 'TOWNSHIP'],
  ])('a government of %s is at level %s', (code, level) => {
    expect(governmentLevel(code)).toBe(level);
  });

  it.each([
    ['I', 'STATE_COUNCIL', true],
    ['I', 'PROVINCE', false],
    ['II', 'PROVINCE', true],
    ['II', 'PREFECTURE', false],
    ['III', 'PREFECTURE', true],
    ['III', 'PROVINCE', true],
    ['III', 'COUNTY', false],
    ['IV', 'COUNTY', true],
    ['IV', 'TOWNSHIP', false],
  ] as const)('grade %s may be led by %s: %s', (grade, level, expected) => {
    expect(mayLead(level, grade)).toBe(expected);
  });

  it('lets a lead cover its own subtree, the State Council everything', () => {
    expect(leadCovers('420000', '421121', regionPrefix)).toBe(true);
    expect(leadCovers('420100', '421121', regionPrefix)).toBe(false);
    expect(leadCovers('100000', '650100', regionPrefix)).toBe(true);
  });

  it('makes the report due 60 calendar days after the opening, across National Day', () => {
    expect(reportDueOn('2026-08-01', 60)).toBe('2026-09-30');
    expect(reportDueOn('2026-09-01', 60)).toBe('2026-10-31');
  });

  it('is overdue only from the day after the due date', () => {
    expect(overdueOn('2026-09-30', '2026-09-30')).toBe(false);
    expect(overdueOn('2026-09-30', '2026-10-01')).toBe(true);
  });

  it('gives the reply 15 days, 30 extendable by 30 for grade I', () => {
    expect(replyLimit('II', NATIONAL)).toEqual({ days: 15, extensionDays: 0 });
    expect(replyLimit('I', NATIONAL)).toEqual({ days: 30, extensionDays: 30 });
  });

  it('extends once by 1 to the maximum', () => {
    expect(extensionVerdict(60, false, 60)).toBe('OK');
    expect(extensionVerdict(1, false, 60)).toBe('OK');
    expect(extensionVerdict(61, false, 60)).toBe('TOO_LONG');
    expect(extensionVerdict(0, false, 60)).toBe('NOT_POSITIVE');
    expect(extensionVerdict(10, true, 60)).toBe('ALREADY_EXTENDED');
  });
});
