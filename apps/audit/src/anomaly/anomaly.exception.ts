import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const AnomalyErrorCode = defineErrorCodes('audit/anomaly', {
  AnomalyNotFound: {
    code: 'ANOMALY_NOT_FOUND',
    meaning: 'The anomaly an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the anomaly id' },
  },
  AnomalyAlreadyDecided: {
    code: 'ANOMALY_ALREADY_DECIDED',
    meaning: 'Only an OPEN anomaly is dismissed: this one was dismissed already or turned into a finding.',
    extensions: { field: 'the argument at fault', status: 'its status' },
  },
  AnomalyFundNotFound: {
    code: 'ANOMALY_FUND_NOT_FOUND',
    meaning:
      'The audit knows no fund with this id whose incident it knows (it learns both from the incidents topic), or ' +
      'the fund lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the fund id' },
  },
  AnomalyRulesInvalid: {
    code: 'ANOMALY_RULES_INVALID',
    meaning:
      'A jurisdiction’s anomaly rules are set as a whole: every rule once, each with the numbers it needs (days ' +
      'from 1 to 3660, a factor above 1 and at most 1000, a positive threshold in fen), no others, and a source.',
    extensions: { field: 'the argument at fault', ruleKey: 'the rule at fault' },
  },
});
export type AnomalyErrorCode = CodeOf<typeof AnomalyErrorCode>;

export class AnomalyException extends DomainError {
  constructor(
    code: AnomalyErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
