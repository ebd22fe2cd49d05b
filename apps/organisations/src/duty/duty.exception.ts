import { DomainError } from '@emergency/graphql';

export enum DutyErrorCode {
  InvalidShiftPeriod = 'INVALID_SHIFT_PERIOD',
  ShiftTooLong = 'SHIFT_TOO_LONG',
  ShiftTooFarAhead = 'SHIFT_TOO_FAR_AHEAD',
  Overlap = 'DUTY_SHIFT_OVERLAP',
  PersonNotInOrganisation = 'PERSON_NOT_IN_ORGANISATION',
  AlreadyCancelled = 'DUTY_SHIFT_ALREADY_CANCELLED',
  ShiftEnded = 'DUTY_SHIFT_ENDED',
  InvalidPeriod = 'INVALID_PERIOD',
  PeriodTooLong = 'PERIOD_TOO_LONG',
}

export class DutyException extends DomainError {
  constructor(code: DutyErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
