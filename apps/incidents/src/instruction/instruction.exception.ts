import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const InstructionErrorCode = defineErrorCodes('incidents/instruction', {
  InstructionNotFound: {
    code: 'INSTRUCTION_NOT_FOUND',
    meaning:
      'The leader instruction, assignment or extension does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the id given' },
  },
  InstructionClosed: {
    code: 'INSTRUCTION_CLOSED',
    meaning: 'The leader instruction has been closed (办结): nothing more is recorded on it.',
    extensions: { field: 'the argument at fault' },
  },
  AssignmentDuplicated: {
    code: 'ASSIGNMENT_DUPLICATED',
    meaning: 'An organisation is assigned the same instruction twice.',
    extensions: { field: 'the argument at fault' },
  },
  FeedbackDueBeforeGiven: {
    code: 'FEEDBACK_DUE_BEFORE_GIVEN',
    meaning: 'A feedback deadline must come after the instruction was given.',
    extensions: { field: 'the argument at fault' },
  },
  FeedbackAlreadyFinal: {
    code: 'FEEDBACK_ALREADY_FINAL',
    meaning: 'The organisation has already given its final feedback on the instruction.',
    extensions: { field: 'the argument at fault' },
  },
  ExtensionTooLate: {
    code: 'EXTENSION_TOO_LATE',
    meaning: 'An extension must be requested before the feedback deadline in force.',
    extensions: { field: 'the argument at fault', dueAt: 'the deadline in force' },
  },
  ExtensionNotLater: {
    code: 'EXTENSION_NOT_LATER',
    meaning: 'An extension’s new deadline must come after the deadline in force.',
    extensions: { field: 'the argument at fault', dueAt: 'the deadline in force' },
  },
  ExtensionPending: {
    code: 'EXTENSION_PENDING',
    meaning: 'The assignment already has an extension request awaiting a decision.',
    extensions: { field: 'the argument at fault' },
  },
  ExtensionDecided: {
    code: 'EXTENSION_DECIDED',
    meaning: 'The extension request has already been granted or refused.',
    extensions: { field: 'the argument at fault' },
  },
  InstructionFeedbackMissing: {
    code: 'INSTRUCTION_FEEDBACK_MISSING',
    meaning: 'An instruction is closed once every assignee gave final feedback, or with a reason.',
    extensions: { field: 'the argument at fault', organisationIds: 'the assignees without final feedback' },
  },
});
export type InstructionErrorCode = CodeOf<typeof InstructionErrorCode>;

export class InstructionException extends DomainError {
  constructor(
    code: InstructionErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
