import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const AssessmentErrorCode = defineErrorCodes('plans/assessment', {
  AssessmentIndicatorUnknown: {
    code: 'ASSESSMENT_INDICATOR_UNKNOWN',
    meaning:
      'A scoring sheet item names a compliance indicator this service does not compute (the `complianceIndicators` query lists those it does).',
    extensions: { field: 'the argument at fault', indicator: 'the key given' },
  },
  AssessedOrganisationNotFound: {
    code: 'ASSESSED_ORGANISATION_NOT_FOUND',
    meaning:
      'The organisation to assess is not known to this service (organisations are learned from their events) or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', organisationId: 'the organisation id' },
  },
});
export type AssessmentErrorCode = CodeOf<typeof AssessmentErrorCode>;

export class AssessmentException extends DomainError {
  constructor(
    code: AssessmentErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
