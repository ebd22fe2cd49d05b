import { DomainError } from '@emergency/graphql';

export enum DemonstrationSiteErrorCode {
  OrganisationOutsideRegion = 'ORGANISATION_OUTSIDE_SITE_REGION',
  SiteRevoked = 'SITE_REVOKED',
  InspectedBeforeDesignation = 'INSPECTED_BEFORE_DESIGNATION',
  InspectedBeforeLatest = 'INSPECTED_BEFORE_LATEST_INSPECTION',
  RectificationDueRequired = 'RECTIFICATION_DUE_REQUIRED',
  RectificationDueNotAllowed = 'RECTIFICATION_DUE_NOT_ALLOWED',
  RectificationDueNotAfterInspection = 'RECTIFICATION_DUE_NOT_AFTER_INSPECTION',
}

export class DemonstrationSiteException extends DomainError {
  constructor(code: DemonstrationSiteErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
