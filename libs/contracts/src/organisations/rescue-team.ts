import { defineEvent } from '@emergency/events';
import { calendarDate, divisionCode, uuid } from '../common';

// Rescue team events. Team types and specialties travel as plain strings: both lists grow as new kinds of teams
// are organised, and a consumer must not break on a value it does not know yet. Readiness and member roles are
// closed sets that consumers branch on, so their schemas list them.

const READINESS = ['READY', 'DEPLOYED', 'STANDING_DOWN', 'UNAVAILABLE'] as const;
type Readiness = (typeof READINESS)[number];
const readiness = { type: 'string', enum: READINESS } as const;
const ROLES = ['CAPTAIN', 'DEPUTY_CAPTAIN', 'MEMBER'] as const;
const role = { type: 'string', enum: ROLES } as const;

export interface RescueTeamStateV1 {
  teamId: string;
  organisationId: string;
  name: string;
  type: string;
  /** Division code at any level the team is based in. */
  baseRegionCode: string;
  headcount: number;
  specialties: string[];
}

const teamState = {
  teamId: uuid,
  organisationId: uuid,
  name: { type: 'string', minLength: 1 },
  type: { type: 'string', minLength: 1 },
  baseRegionCode: divisionCode,
  headcount: { type: 'integer', minimum: 1 },
  specialties: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
} as const;

export interface RescueTeamRegisteredV1 extends RescueTeamStateV1 {
  readiness: Readiness;
}

export const RescueTeamRegistered = defineEvent<RescueTeamRegisteredV1>({
  domain: 'organisations',
  name: 'RescueTeamRegistered',
  version: 1,
  description:
    'A rescue team (应急救援队伍) was registered for an organisation, based in a region, with its declared ' +
    'headcount, specialties and initial readiness.',
  schema: {
    type: 'object',
    properties: { ...teamState, readiness },
    required: [...Object.keys(teamState), 'readiness'],
    additionalProperties: false,
  },
});

export type RescueTeamChange = 'name' | 'headcount' | 'specialties' | 'baseRegionCode' | 'equipment';

export interface RescueTeamUpdatedV1 extends RescueTeamStateV1 {
  /** What changed; `equipment` says the equipment list was replaced (read it through the graph). */
  changes: RescueTeamChange[];
}

export const RescueTeamUpdated = defineEvent<RescueTeamUpdatedV1>({
  domain: 'organisations',
  name: 'RescueTeamUpdated',
  version: 1,
  description:
    'A rescue team was renamed, moved to another base region, had its headcount or specialties changed, or had ' +
    'its equipment list replaced. Carries the new state and the names of what changed.',
  schema: {
    type: 'object',
    properties: {
      ...teamState,
      changes: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: ['name', 'headcount', 'specialties', 'baseRegionCode', 'equipment'] },
      },
    },
    required: [...Object.keys(teamState), 'changes'],
    additionalProperties: false,
  },
});

export interface RescueTeamReadinessChangedV1 {
  teamId: string;
  organisationId: string;
  type: string;
  baseRegionCode: string;
  previousReadiness: Readiness;
  readiness: Readiness;
  note: string | null;
  changedAt: string;
}

export const RescueTeamReadinessChanged = defineEvent<RescueTeamReadinessChangedV1>({
  domain: 'organisations',
  name: 'RescueTeamReadinessChanged',
  version: 1,
  description:
    'A rescue team became ready, was deployed, stood down to rest (休整) or became unavailable. Published only ' +
    'when the readiness actually changed; disbanding a ready team publishes it too (to UNAVAILABLE).',
  schema: {
    type: 'object',
    properties: {
      teamId: uuid,
      organisationId: uuid,
      type: { type: 'string', minLength: 1 },
      baseRegionCode: divisionCode,
      previousReadiness: readiness,
      readiness,
      note: { type: ['string', 'null'], minLength: 1 },
      changedAt: { type: 'string', format: 'date-time' },
    },
    required: [
      'teamId',
      'organisationId',
      'type',
      'baseRegionCode',
      'previousReadiness',
      'readiness',
      'note',
      'changedAt',
    ],
    additionalProperties: false,
  },
});

// Membership events name the person by id only: no name, and no leaving reason, which may be about their health.

export interface RescueTeamMemberJoinedV1 {
  teamId: string;
  membershipId: string;
  personId: string;
  role: (typeof ROLES)[number];
  joinedOn: string;
  /** Current members after this change. */
  memberCount: number;
}

export const RescueTeamMemberJoined = defineEvent<RescueTeamMemberJoinedV1>({
  domain: 'organisations',
  name: 'RescueTeamMemberJoined',
  version: 1,
  description:
    'A person joined a rescue team as captain, deputy captain or member. Names the person by id only.',
  schema: {
    type: 'object',
    properties: {
      teamId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      joinedOn: calendarDate,
      memberCount: { type: 'integer', minimum: 1 },
    },
    required: ['teamId', 'membershipId', 'personId', 'role', 'joinedOn', 'memberCount'],
    additionalProperties: false,
  },
});

export interface RescueTeamMemberLeftV1 {
  teamId: string;
  membershipId: string;
  personId: string;
  role: (typeof ROLES)[number];
  leftOn: string;
  /** Current members after this change. */
  memberCount: number;
}

export const RescueTeamMemberLeft = defineEvent<RescueTeamMemberLeftV1>({
  domain: 'organisations',
  name: 'RescueTeamMemberLeft',
  version: 1,
  description:
    'A person left a rescue team, or the team was disbanded. Names the person by id only and leaves the reason ' +
    'out (read it through the graph).',
  schema: {
    type: 'object',
    properties: {
      teamId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      leftOn: calendarDate,
      memberCount: { type: 'integer', minimum: 0 },
    },
    required: ['teamId', 'membershipId', 'personId', 'role', 'leftOn', 'memberCount'],
    additionalProperties: false,
  },
});

export interface RescueTeamDisbandedV1 {
  teamId: string;
  organisationId: string;
  reason: string;
  disbandedAt: string;
}

export const RescueTeamDisbanded = defineEvent<RescueTeamDisbandedV1>({
  domain: 'organisations',
  name: 'RescueTeamDisbanded',
  version: 1,
  description:
    'A rescue team was disbanded: its members left it (one RescueTeamMemberLeft each, published before this), ' +
    'it is UNAVAILABLE and takes no further changes.',
  schema: {
    type: 'object',
    properties: {
      teamId: uuid,
      organisationId: uuid,
      reason: { type: 'string', minLength: 1 },
      disbandedAt: { type: 'string', format: 'date-time' },
    },
    required: ['teamId', 'organisationId', 'reason', 'disbandedAt'],
    additionalProperties: false,
  },
});

export const RESCUE_TEAM_CONTRACTS = [
  RescueTeamRegistered,
  RescueTeamUpdated,
  RescueTeamReadinessChanged,
  RescueTeamMemberJoined,
  RescueTeamMemberLeft,
  RescueTeamDisbanded,
];
