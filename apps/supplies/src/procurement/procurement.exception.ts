import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses a purchase, its invoices, refunds, cancellation and delivery acceptance. */
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
  AllocationsOfDifferentFunds: {
    code: 'PROCUREMENT_ALLOCATIONS_OF_DIFFERENT_FUNDS',
    meaning:
      'A procurement is paid from allocations of one fund only; the payments name allocations of several.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AllocationsOfDifferentRecipients: {
    code: 'PROCUREMENT_ALLOCATIONS_OF_DIFFERENT_RECIPIENTS',
    meaning: 'A procurement has one payer: the payments name allocations made to different organisations.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  PaymentsDoNotAddUp: {
    code: 'PAYMENTS_DO_NOT_ADD_UP',
    meaning: 'The payments from the allocations do not add up to quantity × unit price.',
    extensions: {
      field: 'the argument at fault',
      amountFen: 'fen the procurement costs, a decimal string',
      paymentsFen: 'fen the payments add up to, a decimal string',
    },
  },
  InvoicesExceedAmount: {
    code: 'INVOICES_EXCEED_AMOUNT',
    meaning: 'The invoices of a procurement would add up to more than it has paid net of refunds.',
    extensions: {
      field: 'the argument at fault',
      netPaidFen: 'fen the procurement has paid net of refunds, a decimal string',
      invoicedFen: 'fen already invoiced, a decimal string',
    },
  },
  InvoiceNumberTaken: {
    code: 'INVOICE_NUMBER_TAKEN',
    meaning: 'The supplier already has an invoice with this number recorded.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AlreadyAccepted: {
    code: 'PROCUREMENT_ALREADY_ACCEPTED',
    meaning:
      'The procurement’s delivery was accepted: it is no longer refunded, cancelled or accepted again.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  Cancelled: {
    code: 'PROCUREMENT_CANCELLED',
    meaning:
      'The procurement was cancelled (everything paid given back): nothing more is refunded, invoiced or accepted.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  OriginsUnknown: {
    code: 'PROCUREMENT_ORIGINS_UNKNOWN',
    meaning:
      'The procurement was recorded before supplies kept which contributions it drew on: where its money came from ' +
      'is not known here, so it is not refunded, cancelled or accepted in this service.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ItemCodeMissing: {
    code: 'PROCUREMENT_ITEM_CODE_MISSING',
    meaning:
      'The procurement names no catalogue item (itemCode): its delivery is accepted, but not received into stock.',
    extensions: {
      field: 'the argument at fault',
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
