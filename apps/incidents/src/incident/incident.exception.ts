import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const IncidentErrorCode = defineErrorCodes('incidents/incident', {
  InvalidOccurredAt: {
    code: 'INVALID_OCCURRED_AT',
    meaning: 'An incident’s occurredAt lies in the future.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  IncidentNotFound: {
    code: 'INCIDENT_NOT_FOUND',
    meaning:
      'The incident a mutation names does not exist or lies outside your jurisdiction. Kept beside NOT_FOUND, which the same service answers for references between services (ADR 20).',
    extensions: {
      field: 'the argument at fault',
      id: 'the incident id',
    },
  },
  InvalidStatusTransition: {
    code: 'INVALID_STATUS_TRANSITION',
    meaning:
      'An incident cannot move to that status from the one it is in (REPORTED → RECOVERY or CLOSED, RECOVERY → CLOSED by decision; RESPONDING only by declaring a response and left by lifting it; CLOSED is final).',
    extensions: {
      field: 'the argument at fault',
      from: 'the incident’s status',
      to: 'the status asked for',
    },
  },
  IncidentClosed: {
    code: 'INCIDENT_CLOSED',
    meaning: 'The incident is closed: its grade and response can no longer change.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  GradeReasonRequired: {
    code: 'GRADE_REASON_REQUIRED',
    meaning:
      'A grade other than the one the grading rules suggest for the incident’s figures needs a reason.',
    extensions: {
      field: 'the argument at fault',
      suggestedGrade: 'the grade the rules suggest (null: none)',
    },
  },
  GradeWindowClosed: {
    code: 'GRADE_WINDOW_CLOSED',
    meaning:
      'The incident’s grade was decided before and the regrading window after it occurred (State Council Order 493 art. 20: 30 days, 7 for road traffic and fire, as data per region) has passed.',
    extensions: {
      field: 'the argument at fault',
      windowEnd: 'the instant the window closed',
    },
  },
  GradingRulesOutOfOrder: {
    code: 'GRADING_RULES_OUT_OF_ORDER',
    meaning:
      'A grading rule set gives one metric two minimums for a grade, or a more severe grade a minimum no larger than a less severe one.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  NoActiveResponse: {
    code: 'NO_ACTIVE_RESPONSE',
    meaning: 'The incident has no emergency response in force to lift.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ResponseLevelUnchanged: {
    code: 'RESPONSE_LEVEL_UNCHANGED',
    meaning: 'The response level declared is the one already in force.',
    extensions: {
      field: 'the argument at fault',
      level: 'the level in force',
    },
  },
});
export type IncidentErrorCode = CodeOf<typeof IncidentErrorCode>;

export class IncidentException extends DomainError {
  constructor(
    code: IncidentErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
