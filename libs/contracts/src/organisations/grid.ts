import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, text, stringEnum } from '../common';

// Grid events name the person by id only: agencies that need a name or a phone number read it through the graph,
// where each caller's role decides what they see.

const role = stringEnum(['GRID_WORKER', 'INFORMATION_OFFICER']);
/** A village or community: a 12-digit division code. */
const villageCode = Type.String({ pattern: '^[1-8][0-9]{11}$' });

export const GridWorkerAssigned = defineEvent({
  domain: 'organisations',
  name: 'GridWorkerAssigned',
  version: 1,
  description:
    'A person was assigned to a village or community as its grid worker (网格员) or disaster information officer ' +
    '(灾害信息员). Says whether the village now has an information officer. Carries no personal data.',
  schema: Type.Object(
    {
      assignmentId: uuid,
      personId: uuid,
      /** The organisation the person belonged to when assigned. */
      organisationId: uuid,
      /** The village or community (12-digit division code) the person covers. */
      villageCode,
      role,
      startedAt: Type.String({ format: 'date-time' }),
      /** Whether the village has a current disaster information officer once this assignment is made. */
      villageHasInformationOfficer: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type GridWorkerAssignedV1 = EventData<typeof GridWorkerAssigned>;

export const GridAssignmentEnded = defineEvent({
  domain: 'organisations',
  name: 'GridAssignmentEnded',
  version: 1,
  description:
    'A grid worker or disaster information officer stopped covering a village, with the reason. ' +
    'villageHasInformationOfficer false means the village is now without an information officer.',
  schema: Type.Object(
    {
      assignmentId: uuid,
      personId: uuid,
      villageCode,
      role,
      endedAt: Type.String({ format: 'date-time' }),
      reason: text,
      /**
       * Whether the village still has a current disaster information officer after this assignment ended; false
       * tells agencies the village is left without one.
       */
      villageHasInformationOfficer: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type GridAssignmentEndedV1 = EventData<typeof GridAssignmentEnded>;
