import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  nonEmptySet,
  nullableStringEnum,
  nullableText,
  nullableUuid,
  stringEnum,
  text,
  uuid,
} from '../common';

// Leading group events name people by id only: who they are (and their personal data) is read from the graph.

const KINDS = [
  'GENERAL_EMERGENCY',
  'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
  'FOREST_FIRE_PREVENTION',
  'SAFETY_PRODUCTION',
  'EARTHQUAKE_RELIEF',
  'DISASTER_REDUCTION',
  'OTHER',
] as const;

const ROLES = ['LEADER', 'DEPUTY_LEADER', 'OFFICE_DIRECTOR', 'MEMBER'] as const;

const kind = stringEnum(KINDS);
const role = stringEnum(ROLES);
const nullableRole = nullableStringEnum(ROLES);
const instant = Type.String({ format: 'date-time' });

export const LeadingGroupEstablished = defineEvent({
  domain: 'organisations',
  name: 'LeadingGroupEstablished',
  version: 1,
  description:
    'An emergency leading group (应急管理领导小组) or headquarters (e.g. 防汛抗旱指挥部) was established in an ' +
    'organisation, together with its leader.',
  schema: Type.Object(
    {
      leadingGroupId: uuid,
      organisationId: uuid,
      name: text,
      kind,
      purpose: nullableText,
      /** The leader's membership, started with the group. */
      leaderMembershipId: uuid,
      leaderPersonId: uuid,
      leaderPost: nullableText,
      establishedAt: instant,
    },
    { additionalProperties: false },
  ),
});
export type LeadingGroupEstablishedV1 = EventData<typeof LeadingGroupEstablished>;

export const LeadingGroupMemberAppointed = defineEvent({
  domain: 'organisations',
  name: 'LeadingGroupMemberAppointed',
  version: 1,
  description:
    'A person was appointed to a role in a leading group. previousRole is set when it changed their role in the ' +
    'group; replacedPersonId when it ended another person’s term as leader or office director.',
  schema: Type.Object(
    {
      leadingGroupId: uuid,
      organisationId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      post: nullableText,
      /** The role the person held in the group until now (a role change); null when they were not a member. */
      previousRole: nullableRole,
      /** The person whose membership the appointment ended: the previous leader or office director; else null. */
      replacedPersonId: nullableUuid,
      appointedAt: instant,
    },
    { additionalProperties: false },
  ),
});
export type LeadingGroupMemberAppointedV1 = EventData<typeof LeadingGroupMemberAppointed>;

export const LeadingGroupMemberRemoved = defineEvent({
  domain: 'organisations',
  name: 'LeadingGroupMemberRemoved',
  version: 1,
  description: 'A person’s membership of a leading group ended without a successor, with the reason.',
  schema: Type.Object(
    {
      leadingGroupId: uuid,
      organisationId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      reason: text,
      endedAt: instant,
    },
    { additionalProperties: false },
  ),
});
export type LeadingGroupMemberRemovedV1 = EventData<typeof LeadingGroupMemberRemoved>;

export const LeadingGroupUpdated = defineEvent({
  domain: 'organisations',
  name: 'LeadingGroupUpdated',
  version: 1,
  description:
    'A leading group was renamed or its purpose rewritten. Carries the new details and the names of the fields ' +
    'that changed.',
  schema: Type.Object(
    {
      leadingGroupId: uuid,
      organisationId: uuid,
      name: text,
      kind,
      purpose: nullableText,
      /** Which fields this change touched. */
      changes: nonEmptySet(stringEnum(['name', 'purpose'])),
    },
    { additionalProperties: false },
  ),
});
export type LeadingGroupUpdatedV1 = EventData<typeof LeadingGroupUpdated>;
