import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const HazardErrorCode = defineErrorCodes('plans/hazard', {
  HazardNotFound: {
    code: 'HAZARD_NOT_FOUND',
    meaning: 'The hazard an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the hazard id' },
  },
  HazardTransitionNotAllowed: {
    code: 'HAZARD_TRANSITION_NOT_ALLOWED',
    meaning:
      'The hazard’s closed loop does not allow this step from its status: FOUND → REGISTERED → RECTIFYING → ' +
      'VERIFIED → CLOSED, an ORDINARY hazard fixed on the spot FOUND → VERIFIED; closing needs a verification, a ' +
      'deadline is changed only while rectifying.',
    extensions: { field: 'the argument at fault', status: 'its status', to: 'the status asked for' },
  },
  HazardSupervisorRequired: {
    code: 'HAZARD_SUPERVISOR_REQUIRED',
    meaning:
      'A MAJOR hazard is reported to a supervising department for supervised rectification (AQSC art. 41): name it.',
    extensions: { field: 'the argument at fault' },
  },
  HazardFundsNegative: {
    code: 'HAZARD_FUNDS_NEGATIVE',
    meaning: 'The funds of a rectification are a planned amount in fen, zero or more.',
    extensions: { field: 'the argument at fault' },
  },
  HazardWrongReviewer: {
    code: 'HAZARD_WRONG_REVIEWER',
    meaning: 'A rectification is verified by the reviewer its six fixes name.',
    extensions: { field: 'the argument at fault', reviewerPersonId: 'the reviewer named' },
  },
  HazardDeadlineTooLate: {
    code: 'HAZARD_DEADLINE_TOO_LATE',
    meaning:
      'The deadline lies beyond the longest rectification time the jurisdiction’s hazard rules allow an ORDINARY hazard.',
    extensions: { field: 'the argument at fault', latest: 'the latest deadline allowed' },
  },
  HazardDateTooEarly: {
    code: 'HAZARD_DATE_TOO_EARLY',
    meaning: 'A date before the step it follows (a deadline or verification before the finding, ...).',
    extensions: { field: 'the argument at fault', earliest: 'the earliest date allowed' },
  },
});
export type HazardErrorCode = CodeOf<typeof HazardErrorCode>;

export class HazardException extends DomainError {
  constructor(
    code: HazardErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
