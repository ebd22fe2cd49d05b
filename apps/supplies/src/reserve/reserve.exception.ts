import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses the registration, change or closing of a reserve point, and the delivery rules. */
export const ReserveErrorCode = defineErrorCodes('supplies/reserve', {
  ReservePointNotFound: {
    code: 'RESERVE_POINT_NOT_FOUND',
    meaning: 'No reserve point has this id within your jurisdiction.',
    extensions: { field: 'the argument at fault' },
  },
  ReservePointClosed: {
    code: 'RESERVE_POINT_CLOSED',
    meaning: 'The reserve point is closed: it is not changed or closed again.',
    extensions: { field: 'the argument at fault' },
  },
  ReserveLevelRegionMismatch: {
    code: 'RESERVE_LEVEL_REGION_MISMATCH',
    meaning:
      'The level does not fit the region: a PROVINCIAL point lies in a province’s code, a PREFECTURAL one in a ' +
      'prefecture’s, a COUNTY or TOWNSHIP one in a county’s (townships have no 6-digit code); CENTRAL fits any.',
    extensions: {
      field: 'the argument at fault',
      level: 'the level asked for',
      regionTier: 'PROVINCE, PREFECTURE or COUNTY: the tier of the region code given',
    },
  },
  ReserveHolderRequired: {
    code: 'RESERVE_HOLDER_REQUIRED',
    meaning: 'An AGREEMENT reserve names the enterprise that holds the goods (holderOrganisationId).',
    extensions: { field: 'the argument at fault' },
  },
  ReserveHolderNotAllowed: {
    code: 'RESERVE_HOLDER_NOT_ALLOWED',
    meaning: 'Only an AGREEMENT reserve has a holder: a DEPOT or POINT is held by its owner.',
    extensions: { field: 'the argument at fault' },
  },
  CoordinateOutOfRange: {
    code: 'RESERVE_COORDINATE_OUT_OF_RANGE',
    meaning: 'A latitude lies from -90 to 90 and a longitude from -180 to 180 (decimal degrees, WGS-84).',
    extensions: { field: 'the argument at fault' },
  },
  InvalidCapacity: {
    code: 'RESERVE_CAPACITY_INVALID',
    meaning: 'A capacity is a whole number of cubic metres of at least 1 (or null when not known).',
    extensions: { field: 'the argument at fault' },
  },
  InvalidRadius: {
    code: 'RESERVE_RADIUS_INVALID',
    meaning: 'A search radius is above 0 and at most 2,000 km.',
    extensions: { field: 'the argument at fault' },
  },
});
export type ReserveErrorCode = CodeOf<typeof ReserveErrorCode>;

export class ReserveException extends DomainError {
  constructor(
    code: ReserveErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
