import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const DutyErrorCode = defineErrorCodes('organisations/duty', {
  InvalidShiftPeriod: {
    code: 'INVALID_SHIFT_PERIOD',
    meaning: 'A shift does not fall on whole minutes or does not end after it starts.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ShiftTooLong: {
    code: 'SHIFT_TOO_LONG',
    meaning: 'A duty shift lasts more than 24 hours.',
    extensions: {
      field: 'the argument at fault',
      maxHours: 'the longest shift, in hours',
    },
  },
  ShiftTooFarAhead: {
    code: 'SHIFT_TOO_FAR_AHEAD',
    meaning: 'A duty shift starts more than 366 days ahead.',
    extensions: {
      field: 'the argument at fault',
      maxDaysAhead: 'how far ahead a shift may start, in days',
    },
  },
  Overlap: {
    code: 'DUTY_SHIFT_OVERLAP',
    meaning: 'The person would be on duty twice at once, in this roster or with a shift already planned.',
    extensions: {
      field: 'the argument at fault',
      conflictingItem: 'within one roster, the other item',
      conflictingShiftId: 'the planned shift it overlaps',
    },
  },
  PersonNotInOrganisation: {
    code: 'PERSON_NOT_IN_ORGANISATION',
    meaning: 'The person belongs neither to the organisation nor to one above it.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AlreadyCancelled: {
    code: 'DUTY_SHIFT_ALREADY_CANCELLED',
    meaning: 'The shift was already cancelled.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ShiftEnded: {
    code: 'DUTY_SHIFT_ENDED',
    meaning: 'The shift has ended; finished shifts cannot be cancelled.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  InvalidPeriod: {
    code: 'INVALID_PERIOD',
    meaning: 'A period’s end is not after its start.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  PeriodTooLong: {
    code: 'PERIOD_TOO_LONG',
    meaning: 'Duty coverage is checked for at most 31 days at a time.',
    extensions: {
      field: 'the argument at fault',
      maxDays: 'the longest period, in days',
    },
  },
});
export type DutyErrorCode = CodeOf<typeof DutyErrorCode>;

export class DutyException extends DomainError {
  constructor(code: DutyErrorCode | CommonErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
