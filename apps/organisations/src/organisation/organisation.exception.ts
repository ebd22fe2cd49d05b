import { DomainError } from '@emergency/graphql';

export enum OrganisationErrorCode {
  InvalidRegionCode = 'INVALID_REGION_CODE',
  ParentNotFound = 'PARENT_ORGANISATION_NOT_FOUND',
  OutsideJurisdiction = 'OUTSIDE_JURISDICTION',
}

export class OrganisationException extends DomainError {
  constructor(code: OrganisationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
