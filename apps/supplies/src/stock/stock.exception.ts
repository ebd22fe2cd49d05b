import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses a stock movement, a minimum, a census or the stock rules. */
export const StockErrorCode = defineErrorCodes('supplies/stock', {
  Insufficient: {
    code: 'STOCK_INSUFFICIENT',
    meaning: 'The movement would take the lot below zero: it holds less than the quantity asked for.',
    extensions: {
      field: 'the argument at fault',
      onHand: 'what the lot holds',
      requested: 'what the movement takes out',
    },
  },
  InvalidQuantity: {
    code: 'STOCK_INVALID_QUANTITY',
    meaning:
      'A quantity is not a whole number of at least 1 (an adjustment: not zero; a count or minimum: not below 0).',
    extensions: { field: 'the argument at fault' },
  },
  ItemUnknown: {
    code: 'STOCK_ITEM_UNKNOWN',
    meaning: 'No item of the supply catalogue has this code.',
    extensions: { field: 'the argument at fault' },
  },
  ReservePointClosed: {
    code: 'STOCK_RESERVE_POINT_CLOSED',
    meaning: 'The reserve point is closed: it receives and counts no goods.',
    extensions: { field: 'the argument at fault' },
  },
  SourceIncomplete: {
    code: 'STOCK_SOURCE_INCOMPLETE',
    meaning:
      'A lot’s source misses its ids: a purchase names its procurement and allocation, a donation its contribution; ' +
      'a transfer is made by transferStock only.',
    extensions: { field: 'the argument at fault' },
  },
  ReferenceMissing: {
    code: 'STOCK_REFERENCE_MISSING',
    meaning:
      'An issue does not say what it is for: a dispatch names its incident, a use its shelter or household ' +
      'distribution, a write-off its reason.',
    extensions: { field: 'the argument at fault' },
  },
  SamePoint: {
    code: 'STOCK_TRANSFER_SAME_POINT',
    meaning: 'A transfer goes to another reserve point than the lot’s own.',
    extensions: { field: 'the argument at fault' },
  },
  ReturnExceedsIssued: {
    code: 'STOCK_RETURN_EXCEEDS_ISSUED',
    meaning:
      'A return names a dispatch or use of the same lot and gives back at most what it issued less what was returned.',
    extensions: { field: 'the argument at fault', returnable: 'what may still be returned' },
  },
  ShipmentArrived: {
    code: 'STOCK_SHIPMENT_ALREADY_ARRIVED',
    meaning: 'A shipment arrives once: what arrived and what was short were recorded already.',
    extensions: { field: 'the argument at fault' },
  },
  LotNotAtPoint: {
    code: 'STOCK_LOT_NOT_AT_POINT',
    meaning: 'A census counts the lots of its own reserve point, each once.',
    extensions: { field: 'the argument at fault' },
  },
});
export type StockErrorCode = CodeOf<typeof StockErrorCode>;

export class StockException extends DomainError {
  constructor(
    code: StockErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
