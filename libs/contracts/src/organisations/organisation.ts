import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  uuid,
  nullableUuid,
  regionCode,
  divisionCode,
  text,
  stringEnum,
  nullable,
  nonEmptySet,
} from '../common';

/** Superseded by {@link OrganisationRegisteredV2}; kept so consumers can still read events published as v1. */
export const OrganisationRegisteredV1Contract = defineEvent({
  domain: 'organisations',
  name: 'OrganisationRegistered',
  version: 1,
  description:
    'Deprecated: published before organisations had sectors and township or village regions; see v2. ' +
    'An organisation (government body, office, team owner, charity, enterprise) was registered.',
  schema: Type.Object(
    {
      organisationId: uuid,
      name: text,
      type: text,
      regionCode,
      parentId: nullableUuid,
    },
    { additionalProperties: false },
  ),
});
export type OrganisationRegisteredV1 = EventData<typeof OrganisationRegisteredV1Contract>;

const organisationState = {
  organisationId: uuid,
  name: text,
  type: text,
  /** The sector of a functional department; null for other types. */
  sector: nullable({ type: 'string' }),
  /** Division code at any level: 6 digits (GB/T 2260), 9 for a township, 12 for a village. */
  regionCode: divisionCode,
  parentId: nullableUuid,
};

export const OrganisationRegistered = defineEvent({
  domain: 'organisations',
  name: 'OrganisationRegistered',
  version: 2,
  description:
    'An organisation (government body, office, functional department, charity, enterprise, school, community ' +
    'committee) was registered in a region of the administrative tree.',
  schema: Type.Object(organisationState, { additionalProperties: false }),
});
export type OrganisationRegisteredV2 = EventData<typeof OrganisationRegistered>;

export const OrganisationUpdated = defineEvent({
  domain: 'organisations',
  name: 'OrganisationUpdated',
  version: 1,
  description:
    'An organisation was renamed, re-sectored or moved under another parent. Carries the whole new state and the ' +
    'names of the fields that changed. The region never changes.',
  schema: Type.Object(
    {
      ...organisationState,
      /** Which fields this change touched. */
      changes: nonEmptySet(stringEnum(['name', 'sector', 'parentId'])),
    },
    { additionalProperties: false },
  ),
});
export type OrganisationUpdatedV1 = EventData<typeof OrganisationUpdated>;

export const OrganisationDissolved = defineEvent({
  domain: 'organisations',
  name: 'OrganisationDissolved',
  version: 1,
  description:
    'An organisation was dissolved; it keeps its history but takes no new people, shifts or teams.',
  schema: Type.Object(
    {
      organisationId: uuid,
      reason: text,
      dissolvedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});
export type OrganisationDissolvedV1 = EventData<typeof OrganisationDissolved>;
