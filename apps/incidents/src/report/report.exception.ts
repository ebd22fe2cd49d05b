import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const ReportErrorCode = defineErrorCodes('incidents/report', {
  InitialReportExists: {
    code: 'INITIAL_REPORT_EXISTS',
    meaning:
      'The initial report (初报) already reached that level (directly or by skipping it): each level receives it once.',
    extensions: { field: 'the argument at fault' },
  },
  InitialReportMissing: {
    code: 'INITIAL_REPORT_MISSING',
    meaning:
      'A follow-up, verified, supplementary or final report came before the incident’s initial report.',
    extensions: { field: 'the argument at fault' },
  },
  VerifiedReportExists: {
    code: 'VERIFIED_REPORT_EXISTS',
    meaning: 'The incident already has its verified report (核报); a chain has at most one.',
    extensions: { field: 'the argument at fault' },
  },
  ReportChainClosed: {
    code: 'REPORT_CHAIN_CLOSED',
    meaning:
      'The incident’s final report (终报) closed its chain: only supplementary reports of casualty changes may follow.',
    extensions: { field: 'the argument at fault' },
  },
  ReportedAtInFuture: {
    code: 'REPORTED_AT_IN_FUTURE',
    meaning: 'A report’s reportedAt lies after now.',
    extensions: { field: 'the argument at fault' },
  },
  ReportedBeforeOccurrence: {
    code: 'REPORTED_BEFORE_OCCURRENCE',
    meaning: 'A report’s reportedAt lies before the incident occurred.',
    extensions: { field: 'the argument at fault', occurredAt: 'when the incident occurred' },
  },
  SkipReasonRequired: {
    code: 'SKIP_REASON_REQUIRED',
    meaning: 'A report that skips levels (越级上报) must say why.',
    extensions: { field: 'the argument at fault' },
  },
  SkippedLevelNotBelow: {
    code: 'SKIPPED_LEVEL_NOT_BELOW',
    meaning: 'A skipped level must lie below the level the report goes to.',
    extensions: { field: 'the argument at fault', level: 'the level at fault' },
  },
  ExplanationRequired: {
    code: 'EXPLANATION_REQUIRED',
    meaning:
      'The report’s figures jump (a count more than doubles the one before): a written explanation is required.',
    extensions: { field: 'the argument at fault', figures: 'the figures that jumped' },
  },
});
export type ReportErrorCode = CodeOf<typeof ReportErrorCode>;

export class ReportException extends DomainError {
  constructor(
    code: ReportErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
