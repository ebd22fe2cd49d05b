import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const ZeroReportErrorCode = defineErrorCodes('incidents/zero-report', {
  ZeroReportPeriodNotFound: {
    code: 'ZERO_REPORT_PERIOD_NOT_FOUND',
    meaning: 'The zero-reporting period does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the period id' },
  },
  ZeroReportPeriodClosed: {
    code: 'ZERO_REPORT_PERIOD_CLOSED',
    meaning: 'The zero-reporting period has ended, or does not cover the date.',
    extensions: {
      field: 'the argument at fault',
      startsOn: 'its first day',
      endsOn: 'its last day, if ended',
    },
  },
  ZeroReportingAlreadyOpen: {
    code: 'ZERO_REPORTING_ALREADY_OPEN',
    meaning: 'The incident already has a zero-reporting period going on.',
    extensions: { field: 'the argument at fault', periodId: 'the period going on' },
  },
  UnitNotInScope: {
    code: 'UNIT_NOT_IN_SCOPE',
    meaning: 'The unit is not a county, prefecture or province within the period’s region.',
    extensions: { field: 'the argument at fault', regionCode: 'the period’s region' },
  },
  ZeroReportAlreadySubmitted: {
    code: 'ZERO_REPORT_ALREADY_SUBMITTED',
    meaning: 'The unit has already reported that day for the period (one report per unit per day).',
    extensions: { field: 'the argument at fault' },
  },
  ZeroReportTextMissing: {
    code: 'ZERO_REPORT_TEXT_MISSING',
    meaning: 'A report that is not a zero report (nothingToReport false) must say what happened.',
    extensions: { field: 'the argument at fault' },
  },
});
export type ZeroReportErrorCode = CodeOf<typeof ZeroReportErrorCode>;

export class ZeroReportException extends DomainError {
  constructor(
    code: ZeroReportErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
