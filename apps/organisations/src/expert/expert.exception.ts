import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const ExpertErrorCode = defineErrorCodes('organisations/expert', {
  ExpertExists: {
    code: 'EXPERT_EXISTS',
    meaning: 'The person already is in the expert pool.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ExpertiseRequired: {
    code: 'EXPERTISE_REQUIRED',
    meaning: 'An expert needs at least one field of expertise.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  Withdrawn: {
    code: 'EXPERT_WITHDRAWN',
    meaning: 'The expert has withdrawn from the pool and takes no changes.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  WithdrawalBeforeAdmission: {
    code: 'WITHDRAWAL_BEFORE_ADMISSION',
    meaning: 'A withdrawal date is before the admission date.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type ExpertErrorCode = CodeOf<typeof ExpertErrorCode>;

export class ExpertException extends DomainError {
  constructor(
    code: ExpertErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
