import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, text, nullableText, stringEnum, nonEmptySet } from '../common';

// Person events never carry personal data (phone or identity numbers): agencies read those, masked or not,
// through the graph, where each caller's role decides.

export const PersonRegistered = defineEvent({
  domain: 'organisations',
  name: 'PersonRegistered',
  version: 1,
  description: 'A person was registered in an organisation, with their post. Carries no personal data.',
  schema: Type.Object(
    {
      personId: uuid,
      organisationId: uuid,
      name: text,
      post: nullableText,
    },
    { additionalProperties: false },
  ),
});
export type PersonRegisteredV1 = EventData<typeof PersonRegistered>;

export const PersonUpdated = defineEvent({
  domain: 'organisations',
  name: 'PersonUpdated',
  version: 1,
  description:
    'A person changed post or organisation, left, or had their details corrected. Carries the new state without ' +
    'personal data, and the names of what changed.',
  schema: Type.Object(
    {
      personId: uuid,
      organisationId: uuid,
      name: text,
      post: nullableText,
      status: stringEnum(['ACTIVE', 'LEFT']),
      /** What changed; `personalData` says that contact or identity details changed, never to what. */
      changes: nonEmptySet(stringEnum(['name', 'post', 'organisationId', 'status', 'personalData'])),
    },
    { additionalProperties: false },
  ),
});
export type PersonUpdatedV1 = EventData<typeof PersonUpdated>;
