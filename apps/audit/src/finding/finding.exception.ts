import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const FindingErrorCode = defineErrorCodes('audit/finding', {
  AuditEngagementNotFound: {
    code: 'AUDIT_ENGAGEMENT_NOT_FOUND',
    meaning: 'The audit engagement an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the engagement id' },
  },
  AuditEngagementStageNotAllowed: {
    code: 'AUDIT_ENGAGEMENT_STAGE_NOT_ALLOWED',
    meaning:
      'An engagement moves through its stages in order (PLANNED → FIELDWORK → REPORTED → FOLLOW_UP → CLOSED), one ' +
      'at a time; a closed engagement takes no new findings.',
    extensions: { field: 'the argument at fault', stage: 'its stage', to: 'the stage asked for' },
  },
  AuditFindingNotFound: {
    code: 'AUDIT_FINDING_NOT_FOUND',
    meaning: 'The finding an argument names does not exist or is not yours to see.',
    extensions: { field: 'the argument at fault', id: 'the finding id' },
  },
  AuditFindingStepNotAllowed: {
    code: 'AUDIT_FINDING_STEP_NOT_ALLOWED',
    meaning:
      'The finding’s status does not allow this step: DRAFT → ISSUED → RESPONDED → RECTIFYING → CLOSED; the ' +
      'problem list before the rectification list, items reported while rectifying, outcomes once issued.',
    extensions: { field: 'the argument at fault', status: 'its status', step: 'the step asked for' },
  },
  AuditFindingAnomalyNotOpen: {
    code: 'AUDIT_FINDING_ANOMALY_NOT_OPEN',
    meaning:
      'An anomaly named for a finding does not exist, lies outside your jurisdiction, or was already decided ' +
      '(dismissed or turned into a finding).',
    extensions: {
      field: 'the argument at fault',
      anomalyId: 'the anomaly',
      status: 'its status, when it exists',
    },
  },
  AuditFindingNotYourUnit: {
    code: 'AUDIT_FINDING_NOT_YOUR_UNIT',
    meaning:
      'Only the audited unit answers a finding and reports its items’ progress: an operator acting for the ' +
      'finding’s audited organisation.',
    extensions: { field: 'the argument at fault' },
  },
  AuditRecommendationUnknown: {
    code: 'AUDIT_RECOMMENDATION_UNKNOWN',
    meaning: 'A recommendation named is not one of the finding’s, or is named twice.',
    extensions: { field: 'the argument at fault', recommendationId: 'the recommendation' },
  },
  AuditRectificationItemNotFound: {
    code: 'AUDIT_RECTIFICATION_ITEM_NOT_FOUND',
    meaning: 'The rectification item an argument names does not exist or is not yours to see.',
    extensions: { field: 'the argument at fault', id: 'the item id' },
  },
  RectificationNotVerifiable: {
    code: 'RECTIFICATION_NOT_VERIFIABLE',
    meaning:
      'A finding is closed by verification only when every item is RECTIFIED, or CONTINUING with its reason; ' +
      'some item is not rectified or not yet reported.',
    extensions: { field: 'the argument at fault', itemIds: 'the items in the way' },
  },
  RecoveryFlowNotAReturn: {
    code: 'RECOVERY_FLOW_NOT_A_RETURN',
    meaning:
      'A flow named as carrying money recovered is not in the ledger, or is not a reversal (a return or refund ' +
      'recorded by the service where the money lives).',
    extensions: { field: 'the argument at fault', flowId: 'the flow' },
  },
  AuditDateTooEarly: {
    code: 'AUDIT_DATE_TOO_EARLY',
    meaning:
      'A date before the step it follows (issue before the report, a deadline before the list it is set on, ...).',
    extensions: { field: 'the argument at fault', earliest: 'the earliest date allowed' },
  },
  RectificationRulesIncomplete: {
    code: 'RECTIFICATION_RULES_INCOMPLETE',
    meaning:
      'A jurisdiction’s rectification rules are a whole set: the response, problem-list and rectification-list ' +
      'days, each once (the sham-rectification buffer optional), each from 1 to 366 days with its source.',
    extensions: { field: 'the argument at fault', key: 'the rule at fault' },
  },
});
export type FindingErrorCode = CodeOf<typeof FindingErrorCode>;

export class FindingException extends DomainError {
  constructor(
    code: FindingErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
