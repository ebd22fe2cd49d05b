import { defineEvent, type EventContract } from '@emergency/events';
import { uuid } from '../common';

// Grid events name the person by id only: agencies that need a name or a phone number read it through the graph,
// where each caller's role decides what they see.

type GridRole = 'GRID_WORKER' | 'INFORMATION_OFFICER';
const role = { type: 'string', enum: ['GRID_WORKER', 'INFORMATION_OFFICER'] } as const;
/** A village or community: a 12-digit division code. */
const villageCode = { type: 'string', pattern: '^[1-8][0-9]{11}$' } as const;

export interface GridWorkerAssignedV1 {
  assignmentId: string;
  personId: string;
  /** The organisation the person belonged to when assigned. */
  organisationId: string;
  /** The village or community (12-digit division code) the person covers. */
  villageCode: string;
  role: GridRole;
  startedAt: string;
  /** Whether the village has a current disaster information officer once this assignment is made. */
  villageHasInformationOfficer: boolean;
}

export const GridWorkerAssigned = defineEvent<GridWorkerAssignedV1>({
  domain: 'organisations',
  name: 'GridWorkerAssigned',
  version: 1,
  description:
    'A person was assigned to a village or community as its grid worker (网格员) or disaster information officer ' +
    '(灾害信息员). Says whether the village now has an information officer. Carries no personal data.',
  schema: {
    type: 'object',
    properties: {
      assignmentId: uuid,
      personId: uuid,
      organisationId: uuid,
      villageCode,
      role,
      startedAt: { type: 'string', format: 'date-time' },
      villageHasInformationOfficer: { type: 'boolean' },
    },
    required: [
      'assignmentId',
      'personId',
      'organisationId',
      'villageCode',
      'role',
      'startedAt',
      'villageHasInformationOfficer',
    ],
    additionalProperties: false,
  },
});

export interface GridAssignmentEndedV1 {
  assignmentId: string;
  personId: string;
  villageCode: string;
  role: GridRole;
  endedAt: string;
  reason: string;
  /**
   * Whether the village still has a current disaster information officer after this assignment ended; false
   * tells agencies the village is left without one.
   */
  villageHasInformationOfficer: boolean;
}

export const GridAssignmentEnded = defineEvent<GridAssignmentEndedV1>({
  domain: 'organisations',
  name: 'GridAssignmentEnded',
  version: 1,
  description:
    'A grid worker or disaster information officer stopped covering a village, with the reason. ' +
    'villageHasInformationOfficer false means the village is now without an information officer.',
  schema: {
    type: 'object',
    properties: {
      assignmentId: uuid,
      personId: uuid,
      villageCode,
      role,
      endedAt: { type: 'string', format: 'date-time' },
      reason: { type: 'string', minLength: 1 },
      villageHasInformationOfficer: { type: 'boolean' },
    },
    required: [
      'assignmentId',
      'personId',
      'villageCode',
      'role',
      'endedAt',
      'reason',
      'villageHasInformationOfficer',
    ],
    additionalProperties: false,
  },
});

export const GRID_CONTRACTS: EventContract<unknown>[] = [GridWorkerAssigned, GridAssignmentEnded];
