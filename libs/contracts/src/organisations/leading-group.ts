import { defineEvent } from '@emergency/events';
import { nullableText, nullableUuid, uuid } from '../common';

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

type Kind = (typeof KINDS)[number];
type Role = (typeof ROLES)[number];

const text = { type: 'string', minLength: 1 } as const;
const kind = { type: 'string', enum: KINDS } as const;
const role = { type: 'string', enum: ROLES } as const;
const nullableRole = { type: ['string', 'null'], enum: [...ROLES, null] } as const;
const instant = { type: 'string', format: 'date-time' } as const;

export interface LeadingGroupEstablishedV1 {
  leadingGroupId: string;
  organisationId: string;
  name: string;
  kind: Kind;
  purpose: string | null;
  /** The leader's membership, started with the group. */
  leaderMembershipId: string;
  leaderPersonId: string;
  leaderPost: string | null;
  establishedAt: string;
}

export const LeadingGroupEstablished = defineEvent<LeadingGroupEstablishedV1>({
  domain: 'organisations',
  name: 'LeadingGroupEstablished',
  version: 1,
  description:
    'An emergency leading group (应急管理领导小组) or headquarters (e.g. 防汛抗旱指挥部) was established in an ' +
    'organisation, together with its leader.',
  schema: {
    type: 'object',
    properties: {
      leadingGroupId: uuid,
      organisationId: uuid,
      name: text,
      kind,
      purpose: nullableText,
      leaderMembershipId: uuid,
      leaderPersonId: uuid,
      leaderPost: nullableText,
      establishedAt: instant,
    },
    required: [
      'leadingGroupId',
      'organisationId',
      'name',
      'kind',
      'purpose',
      'leaderMembershipId',
      'leaderPersonId',
      'leaderPost',
      'establishedAt',
    ],
    additionalProperties: false,
  },
});

export interface LeadingGroupMemberAppointedV1 {
  leadingGroupId: string;
  organisationId: string;
  membershipId: string;
  personId: string;
  role: Role;
  post: string | null;
  /** The role the person held in the group until now (a role change); null when they were not a member. */
  previousRole: Role | null;
  /** The person whose membership the appointment ended: the previous leader or office director; else null. */
  replacedPersonId: string | null;
  appointedAt: string;
}

export const LeadingGroupMemberAppointed = defineEvent<LeadingGroupMemberAppointedV1>({
  domain: 'organisations',
  name: 'LeadingGroupMemberAppointed',
  version: 1,
  description:
    'A person was appointed to a role in a leading group. previousRole is set when it changed their role in the ' +
    'group; replacedPersonId when it ended another person’s term as leader or office director.',
  schema: {
    type: 'object',
    properties: {
      leadingGroupId: uuid,
      organisationId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      post: nullableText,
      previousRole: nullableRole,
      replacedPersonId: nullableUuid,
      appointedAt: instant,
    },
    required: [
      'leadingGroupId',
      'organisationId',
      'membershipId',
      'personId',
      'role',
      'post',
      'previousRole',
      'replacedPersonId',
      'appointedAt',
    ],
    additionalProperties: false,
  },
});

export interface LeadingGroupMemberRemovedV1 {
  leadingGroupId: string;
  organisationId: string;
  membershipId: string;
  personId: string;
  role: Role;
  reason: string;
  endedAt: string;
}

export const LeadingGroupMemberRemoved = defineEvent<LeadingGroupMemberRemovedV1>({
  domain: 'organisations',
  name: 'LeadingGroupMemberRemoved',
  version: 1,
  description: 'A person’s membership of a leading group ended without a successor, with the reason.',
  schema: {
    type: 'object',
    properties: {
      leadingGroupId: uuid,
      organisationId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      reason: text,
      endedAt: instant,
    },
    required: ['leadingGroupId', 'organisationId', 'membershipId', 'personId', 'role', 'reason', 'endedAt'],
    additionalProperties: false,
  },
});

export interface LeadingGroupUpdatedV1 {
  leadingGroupId: string;
  organisationId: string;
  name: string;
  kind: Kind;
  purpose: string | null;
  /** Which fields this change touched. */
  changes: ('name' | 'purpose')[];
}

export const LeadingGroupUpdated = defineEvent<LeadingGroupUpdatedV1>({
  domain: 'organisations',
  name: 'LeadingGroupUpdated',
  version: 1,
  description:
    'A leading group was renamed or its purpose rewritten. Carries the new details and the names of the fields ' +
    'that changed.',
  schema: {
    type: 'object',
    properties: {
      leadingGroupId: uuid,
      organisationId: uuid,
      name: text,
      kind,
      purpose: nullableText,
      changes: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: ['name', 'purpose'] },
      },
    },
    required: ['leadingGroupId', 'organisationId', 'name', 'kind', 'purpose', 'changes'],
    additionalProperties: false,
  },
});

export const LEADING_GROUP_CONTRACTS = [
  LeadingGroupEstablished,
  LeadingGroupMemberAppointed,
  LeadingGroupMemberRemoved,
  LeadingGroupUpdated,
];
