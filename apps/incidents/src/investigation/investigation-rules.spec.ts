import {
  extensionVerdict,
  governmentLevel,
  leadCovers,
  mayLead,
  overdueOn,
  replyExtensionVerdict,
  replyLimit,
  reportDueOn,
  type ReplyExtensionState,
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

  describe('the extension of a grade I reply', () => {
    const reported: ReplyExtensionState = {
      grade: 'I',
      status: 'REPORTED',
      replyDueOn: '2026-10-01',
      replyExtendedDays: null,
      maxDays: 30,
    };

    it('is granted by 1 to the maximum, up to and on the due date', () => {
      expect(replyExtensionVerdict(reported, 30, '2026-10-01')).toBe('OK');
      expect(replyExtensionVerdict(reported, 1, '2026-09-02')).toBe('OK');
    });

    it('is refused from the day after the due date', () => {
      expect(replyExtensionVerdict(reported, 30, '2026-10-02')).toBe('PAST_DUE');
    });

    it('is refused beyond the maximum, or for no days', () => {
      expect(replyExtensionVerdict(reported, 31, '2026-10-01')).toBe('TOO_LONG');
      expect(replyExtensionVerdict({ ...reported, maxDays: 0 }, 1, '2026-10-01')).toBe('TOO_LONG');
      expect(replyExtensionVerdict(reported, 0, '2026-10-01')).toBe('NOT_POSITIVE');
      expect(replyExtensionVerdict(reported, 1.5, '2026-10-01')).toBe('NOT_POSITIVE');
    });

    it('is granted once', () => {
      expect(replyExtensionVerdict({ ...reported, replyExtendedDays: 10 }, 5, '2026-10-01')).toBe(
        'ALREADY_EXTENDED',
      );
    });

    it('is for grade I only, whatever else holds', () => {
      for (const grade of ['II', 'III', 'IV'] as const) {
        expect(replyExtensionVerdict({ ...reported, grade }, 10, '2026-09-02')).toBe('NOT_GRADE_I');
      }
    });

    it('needs the report submitted and the reply not recorded', () => {
      expect(replyExtensionVerdict({ ...reported, status: 'OPEN', replyDueOn: null }, 10, '2026-09-02')).toBe(
        'NOT_REPORTED',
      );
      expect(replyExtensionVerdict({ ...reported, status: 'REPLIED' }, 10, '2026-09-02')).toBe(
        'NOT_REPORTED',
      );
    });
  });
});
