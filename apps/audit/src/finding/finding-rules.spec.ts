import { isWorkingDay } from '@emergency/domain';
import {
  deadlinePassed,
  findingStepAllowed,
  nextEngagementStage,
  problemListDueOn,
  rate,
  rectificationDays,
  rectificationListDueOn,
  responseDueOn,
  statusAfter,
  verifiedState,
  type RectificationRule,
} from './finding-rules';

const rule = (regionPrefix: string, key: RectificationRule['key'], days: number): RectificationRule => ({
  regionPrefix,
  key,
  days,
  source: 'test',
});

describe('finding rules', () => {
  describe('the rules in force', () => {
    const rules = [
      rule('', 'RESPONSE_CALENDAR_DAYS', 10),
      rule('', 'PROBLEM_LIST_WORKING_DAYS', 5),
      rule('', 'RECTIFICATION_LIST_WORKING_DAYS', 15),
      rule('42', 'RESPONSE_CALENDAR_DAYS', 12),
      rule('42', 'PROBLEM_LIST_WORKING_DAYS', 3),
      rule('42', 'RECTIFICATION_LIST_WORKING_DAYS', 10),
    ];

    it('takes the longest prefix with rules as a whole set', () => {
      expect(rectificationDays(rules, '421121')).toEqual({
        RESPONSE_CALENDAR_DAYS: 12,
        PROBLEM_LIST_WORKING_DAYS: 3,
        RECTIFICATION_LIST_WORKING_DAYS: 10,
      });
      expect(rectificationDays(rules, '110101').RESPONSE_CALENDAR_DAYS).toBe(10);
    });
  });

  describe('deadlines', () => {
    it('gives the written response ten calendar days after issue, weekends and holidays included', () => {
      expect(responseDueOn('2026-07-20', 10)).toBe('2026-07-30');
      expect(responseDueOn('2026-09-28', 10)).toBe('2026-10-08');
    });

    it('counts the problem list in working days across National Day 2026 (as the working calendar has it)', () => {
      expect(isWorkingDay('2026-10-01')).toBe(false);
      expect(isWorkingDay('2026-10-07')).toBe(false);
      expect(isWorkingDay('2026-10-08')).toBe(true);
      expect(isWorkingDay('2026-10-10')).toBe(true); // a Saturday worked in exchange
      expect(isWorkingDay('2026-10-11')).toBe(false);
      // Wednesday 30 September: 8, 9, 10 (the Saturday worked), 12 and 13 October.
      expect(problemListDueOn('2026-09-30', 5)).toBe('2026-10-13');
      // Friday 25 September: 28, 29, 30 September, then 8 and 9 October.
      expect(problemListDueOn('2026-09-25', 5)).toBe('2026-10-09');
    });

    it('counts the rectification list in working days after the problem list’s deadline', () => {
      expect(rectificationListDueOn('2026-09-30', 15)).toBe('2026-10-27');
      expect(rectificationListDueOn('2026-07-31', 15)).toBe('2026-08-21');
    });

    it('has a deadline pass the day after it, not on it', () => {
      expect(deadlinePassed('2026-07-30', '2026-07-30')).toBe(false);
      expect(deadlinePassed('2026-07-30', '2026-07-31')).toBe(true);
      expect(deadlinePassed(null, '2026-07-31')).toBe(false);
    });
  });

  describe('engagement stages', () => {
    it('moves one stage at a time, in order', () => {
      expect(nextEngagementStage('PLANNED')).toBe('FIELDWORK');
      expect(nextEngagementStage('FIELDWORK')).toBe('REPORTED');
      expect(nextEngagementStage('REPORTED')).toBe('FOLLOW_UP');
      expect(nextEngagementStage('FOLLOW_UP')).toBe('CLOSED');
      expect(nextEngagementStage('CLOSED')).toBeNull();
    });
  });

  describe('finding steps', () => {
    it('issues a draft, takes a response once issued, rectifies and closes', () => {
      expect(statusAfter('DRAFT', 'ISSUE')).toBe('ISSUED');
      expect(statusAfter('ISSUED', 'RESPOND')).toBe('RESPONDED');
      expect(statusAfter('ISSUED', 'PROBLEM_LIST')).toBe('ISSUED');
      expect(statusAfter('RESPONDED', 'RECTIFICATION_LIST')).toBe('RECTIFYING');
      expect(statusAfter('RECTIFYING', 'VERIFY')).toBe('CLOSED');
    });

    it('refuses steps out of order', () => {
      expect(findingStepAllowed('DRAFT', 'RESPOND')).toBe(false);
      expect(findingStepAllowed('RESPONDED', 'RESPOND')).toBe(false);
      expect(findingStepAllowed('DRAFT', 'OUTCOME')).toBe(false);
      expect(findingStepAllowed('RESPONDED', 'UPDATE_ITEM')).toBe(false);
      expect(findingStepAllowed('CLOSED', 'VERIFY')).toBe(false);
      expect(findingStepAllowed('CLOSED', 'OUTCOME')).toBe(true);
    });
  });

  describe('verification', () => {
    it('closes as RECTIFIED when every item is', () => {
      expect(verifiedState([{ state: 'RECTIFIED' }, { state: 'RECTIFIED' }])).toBe('RECTIFIED');
    });

    it('closes as CONTINUING when the rest continue', () => {
      expect(verifiedState([{ state: 'RECTIFIED' }, { state: 'CONTINUING' }])).toBe('CONTINUING');
    });

    it('does not close while an item is not rectified, unreported, or there is none', () => {
      expect(verifiedState([{ state: 'RECTIFIED' }, { state: 'NOT_RECTIFIED' }])).toBeNull();
      expect(verifiedState([{ state: 'RECTIFIED' }, { state: null }])).toBeNull();
      expect(verifiedState([])).toBeNull();
    });
  });

  describe('rates', () => {
    it('is a share of what was made, null when nothing was', () => {
      expect(rate(2, 3)).toBe(0.6667);
      expect(rate(0, 0)).toBeNull();
      expect(rate(1, 1)).toBe(1);
    });
  });
});
