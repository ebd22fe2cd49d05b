import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, divisionCode, calendarDate, text, nullableText, stringEnum, nonEmptySet } from '../common';

// Rescue team events. Team types and specialties travel as plain strings: both lists grow as new kinds of teams
// are organised, and a consumer must not break on a value it does not know yet. Readiness and member roles are
// closed sets that consumers branch on, so their schemas list them.

const READINESS = ['READY', 'DEPLOYED', 'STANDING_DOWN', 'UNAVAILABLE'] as const;
const readiness = stringEnum(READINESS);
const ROLES = ['CAPTAIN', 'DEPUTY_CAPTAIN', 'MEMBER'] as const;
const role = stringEnum(ROLES);

const teamState = {
  teamId: uuid,
  organisationId: uuid,
  name: text,
  type: text,
  /** Division code at any level the team is based in. */
  baseRegionCode: divisionCode,
  headcount: Type.Integer({ minimum: 1 }),
  specialties: Type.Array(text, { uniqueItems: true }),
};

export const RescueTeamRegistered = defineEvent({
  domain: 'organisations',
  name: 'RescueTeamRegistered',
  version: 1,
  description:
    'A rescue team (应急救援队伍) was registered for an organisation, based in a region, with its declared ' +
    'headcount, specialties and initial readiness.',
  schema: Type.Object({ ...teamState, readiness }, { additionalProperties: false }),
});
export type RescueTeamRegisteredV1 = EventData<typeof RescueTeamRegistered>;
/** A team's state as every team event carries it. */
export type RescueTeamStateV1 = Omit<RescueTeamRegisteredV1, 'readiness'>;

export type RescueTeamChange = 'name' | 'headcount' | 'specialties' | 'baseRegionCode' | 'equipment';

export const RescueTeamUpdated = defineEvent({
  domain: 'organisations',
  name: 'RescueTeamUpdated',
  version: 1,
  description:
    'A rescue team was renamed, moved to another base region, had its headcount or specialties changed, or had ' +
    'its equipment list replaced. Carries the new state and the names of what changed.',
  schema: Type.Object(
    {
      ...teamState,
      /** What changed; `equipment` says the equipment list was replaced (read it through the graph). */
      changes: nonEmptySet(stringEnum(['name', 'headcount', 'specialties', 'baseRegionCode', 'equipment'])),
    },
    { additionalProperties: false },
  ),
});
export type RescueTeamUpdatedV1 = EventData<typeof RescueTeamUpdated>;

export const RescueTeamReadinessChanged = defineEvent({
  domain: 'organisations',
  name: 'RescueTeamReadinessChanged',
  version: 1,
  description:
    'A rescue team became ready, was deployed, stood down to rest (休整) or became unavailable. Published only ' +
    'when the readiness actually changed; disbanding a ready team publishes it too (to UNAVAILABLE).',
  schema: Type.Object(
    {
      teamId: uuid,
      organisationId: uuid,
      type: text,
      baseRegionCode: divisionCode,
      previousReadiness: readiness,
      readiness,
      note: nullableText,
      changedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});
export type RescueTeamReadinessChangedV1 = EventData<typeof RescueTeamReadinessChanged>;

// Membership events name the person by id only: no name, and no leaving reason, which may be about their health.

export const RescueTeamMemberJoined = defineEvent({
  domain: 'organisations',
  name: 'RescueTeamMemberJoined',
  version: 1,
  description:
    'A person joined a rescue team as captain, deputy captain or member. Names the person by id only.',
  schema: Type.Object(
    {
      teamId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      joinedOn: calendarDate,
      /** Current members after this change. */
      memberCount: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
});
export type RescueTeamMemberJoinedV1 = EventData<typeof RescueTeamMemberJoined>;

export const RescueTeamMemberLeft = defineEvent({
  domain: 'organisations',
  name: 'RescueTeamMemberLeft',
  version: 1,
  description:
    'A person left a rescue team, or the team was disbanded. Names the person by id only and leaves the reason ' +
    'out (read it through the graph).',
  schema: Type.Object(
    {
      teamId: uuid,
      membershipId: uuid,
      personId: uuid,
      role,
      leftOn: calendarDate,
      /** Current members after this change. */
      memberCount: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
});
export type RescueTeamMemberLeftV1 = EventData<typeof RescueTeamMemberLeft>;

export const RescueTeamDisbanded = defineEvent({
  domain: 'organisations',
  name: 'RescueTeamDisbanded',
  version: 1,
  description:
    'A rescue team was disbanded: its members left it (one RescueTeamMemberLeft each, published before this), ' +
    'it is UNAVAILABLE and takes no further changes.',
  schema: Type.Object(
    {
      teamId: uuid,
      organisationId: uuid,
      reason: text,
      disbandedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});
export type RescueTeamDisbandedV1 = EventData<typeof RescueTeamDisbanded>;
