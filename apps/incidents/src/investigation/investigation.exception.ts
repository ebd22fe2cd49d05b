import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const InvestigationErrorCode = defineErrorCodes('incidents/investigation', {
  InvestigationNotFound: {
    code: 'INVESTIGATION_NOT_FOUND',
    meaning:
      'The investigation a mutation names does not exist or its incident lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the investigation id' },
  },
  InvestigationAlreadyOpen: {
    code: 'INVESTIGATION_ALREADY_OPEN',
    meaning: 'The incident already has an investigation.',
    extensions: { field: 'the argument at fault', investigationId: 'the existing investigation' },
  },
  LeadLevelTooLow: {
    code: 'LEAD_LEVEL_TOO_LOW',
    meaning:
      'The lead government is below the level the grade requires (O493 art. 19: I the State Council, II the province, III the prefecture, IV the county).',
    extensions: {
      field: 'the argument at fault',
      required: 'the level required (STATE_COUNCIL, PROVINCE, PREFECTURE, COUNTY)',
      actual: 'the lead government’s level',
    },
  },
  LeadOutsideIncidentRegion: {
    code: 'LEAD_OUTSIDE_INCIDENT_REGION',
    meaning: 'The lead government’s region does not cover the incident’s region.',
    extensions: { field: 'the argument at fault', leadRegionCode: 'the lead government’s region' },
  },
  InvestigationAlreadyExtended: {
    code: 'INVESTIGATION_ALREADY_EXTENDED',
    meaning: 'The report’s due date was extended already; it may be extended once (O493 art. 29).',
    extensions: { field: 'the argument at fault' },
  },
  ExtensionTooLong: {
    code: 'EXTENSION_TOO_LONG',
    meaning:
      'An extension longer than the rule in force allows (the report’s 60 days by O493 art. 29, a grade I reply’s 30 by art. 32).',
    extensions: { field: 'the argument at fault', maxDays: 'the longest extension allowed' },
  },
  InvestigationNotOpen: {
    code: 'INVESTIGATION_NOT_OPEN',
    meaning: 'The investigation’s report was submitted already: it can no longer be extended or reported.',
    extensions: { field: 'the argument at fault', status: 'its status' },
  },
  InvestigationNotReported: {
    code: 'INVESTIGATION_NOT_REPORTED',
    meaning: 'A reply to an investigation whose report has not been submitted, or was replied to already.',
    extensions: { field: 'the argument at fault', status: 'its status' },
  },
  ReplyExtensionNotAllowed: {
    code: 'REPLY_EXTENSION_NOT_ALLOWED',
    meaning:
      'Only the reply to a grade I investigation report may be extended (O493 art. 32: 30 days, extendable by up to 30).',
    extensions: { field: 'the argument at fault', grade: 'the investigation’s grade' },
  },
  ReplyAlreadyExtended: {
    code: 'REPLY_ALREADY_EXTENDED',
    meaning: 'The reply’s due date was extended already; it may be extended once (O493 art. 32).',
    extensions: { field: 'the argument at fault', replyExtendedDays: 'the days granted before' },
  },
  ReplyPastDue: {
    code: 'REPLY_PAST_DUE',
    meaning: 'The reply’s due date has passed: it can no longer be extended.',
    extensions: { field: 'the argument at fault', replyDueOn: 'the reply’s due date' },
  },
  DateBeforeStart: {
    code: 'INVESTIGATION_DATE_TOO_EARLY',
    meaning:
      'A date before the step it follows (a report before the opening, a reply before the report, ...).',
    extensions: { field: 'the argument at fault', earliest: 'the earliest date allowed' },
  },
  RectificationItemNotFound: {
    code: 'RECTIFICATION_ITEM_NOT_FOUND',
    meaning: 'The rectification item does not exist or its incident lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the item id' },
  },
  RectificationItemDone: {
    code: 'RECTIFICATION_ITEM_DONE',
    meaning: 'The rectification item is completed already.',
    extensions: { field: 'the argument at fault', id: 'the item id' },
  },
});
export type InvestigationErrorCode = CodeOf<typeof InvestigationErrorCode>;

export class InvestigationException extends DomainError {
  constructor(
    code: InvestigationErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
