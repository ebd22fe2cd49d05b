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
  /** An allocation's recipient lies outside the region of the fund's managing organisation. */
  RecipientOutsideJurisdiction = 'RECIPIENT_OUTSIDE_JURISDICTION',
  /** A fund established before organisations were checked names a managing organisation never registered. */
  ManagingOrganisationUnknown = 'ORGANISATION_UNKNOWN',
}

export class IncidentsException extends DomainError {
  constructor(code: IncidentsErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
