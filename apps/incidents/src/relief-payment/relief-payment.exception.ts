import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';
import { ReconstructionProjectErrorCode } from '../reconstruction-project/reconstruction-project.exception';

export const ReliefPaymentErrorCode = defineErrorCodes('incidents/relief-payment', {
  HouseholdIdNumberInvalid: {
    code: 'HOUSEHOLD_ID_NUMBER_INVALID',
    meaning:
      'A household head’s identity number is not an 18-character resident identity number with a valid birth date and GB 11643 check character.',
    extensions: { field: 'the argument at fault' },
  },
  VillageCodeInvalid: {
    code: 'VILLAGE_CODE_INVALID',
    meaning: 'A village must be named by its 12-digit statistical division code.',
    extensions: { field: 'the argument at fault' },
  },
  VillageOutsideIncident: {
    code: 'VILLAGE_OUTSIDE_INCIDENT',
    meaning: 'The village is not within the region of the fund’s incident.',
    extensions: { field: 'the argument at fault', regionCode: 'the incident’s region' },
  },
  ReliefAllocationNotFound: {
    code: 'RELIEF_ALLOCATION_NOT_FOUND',
    meaning:
      'The allocation relief is paid from does not exist, lies outside your jurisdiction, or was made to a reconstruction project.',
    extensions: { field: 'the argument at fault', id: 'the allocation id' },
  },
  ReliefFormMismatch: {
    code: 'RELIEF_FORM_MISMATCH',
    meaning:
      'A cash allocation pays an amount (and no goods); an in-kind allocation hands over goods lines (and no amount).',
    extensions: { field: 'the argument at fault', form: 'the allocation’s form' },
  },
  NothingToPublish: {
    code: 'NOTHING_TO_PUBLISH',
    meaning: 'The village has no relief payment of the fund that is not published yet.',
    extensions: { field: 'the argument at fault' },
  },
});
export type ReliefPaymentErrorCode = CodeOf<typeof ReliefPaymentErrorCode>;

export class ReliefPaymentException extends DomainError {
  constructor(
    code:
      | ReliefPaymentErrorCode
      | typeof ReconstructionProjectErrorCode.AllocationInsufficient
      | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
