import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses a shelter's registration, changes, opening, closing and occupancy reports. */
export const ShelterErrorCode = defineErrorCodes('supplies/shelter', {
  ShelterNotFound: {
    code: 'SHELTER_NOT_FOUND',
    meaning: 'No shelter has this id, or it lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the shelter id asked for' },
  },
  TransitionNotAllowed: {
    code: 'SHELTER_TRANSITION_NOT_ALLOWED',
    meaning:
      'The shelter’s status does not allow this: it is registered UNDER_CONSTRUCTION or READY; construction ' +
      'completes from UNDER_CONSTRUCTION; it opens from READY or CLOSED; it closes from OPEN, FULL or READY; ' +
      'occupancy is reported while OPEN or FULL.',
    extensions: { field: 'the argument at fault', status: 'the shelter’s status', to: 'the step refused' },
  },
  OverCapacity: {
    code: 'SHELTER_OVER_CAPACITY',
    meaning:
      'More people than the shelter’s capacity: an occupancy report above capacity that is not marked ' +
      '`overCapacity`, or a capacity lowered below the people staying now.',
    extensions: { field: 'the argument at fault', capacity: 'the capacity', occupants: 'the people' },
  },
  TooEarly: {
    code: 'SHELTER_TIME_TOO_EARLY',
    meaning:
      'The moment given is before what it follows: an opening before the last closing, a closing or report before ' +
      'the opening, a report before the latest report.',
    extensions: { field: 'the argument at fault', earliest: 'the earliest moment allowed, ISO 8601' },
  },
  LevelOutsideCounty: {
    code: 'SHELTER_LEVEL_NEEDS_COUNTY',
    meaning:
      'A TOWNSHIP or VILLAGE shelter sits in its county’s 6-digit code (a county, district or county-level city, ' +
      'not a prefecture or province); its township or village goes in divisionCode.',
    extensions: { field: 'the argument at fault', level: 'the shelter’s level' },
  },
  InvalidMeasure: {
    code: 'SHELTER_INVALID_MEASURE',
    meaning:
      'A capacity, area, radius, count, population or percentage is not a whole number in its range (capacity, ' +
      'area, radius and population at least 1; counts at least 0; percentages 1 to 100).',
    extensions: { field: 'the argument at fault' },
  },
});
export type ShelterErrorCode = CodeOf<typeof ShelterErrorCode>;

export class ShelterException extends DomainError {
  constructor(
    code: ShelterErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
