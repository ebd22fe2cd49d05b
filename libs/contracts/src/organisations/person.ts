import { defineEvent } from '@emergency/events';
import { nullableText, uuid } from '../common';

// Person events never carry personal data (phone or identity numbers): agencies read those, masked or not,
// through the graph, where each caller's role decides.

export interface PersonRegisteredV1 {
  personId: string;
  organisationId: string;
  name: string;
  post: string | null;
}

export const PersonRegistered = defineEvent<PersonRegisteredV1>({
  domain: 'organisations',
  name: 'PersonRegistered',
  version: 1,
  description: 'A person was registered in an organisation, with their post. Carries no personal data.',
  schema: {
    type: 'object',
    properties: {
      personId: uuid,
      organisationId: uuid,
      name: { type: 'string', minLength: 1 },
      post: nullableText,
    },
    required: ['personId', 'organisationId', 'name', 'post'],
    additionalProperties: false,
  },
});

export interface PersonUpdatedV1 extends PersonRegisteredV1 {
  status: 'ACTIVE' | 'LEFT';
  /** What changed; `personalData` says that contact or identity details changed, never to what. */
  changes: ('name' | 'post' | 'organisationId' | 'status' | 'personalData')[];
}

export const PersonUpdated = defineEvent<PersonUpdatedV1>({
  domain: 'organisations',
  name: 'PersonUpdated',
  version: 1,
  description:
    'A person changed post or organisation, left, or had their details corrected. Carries the new state without ' +
    'personal data, and the names of what changed.',
  schema: {
    type: 'object',
    properties: {
      personId: uuid,
      organisationId: uuid,
      name: { type: 'string', minLength: 1 },
      post: nullableText,
      status: { type: 'string', enum: ['ACTIVE', 'LEFT'] },
      changes: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: ['name', 'post', 'organisationId', 'status', 'personalData'] },
      },
    },
    required: ['personId', 'organisationId', 'name', 'post', 'status', 'changes'],
    additionalProperties: false,
  },
});

export const PERSON_CONTRACTS = [PersonRegistered, PersonUpdated];
