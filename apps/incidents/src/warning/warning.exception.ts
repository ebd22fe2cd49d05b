import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const WarningErrorCode = defineErrorCodes('incidents/warning', {
  WarningNotFound: {
    code: 'WARNING_NOT_FOUND',
    meaning: 'The warning a mutation names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the warning id' },
  },
  WarningIssuerBelowCounty: {
    code: 'WARNING_ISSUER_BELOW_COUNTY',
    meaning:
      'Warnings are issued by people’s governments at county level or above (ERL art. 64); the issuing government’s region is a township or village.',
    extensions: {
      field: 'the argument at fault',
      organisationId: 'the issuing organisation',
      regionCode: 'its region',
    },
  },
  WarningRegionOutsideIssuer: {
    code: 'WARNING_REGION_OUTSIDE_ISSUER',
    meaning:
      'A government issues warnings for its own administrative area only; the warning’s region lies outside it.',
    extensions: {
      field: 'the argument at fault',
      organisationId: 'the issuing organisation',
      issuerRegionCode: 'the issuing government’s region',
    },
  },
  WarningExpiresBeforeOnset: {
    code: 'WARNING_EXPIRES_BEFORE_ONSET',
    meaning: 'A warning’s expiry is not after its onset.',
    extensions: { field: 'the argument at fault' },
  },
  WarningLifted: {
    code: 'WARNING_LIFTED',
    meaning: 'The warning has been lifted: it can be neither changed nor lifted again (issue a new one).',
    extensions: { field: 'the argument at fault', id: 'the warning id' },
  },
  WarningUnchanged: {
    code: 'WARNING_UNCHANGED',
    meaning:
      'A change of a warning that changes nothing: give at least one field that differs from the warning’s.',
    extensions: { field: 'the argument at fault' },
  },
});
export type WarningErrorCode = CodeOf<typeof WarningErrorCode>;

export class WarningException extends DomainError {
  constructor(
    code: WarningErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
