import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses the receipt of donated goods into stock. */
export const DonationErrorCode = defineErrorCodes('supplies/donation', {
  Unknown: {
    code: 'DONATION_UNKNOWN',
    meaning:
      'No goods in kind are known to supplies for this allocation or contribution (yet): they arrive by event ' +
      'moments after the incidents service records them, so retry shortly; cash is never received as goods.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  NotPaid: {
    code: 'DONATION_NOT_PAID',
    meaning:
      'The in-kind contribution is pledged or committed, not paid: its goods are received once it is paid.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  PointNotReceivers: {
    code: 'DONATION_POINT_NOT_RECEIVERS',
    meaning:
      'The reserve point is owned by another organisation than the one that receives the goods (the allocation’s ' +
      'recipient, or the contribution’s receiving organisation).',
    extensions: {
      field: 'the argument at fault',
    },
  },
  GoodsLineUnknown: {
    code: 'DONATION_GOODS_LINE_UNKNOWN',
    meaning: 'The donation has no goods line of that index.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  OverReceipt: {
    code: 'DONATION_OVER_RECEIPT',
    meaning: 'More of a goods line would be received than the line states, less what was received before.',
    extensions: {
      field: 'the argument at fault',
      remainingQuantity: 'what of the line is left to receive',
      requestedQuantity: 'what this receipt would receive of it',
    },
  },
});
export type DonationErrorCode = CodeOf<typeof DonationErrorCode>;

export class DonationException extends DomainError {
  constructor(
    code: DonationErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
