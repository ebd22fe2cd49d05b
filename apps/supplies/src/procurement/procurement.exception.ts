import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses a purchase. */
export const ProcurementErrorCode = defineErrorCodes('supplies/procurement', {
  AllocationUnknown: {
    code: 'ALLOCATION_UNKNOWN',
    meaning:
      'The fund allocation is not known to supplies (yet): allocations arrive by event moments after they are made, so retry shortly.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AllocationNotYours: {
    code: 'ALLOCATION_NOT_YOURS',
    meaning:
      'You act for another organisation than the allocation’s recipient: only the recipient spends it.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AllocationExceeded: {
    code: 'ALLOCATION_EXCEEDED',
    meaning: 'The procurement costs more than is left of the allocation.',
    extensions: {
      field: 'the argument at fault',
      remainingFen: 'fen left of the allocation, a decimal string',
      requestedFen: 'fen the procurement costs, a decimal string',
    },
  },
  InvalidQuantity: {
    code: 'INVALID_QUANTITY',
    meaning: 'A quantity is not a whole number of at least 1.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type ProcurementErrorCode = CodeOf<typeof ProcurementErrorCode>;

export class ProcurementException extends DomainError {
  constructor(
    code: ProcurementErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
