import { DomainError } from '@emergency/graphql';

export enum TrainingErrorCode {
  CompletedBeforeStarted = 'COMPLETED_BEFORE_STARTED',
  HoursOutOfRange = 'HOURS_OUT_OF_RANGE',
  DuplicateCertificate = 'DUPLICATE_CERTIFICATE',
  AlreadyVoided = 'TRAINING_RECORD_VOIDED',
}

export class TrainingException extends DomainError {
  constructor(code: TrainingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
