import { DomainError } from '@emergency/graphql';

export enum ExpertErrorCode {
  ExpertExists = 'EXPERT_EXISTS',
  ExpertiseRequired = 'EXPERTISE_REQUIRED',
  Withdrawn = 'EXPERT_WITHDRAWN',
  WithdrawalBeforeAdmission = 'WITHDRAWAL_BEFORE_ADMISSION',
}

export class ExpertException extends DomainError {
  constructor(code: ExpertErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
