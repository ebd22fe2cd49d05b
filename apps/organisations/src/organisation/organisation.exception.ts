import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const OrganisationErrorCode = defineErrorCodes('organisations/organisation', {
  ParentNotFound: {
    code: 'PARENT_ORGANISATION_NOT_FOUND',
    meaning: 'The parent organisation named does not exist.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ParentOutsideRegion: {
    code: 'PARENT_OUTSIDE_REGION',
    meaning: 'The parent organisation’s region does not cover the organisation’s region.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  ParentCycle: {
    code: 'PARENT_CYCLE',
    meaning: 'The parent named is the organisation itself or below it.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  SectorRequired: {
    code: 'SECTOR_REQUIRED',
    meaning: 'A functional department needs its sector.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  HasActiveChildren: {
    code: 'ORGANISATION_HAS_ACTIVE_CHILDREN',
    meaning: 'The organisation still has active organisations under it; move or dissolve them first.',
    extensions: {
      field: 'the argument at fault',
      activeChildren: 'how many',
    },
  },
  StillInUse: {
    code: 'ORGANISATION_STILL_IN_USE',
    meaning:
      'The organisation is still in use (people, leading groups, teams, shifts, ...); end or move them first.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type OrganisationErrorCode = CodeOf<typeof OrganisationErrorCode>;

export class OrganisationException extends DomainError {
  constructor(
    code: OrganisationErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
