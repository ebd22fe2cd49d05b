import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses a request for goods, its decision, a dispatch instruction, its sending or its receipt. */
export const DispatchErrorCode = defineErrorCodes('supplies/dispatch', {
  NotHigherLevel: {
    code: 'DISPATCH_NOT_HIGHER_LEVEL',
    meaning:
      'A request goes up: the region asked is a prefecture or province strictly above the requesting region.',
    extensions: { field: 'the argument at fault' },
  },
  DocumentRequired: {
    code: 'DISPATCH_DOCUMENT_REQUIRED',
    meaning: 'A written request and a dispatch instruction carry their document number.',
    extensions: { field: 'the argument at fault' },
  },
  PaperworkNotDue: {
    code: 'DISPATCH_PAPERWORK_NOT_DUE',
    meaning: 'Only a request made by phone has paperwork to record, once.',
    extensions: { field: 'the argument at fault' },
  },
  AlreadyDecided: {
    code: 'DISPATCH_REQUEST_ALREADY_DECIDED',
    meaning: 'A request is approved or rejected once.',
    extensions: { field: 'the argument at fault', status: 'the request’s status' },
  },
  NotApproved: {
    code: 'DISPATCH_REQUEST_NOT_APPROVED',
    meaning: 'A dispatch instruction is issued only for an approved request.',
    extensions: { field: 'the argument at fault', status: 'the request’s status' },
  },
  WrongStatus: {
    code: 'DISPATCH_WRONG_STATUS',
    meaning: 'A dispatch is sent once after its instruction and received once after it was sent.',
    extensions: { field: 'the argument at fault', status: 'the dispatch’s status' },
  },
  InsufficientStock: {
    code: 'DISPATCH_INSUFFICIENT_STOCK',
    meaning: 'The sending point does not hold enough of the item for a line without a lot.',
    extensions: {
      field: 'the argument at fault',
      onHand: 'what the point holds',
      requested: 'what the line asks',
    },
  },
  LotMismatch: {
    code: 'DISPATCH_LOT_MISMATCH',
    meaning: 'A line’s lot is of another item or at another reserve point than the sending one.',
    extensions: { field: 'the argument at fault' },
  },
  ShipmentUnknown: {
    code: 'DISPATCH_SHIPMENT_UNKNOWN',
    meaning: 'A receipt line names no shipment (or lot) of this dispatch, or names one twice.',
    extensions: { field: 'the argument at fault' },
  },
  ReceivedExceedsShipped: {
    code: 'DISPATCH_RECEIVED_EXCEEDS_SHIPPED',
    meaning: 'A receipt line receives more than its shipment shipped, or less than 0.',
    extensions: { field: 'the argument at fault', shipped: 'what the shipment shipped' },
  },
});
export type DispatchErrorCode = CodeOf<typeof DispatchErrorCode>;

export class DispatchException extends DomainError {
  constructor(
    code: DispatchErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
