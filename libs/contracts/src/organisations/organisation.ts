import { defineEvent } from '@emergency/events';
import { divisionCode, nullableUuid, regionCode, uuid } from '../common';

export interface OrganisationRegisteredV1 {
  organisationId: string;
  name: string;
  type: string;
  regionCode: string;
  parentId: string | null;
}

/** Superseded by {@link OrganisationRegisteredV2}; kept so consumers can still read events published as v1. */
export const OrganisationRegisteredV1Contract = defineEvent<OrganisationRegisteredV1>({
  domain: 'organisations',
  name: 'OrganisationRegistered',
  version: 1,
  description:
    'Deprecated: published before organisations had sectors and township or village regions; see v2. ' +
    'An organisation (government body, office, team owner, charity, enterprise) was registered.',
  schema: {
    type: 'object',
    properties: {
      organisationId: uuid,
      name: { type: 'string', minLength: 1 },
      type: { type: 'string', minLength: 1 },
      regionCode,
      parentId: nullableUuid,
    },
    required: ['organisationId', 'name', 'type', 'regionCode', 'parentId'],
    additionalProperties: false,
  },
});

export interface OrganisationRegisteredV2 {
  organisationId: string;
  name: string;
  type: string;
  /** The sector of a functional department; null for other types. */
  sector: string | null;
  /** Division code at any level: 6 digits (GB/T 2260), 9 for a township, 12 for a village. */
  regionCode: string;
  parentId: string | null;
}

const organisationState = {
  organisationId: uuid,
  name: { type: 'string', minLength: 1 },
  type: { type: 'string', minLength: 1 },
  sector: { type: ['string', 'null'] },
  regionCode: divisionCode,
  parentId: nullableUuid,
} as const;

export const OrganisationRegistered = defineEvent<OrganisationRegisteredV2>({
  domain: 'organisations',
  name: 'OrganisationRegistered',
  version: 2,
  description:
    'An organisation (government body, office, functional department, charity, enterprise, school, community ' +
    'committee) was registered in a region of the administrative tree.',
  schema: {
    type: 'object',
    properties: organisationState,
    required: Object.keys(organisationState),
    additionalProperties: false,
  },
});

export interface OrganisationUpdatedV1 extends OrganisationRegisteredV2 {
  /** Which fields this change touched. */
  changes: ('name' | 'sector' | 'parentId')[];
}

export const OrganisationUpdated = defineEvent<OrganisationUpdatedV1>({
  domain: 'organisations',
  name: 'OrganisationUpdated',
  version: 1,
  description:
    'An organisation was renamed, re-sectored or moved under another parent. Carries the whole new state and the ' +
    'names of the fields that changed. The region never changes.',
  schema: {
    type: 'object',
    properties: {
      ...organisationState,
      changes: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: ['name', 'sector', 'parentId'] },
      },
    },
    required: [...Object.keys(organisationState), 'changes'],
    additionalProperties: false,
  },
});

export interface OrganisationDissolvedV1 {
  organisationId: string;
  reason: string;
  dissolvedAt: string;
}

export const OrganisationDissolved = defineEvent<OrganisationDissolvedV1>({
  domain: 'organisations',
  name: 'OrganisationDissolved',
  version: 1,
  description:
    'An organisation was dissolved; it keeps its history but takes no new people, shifts or teams.',
  schema: {
    type: 'object',
    properties: {
      organisationId: uuid,
      reason: { type: 'string', minLength: 1 },
      dissolvedAt: { type: 'string', format: 'date-time' },
    },
    required: ['organisationId', 'reason', 'dissolvedAt'],
    additionalProperties: false,
  },
});

export const ORGANISATION_CONTRACTS = [
  OrganisationRegisteredV1Contract,
  OrganisationRegistered,
  OrganisationUpdated,
  OrganisationDissolved,
];
