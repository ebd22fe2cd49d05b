import { DomainError } from '@emergency/graphql';

/** Stable error codes of the incidents service (incidents and their reconstruction funds). */
export enum IncidentsErrorCode {
  InvalidRegionCode = 'INVALID_REGION_CODE',
  InvalidOccurredAt = 'INVALID_OCCURRED_AT',
  OutsideJurisdiction = 'OUTSIDE_JURISDICTION',
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
  FundNotFound = 'FUND_NOT_FOUND',
  InvalidAmount = 'INVALID_AMOUNT',
  /** details: availableFen and requestedFen, as decimal strings. */
  InsufficientFunds = 'INSUFFICIENT_FUNDS',
}

export class IncidentsException extends DomainError {
  constructor(code: IncidentsErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
