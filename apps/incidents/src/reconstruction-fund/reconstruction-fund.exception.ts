import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const ReconstructionFundErrorCode = defineErrorCodes('incidents/reconstruction-fund', {
  FundNotFound: {
    code: 'FUND_NOT_FOUND',
    meaning:
      'The reconstruction fund a mutation names does not exist or lies outside your jurisdiction. Kept beside NOT_FOUND, which the same service answers for references between services (ADR 20).',
    extensions: {
      field: 'the argument at fault',
      id: 'the fund id',
    },
  },
  InsufficientFunds: {
    code: 'INSUFFICIENT_FUNDS',
    meaning: 'An allocation asks for more than the fund’s paid contributions have left to allocate.',
    extensions: {
      field: 'the argument at fault',
      availableFen: 'fen left to allocate, a decimal string',
      requestedFen: 'fen asked for, a decimal string',
    },
  },
  RecipientOutsideJurisdiction: {
    code: 'RECIPIENT_OUTSIDE_JURISDICTION',
    meaning: 'An allocation’s recipient lies outside the region of the fund’s managing organisation.',
    extensions: {
      field: 'the argument at fault',
      organisationId: 'the recipient',
    },
  },
});
export type ReconstructionFundErrorCode = CodeOf<typeof ReconstructionFundErrorCode>;

export class ReconstructionFundException extends DomainError {
  constructor(
    code: ReconstructionFundErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
