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
