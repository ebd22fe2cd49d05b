import { rulesOfMostSpecificPrefix, workingDaysDeadline } from '@emergency/domain';
import type { AssignmentStatus, InstructionAssignmentEntity } from './instruction.entity';

/** The rule in force at `regionCode`: the one of the longest region prefix the code starts with. */
export function instructionRuleFor<T extends { regionPrefix: string }>(
  rules: readonly T[],
  regionCode: string,
): T | undefined {
  return rulesOfMostSpecificPrefix(rules, regionCode)[0];
}

/** The default feedback deadline: the end of the working day `workingDays` working days after it was given. */
export const defaultFeedbackDue = (givenAt: Date, workingDays: number): Date =>
  workingDaysDeadline(givenAt, workingDays);

/** An extension may be asked for only before the deadline in force. */
export const mayRequestExtension = (now: Date, dueAt: Date) => now.getTime() < dueAt.getTime();

/** What an assignment becomes after feedback: final feedback closes its part; progress feedback leaves it open. */
export const statusAfterFeedback = (final: boolean): AssignmentStatus => (final ? 'FEEDBACK_GIVEN' : 'OPEN');

/** Past its deadline without final feedback at `now`. */
export const isOverdue = (assignment: Pick<InstructionAssignmentEntity, 'status' | 'dueAt'>, now: Date) =>
  assignment.status === 'OPEN' && assignment.dueAt.getTime() < now.getTime();

/** The assignees that gave no final feedback: closing without them needs a reason. */
export const withoutFeedback = (
  assignments: readonly Pick<InstructionAssignmentEntity, 'status' | 'organisationId'>[],
) => assignments.filter((a) => a.status === 'OPEN').map((a) => a.organisationId);
