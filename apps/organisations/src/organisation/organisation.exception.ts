import { DomainError } from '@emergency/graphql';

export enum OrganisationErrorCode {
  ParentNotFound = 'PARENT_ORGANISATION_NOT_FOUND',
  ParentOutsideRegion = 'PARENT_OUTSIDE_REGION',
  ParentCycle = 'PARENT_CYCLE',
  SectorRequired = 'SECTOR_REQUIRED',
  OutsideJurisdiction = 'OUTSIDE_JURISDICTION',
  Dissolved = 'ORGANISATION_DISSOLVED',
  HasActiveChildren = 'ORGANISATION_HAS_ACTIVE_CHILDREN',
  StillInUse = 'ORGANISATION_STILL_IN_USE',
}

export class OrganisationException extends DomainError {
  constructor(code: OrganisationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
