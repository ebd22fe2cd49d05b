import { DomainError } from '@emergency/graphql';

/** Stable error codes of the supplies service. */
export enum SuppliesErrorCode {
  /** The allocation is not (yet) known here: allocations arrive by event moments after they are made. */
  AllocationUnknown = 'ALLOCATION_UNKNOWN',
  /** The caller acts for another organisation than the allocation's recipient. */
  AllocationNotYours = 'ALLOCATION_NOT_YOURS',
  /** details: remainingFen and requestedFen, as decimal strings. */
  AllocationExceeded = 'ALLOCATION_EXCEEDED',
  InvalidQuantity = 'INVALID_QUANTITY',
  InvalidAmount = 'INVALID_AMOUNT',
}

export class SuppliesException extends DomainError {
  constructor(code: SuppliesErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
