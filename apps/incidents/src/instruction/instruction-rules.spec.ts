import { chinaInstant } from '@emergency/domain';
import {
  defaultFeedbackDue,
  instructionRuleFor,
  isOverdue,
  mayRequestExtension,
  statusAfterFeedback,
  withoutFeedback,
} from './instruction-rules';

const endOf = (date: string) => new Date(chinaInstant(date, '23:59').getTime() + 59_999);

describe('leader instruction rules', () => {
  it('gives 5 working days from Friday 25 September 2026 to the end of Friday 9 October, across National Day', () => {
    expect(defaultFeedbackDue(chinaInstant('2026-09-25', '15:00'), 5)).toEqual(endOf('2026-10-09'));
  });

  it('counts the worked Saturday after National Day as a working day', () => {
    // Thursday 8 October, 1 working day: Friday 9; 2: Saturday 10 (worked).
    expect(defaultFeedbackDue(chinaInstant('2026-10-08', '10:00'), 2)).toEqual(endOf('2026-10-10'));
  });

  it('takes the rule of the longest prefix a region starts with', () => {
    const rules = [
      { regionPrefix: '', feedbackWorkingDays: 5 },
      { regionPrefix: '42', feedbackWorkingDays: 3 },
      { regionPrefix: '4211', feedbackWorkingDays: 2 },
    ];
    expect(instructionRuleFor(rules, '421121')?.feedbackWorkingDays).toBe(2);
    expect(instructionRuleFor(rules, '420102')?.feedbackWorkingDays).toBe(3);
    expect(instructionRuleFor(rules, '110101')?.feedbackWorkingDays).toBe(5);
  });

  it('takes an extension request only before the deadline', () => {
    const due = endOf('2026-10-09');
    expect(mayRequestExtension(new Date(due.getTime() - 1), due)).toBe(true);
    expect(mayRequestExtension(due, due)).toBe(false);
    expect(mayRequestExtension(chinaInstant('2026-10-10', '09:00'), due)).toBe(false);
  });

  it('is overdue past the deadline without final feedback', () => {
    const dueAt = endOf('2026-10-09');
    expect(isOverdue({ status: 'OPEN', dueAt }, dueAt)).toBe(false);
    expect(isOverdue({ status: 'OPEN', dueAt }, chinaInstant('2026-10-10'))).toBe(true);
    expect(isOverdue({ status: 'FEEDBACK_GIVEN', dueAt }, chinaInstant('2026-10-10'))).toBe(false);
    expect([statusAfterFeedback(true), statusAfterFeedback(false)]).toEqual(['FEEDBACK_GIVEN', 'OPEN']);
    expect(
      withoutFeedback([
        { status: 'FEEDBACK_GIVEN', organisationId: 'a' },
        { status: 'OPEN', organisationId: 'b' },
      ]),
    ).toEqual(['b']);
  });
});
