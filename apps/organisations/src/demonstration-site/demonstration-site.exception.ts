import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const DemonstrationSiteErrorCode = defineErrorCodes('organisations/demonstration-site', {
  OrganisationOutsideRegion: {
    code: 'ORGANISATION_OUTSIDE_SITE_REGION',
    meaning: 'The organisation does not cover the demonstration site’s region.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  SiteRevoked: {
    code: 'SITE_REVOKED',
    meaning: 'The demonstration site was revoked and takes no more inspections.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  InspectedBeforeDesignation: {
    code: 'INSPECTED_BEFORE_DESIGNATION',
    meaning: 'An inspection date is before the site was designated.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  InspectedBeforeLatest: {
    code: 'INSPECTED_BEFORE_LATEST_INSPECTION',
    meaning: 'An inspection date is before the site’s latest inspection.',
    extensions: {
      field: 'the argument at fault',
      latestInspectedOn: 'the latest inspection date, YYYY-MM-DD',
    },
  },
  RectificationDueRequired: {
    code: 'RECTIFICATION_DUE_REQUIRED',
    meaning: 'A RECTIFICATION_REQUIRED result needs rectificationDueOn.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  RectificationDueNotAllowed: {
    code: 'RECTIFICATION_DUE_NOT_ALLOWED',
    meaning: 'rectificationDueOn is only for a RECTIFICATION_REQUIRED result.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  RectificationDueNotAfterInspection: {
    code: 'RECTIFICATION_DUE_NOT_AFTER_INSPECTION',
    meaning: 'rectificationDueOn must be after the inspection date.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type DemonstrationSiteErrorCode = CodeOf<typeof DemonstrationSiteErrorCode>;

export class DemonstrationSiteException extends DomainError {
  constructor(
    code: DemonstrationSiteErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
