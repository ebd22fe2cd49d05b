import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';
import type { ProcurementErrorCode } from '../procurement/procurement.exception';
import type { StockErrorCode } from '../stock/stock.exception';

/** What refuses a requisition or its repayment, besides the stock and allocation refusals it shares. */
export const RequisitionErrorCode = defineErrorCodes('supplies/requisition', {
  NotFromLowerLevel: {
    code: 'REQUISITION_NOT_FROM_LOWER_LEVEL',
    meaning:
      'A requisition takes stock only from reserve points of regions strictly below the requisitioning point’s ' +
      'region; this lot lies at the same level, above or beside it.',
    extensions: { field: 'the argument at fault', regionCode: 'the region of the lot’s reserve point' },
  },
  NotOwed: {
    code: 'REQUISITION_NOT_OWED',
    meaning: 'The requisition took nothing from that reserve point, so owes it nothing.',
    extensions: { field: 'the argument at fault' },
  },
  ItemNotTaken: {
    code: 'REQUISITION_ITEM_NOT_TAKEN',
    meaning: 'A repayment in kind gives back the item taken from that point; this lot holds another item.',
    extensions: { field: 'the argument at fault', itemCode: 'the lot’s item' },
  },
  LotNotRequisitioners: {
    code: 'REQUISITION_LOT_NOT_REQUISITIONERS',
    meaning:
      'A repayment in kind gives goods from lots within the requisitioner’s region; this lot lies elsewhere.',
    extensions: { field: 'the argument at fault' },
  },
  RepaymentExceedsOwed: {
    code: 'REQUISITION_REPAYMENT_EXCEEDS_OWED',
    meaning: 'The repayment is worth more than the requisition still owes that owner.',
    extensions: {
      field: 'the argument at fault',
      outstandingFen: 'what is still owed to the owner',
      requestedFen: 'what the repayment is worth',
    },
  },
  PayerNotRequisitioner: {
    code: 'REQUISITION_PAYER_NOT_REQUISITIONER',
    meaning:
      'A requisition is repaid in money from allocations made to the requisitioner’s organisation; these were made ' +
      'to another.',
    extensions: {
      field: 'the argument at fault',
      recipientOrganisationId: 'the organisation the allocations were made to',
    },
  },
  PropertyAlreadyReturned: {
    code: 'REQUISITION_PROPERTY_ALREADY_RETURNED',
    meaning: 'The property’s return (or loss) has already been recorded.',
    extensions: { field: 'the argument at fault' },
  },
  PropertyNotReturned: {
    code: 'REQUISITION_PROPERTY_NOT_RETURNED',
    meaning:
      'Compensation is paid once the property’s fate is known: record its return, or its loss (condition ' +
      'DESTROYED), first.',
    extensions: { field: 'the argument at fault' },
  },
  PropertyAlreadyCompensated: {
    code: 'REQUISITION_PROPERTY_ALREADY_COMPENSATED',
    meaning: 'The owner has already been compensated for this requisition.',
    extensions: { field: 'the argument at fault' },
  },
});
export type RequisitionErrorCode = CodeOf<typeof RequisitionErrorCode>;

export class RequisitionException extends DomainError {
  constructor(
    code: RequisitionErrorCode | StockErrorCode | ProcurementErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
