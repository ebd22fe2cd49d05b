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
    meaning:
      'An allocation asks for more than the fund’s paid contributions have left to allocate to it: money its donors directed to another purpose or recipient is not available to it (ADR 26).',
    extensions: {
      field: 'the argument at fault',
      availableFen:
        'fen left to allocate to this allocation (matching directed and undirected), a decimal string',
      requestedFen: 'fen asked for, a decimal string',
      directedElsewhereFen: 'fen left of money directed to other purposes or recipients, a decimal string',
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
  ProjectSettled: {
    code: 'PROJECT_SETTLED',
    meaning:
      'The reconstruction project an allocation names has settled its final account: it takes no more money.',
    extensions: { field: 'the argument at fault', id: 'the project id' },
  },
  AllocationPurposeMismatch: {
    code: 'ALLOCATION_PURPOSE_MISMATCH',
    meaning:
      'An allocation to a reconstruction project must have the project’s category as its purpose category.',
    extensions: { field: 'the argument at fault', projectCategory: 'the category of the project' },
  },
  AllocationRecipientRequired: {
    code: 'ALLOCATION_RECIPIENT_REQUIRED',
    meaning:
      'An allocation names exactly one recipient: an organisation, or a reconstruction project (whose owner receives it).',
    extensions: { field: 'the argument at fault' },
  },
  AllocationFormMismatch: {
    code: 'ALLOCATION_FORM_MISMATCH',
    meaning:
      'An allocation of goods in kind names its goods (and no amount other than their value); one of cash names an amount and no goods.',
    extensions: { field: 'the argument at fault' },
  },
  ContributionNotInKind: {
    code: 'CONTRIBUTION_NOT_IN_KIND',
    meaning:
      'The contribution an in-kind allocation names is not a paid contribution of goods in kind of the fund.',
    extensions: { field: 'the argument at fault', contributionId: 'the contribution' },
  },
  GoodsNotAvailable: {
    code: 'GOODS_NOT_AVAILABLE',
    meaning:
      'The goods asked for are more than the contribution (or the allocation returning them) has left of that item.',
    extensions: {
      field: 'the argument at fault',
      description: 'the item',
      unit: 'its unit',
      availableQuantity: 'how many are left',
    },
  },
  DirectedMoneyElsewhere: {
    code: 'DIRECTED_MONEY_ELSEWHERE',
    meaning:
      'The donor directed this contribution to another purpose or recipient; it cannot be allocated here.',
    extensions: { field: 'the argument at fault', contributionId: 'the contribution' },
  },
  AllocationNotFound: {
    code: 'ALLOCATION_NOT_FOUND',
    meaning: 'The allocation a mutation names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the allocation id' },
  },
  ReturnExceedsUnspent: {
    code: 'RETURN_EXCEEDS_UNSPENT',
    meaning:
      'A return asks for more than the allocation has unspent: drawn less what has been paid out (here or, as far as incidents has heard, by supplies) and already returned.',
    extensions: { field: 'the argument at fault', unspentFen: 'fen unspent, a decimal string' },
  },
  NothingToReturn: {
    code: 'NOTHING_TO_RETURN',
    meaning: 'The allocation has nothing unspent left to return (or revoke).',
    extensions: { field: 'the argument at fault', id: 'the allocation id' },
  },
  ContributionFieldRequired: {
    code: 'CONTRIBUTION_FIELD_REQUIRED',
    meaning:
      'A contribution lacks a field its kind, form or status needs: fiscalLevel for an appropriation, channel for a ' +
      'donation, goods and valuationBasis for goods in kind, paidOn and voucherNumber once paid.',
    extensions: { field: 'the missing input field' },
  },
  ContributionFieldNotAllowed: {
    code: 'CONTRIBUTION_FIELD_NOT_ALLOWED',
    meaning:
      'A contribution gives a field its kind, form or status does not take: fiscalLevel or programme for anything ' +
      'but an appropriation; channel, a direction or IN_KIND for anything but a donation; goods or valuationBasis ' +
      'for cash; paidOn or voucherNumber before it is paid.',
    extensions: { field: 'the input field refused' },
  },
  GoodsTotalMismatch: {
    code: 'GOODS_TOTAL_MISMATCH',
    meaning:
      'The amountFen given for goods in kind is not the total of their lines (quantity × unitValueFen).',
    extensions: {
      field: 'the argument at fault',
      amountFen: 'the amount given, a decimal string',
      goodsTotalFen: 'the lines’ total, a decimal string',
    },
  },
  ContributionNotFound: {
    code: 'CONTRIBUTION_NOT_FOUND',
    meaning: 'The contribution a mutation names does not exist or its fund lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the contribution id' },
  },
  ContributionTransitionRefused: {
    code: 'CONTRIBUTION_TRANSITION_REFUSED',
    meaning:
      'A contribution cannot move from its status to the one asked: PLEDGED → COMMITTED → PAID, PLEDGED → PAID, ' +
      'PLEDGED or COMMITTED → WITHDRAWN, and PLEDGED, COMMITTED or PAID → CORRECTED are the only moves.',
    extensions: { id: 'the contribution id', from: 'its status', to: 'the status asked for' },
  },
  ContributionAlreadyDrawn: {
    code: 'CONTRIBUTION_ALREADY_DRAWN',
    meaning:
      'A contribution that allocations have drawn on, or that has been partly given back, cannot be corrected: ' +
      'return the allocations first.',
    extensions: {
      id: 'the contribution id',
      drawnFen: 'fen allocations hold of it, a decimal string',
      returnedFen: 'fen given back to its contributor, a decimal string',
    },
  },
  CorrectionChangesFund: {
    code: 'CORRECTION_CHANGES_FUND',
    meaning:
      'A correction names another fund than the contribution it corrects: a correction stays in its fund.',
    extensions: { field: 'the argument at fault', fundId: 'the fund of the contribution corrected' },
  },
  PublicationPeriodInvalid: {
    code: 'PUBLICATION_PERIOD_INVALID',
    meaning: 'A donation publication period ends before it starts or spans more than 31 days.',
    extensions: { field: 'the argument at fault', from: 'the first day', to: 'the last day' },
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
