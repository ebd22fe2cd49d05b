import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const TrainingErrorCode = defineErrorCodes('organisations/training', {
  CompletedBeforeStarted: {
    code: 'COMPLETED_BEFORE_STARTED',
    meaning: 'A training’s completion date is before its start date.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  HoursOutOfRange: {
    code: 'HOURS_OUT_OF_RANGE',
    meaning: 'Training hours are not a whole number within the allowed range (the message gives it).',
    extensions: {
      field: 'the argument at fault',
    },
  },
  DuplicateCertificate: {
    code: 'DUPLICATE_CERTIFICATE',
    meaning: 'The provider already has a training record with this certificate number.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AlreadyVoided: {
    code: 'TRAINING_RECORD_VOIDED',
    meaning: 'The training record was already voided.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type TrainingErrorCode = CodeOf<typeof TrainingErrorCode>;

export class TrainingException extends DomainError {
  constructor(
    code: TrainingErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
