import { defineEvent } from '@emergency/events';
import { nullableUuid, regionCode, uuid } from './common';

export interface OrganisationRegisteredV1 {
  organisationId: string;
  name: string;
  type: string;
  regionCode: string;
  parentId: string | null;
}

export const OrganisationRegistered = defineEvent<OrganisationRegisteredV1>({
  domain: 'organisations',
  name: 'OrganisationRegistered',
  version: 1,
  description: 'An organisation (government body, office, team owner, charity, enterprise) was registered.',
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
