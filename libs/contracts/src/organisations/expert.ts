import { defineEvent, type EventContract } from '@emergency/events';
import { calendarDate, uuid } from '../common';

// Expert events carry the professional record (fields, title, pool level, availability) and the person's id, never
// personal data; the free-text summary stays in the graph, where each caller's role decides what they read.

type ExpertField =
  | 'FLOOD_CONTROL'
  | 'HYDROLOGY'
  | 'GEOLOGICAL_HAZARDS'
  | 'EARTHQUAKE'
  | 'METEOROLOGY'
  | 'FOREST_FIRE'
  | 'HAZARDOUS_CHEMICALS'
  | 'MINE_SAFETY'
  | 'CONSTRUCTION_SAFETY'
  | 'STRUCTURAL_ENGINEERING'
  | 'MEDICAL_RESCUE'
  | 'PUBLIC_HEALTH'
  | 'COMMUNICATIONS'
  | 'EMERGENCY_MANAGEMENT'
  | 'PSYCHOLOGICAL_AID';
type PoolLevel = 'NATIONAL' | 'PROVINCIAL' | 'PREFECTURAL' | 'COUNTY';
type Availability = 'AVAILABLE' | 'UNAVAILABLE';

const EXPERT_FIELDS: readonly ExpertField[] = [
  'FLOOD_CONTROL',
  'HYDROLOGY',
  'GEOLOGICAL_HAZARDS',
  'EARTHQUAKE',
  'METEOROLOGY',
  'FOREST_FIRE',
  'HAZARDOUS_CHEMICALS',
  'MINE_SAFETY',
  'CONSTRUCTION_SAFETY',
  'STRUCTURAL_ENGINEERING',
  'MEDICAL_RESCUE',
  'PUBLIC_HEALTH',
  'COMMUNICATIONS',
  'EMERGENCY_MANAGEMENT',
  'PSYCHOLOGICAL_AID',
];

export interface ExpertAdmittedV1 {
  expertId: string;
  personId: string;
  /** The person's organisation at admission. */
  organisationId: string;
  /** Fields of expertise, in the order of the enumeration, without repeats. */
  fields: ExpertField[];
  /** Professional title (职称), e.g. 教授级高级工程师. */
  title: string;
  poolLevel: PoolLevel;
  availability: Availability;
  /** YYYY-MM-DD. */
  admittedOn: string;
}

const expertState = {
  expertId: uuid,
  personId: uuid,
  organisationId: uuid,
  fields: {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', enum: EXPERT_FIELDS },
  },
  title: { type: 'string', minLength: 1 },
  poolLevel: { type: 'string', enum: ['NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY'] },
  availability: { type: 'string', enum: ['AVAILABLE', 'UNAVAILABLE'] },
  admittedOn: calendarDate,
} as const;

export const ExpertAdmitted = defineEvent<ExpertAdmittedV1>({
  domain: 'organisations',
  name: 'ExpertAdmitted',
  version: 1,
  description:
    'A person was admitted to the expert pool (专家库) at a pool level, with their fields of expertise, ' +
    'professional title and availability. Carries no personal data.',
  schema: {
    type: 'object',
    properties: expertState,
    required: Object.keys(expertState),
    additionalProperties: false,
  },
});

export interface ExpertUpdatedV1 extends ExpertAdmittedV1 {
  /** What changed; `summary` says the summary was rewritten, never to what. */
  changes: ('fields' | 'title' | 'poolLevel' | 'summary' | 'availability' | 'admittedOn')[];
}

export const ExpertUpdated = defineEvent<ExpertUpdatedV1>({
  domain: 'organisations',
  name: 'ExpertUpdated',
  version: 1,
  description:
    'An expert record changed: fields, title, pool level, summary, availability or admission date. Carries the ' +
    'whole new state (organisationId is the person’s current organisation) and the names of what changed.',
  schema: {
    type: 'object',
    properties: {
      ...expertState,
      changes: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: {
          type: 'string',
          enum: ['fields', 'title', 'poolLevel', 'summary', 'availability', 'admittedOn'],
        },
      },
    },
    required: [...Object.keys(expertState), 'changes'],
    additionalProperties: false,
  },
});

export interface ExpertWithdrawnV1 {
  expertId: string;
  personId: string;
  /** YYYY-MM-DD. */
  withdrawnOn: string;
  reason: string;
}

export const ExpertWithdrawn = defineEvent<ExpertWithdrawnV1>({
  domain: 'organisations',
  name: 'ExpertWithdrawn',
  version: 1,
  description:
    'An expert left the expert pool, with the date and reason; the record is kept for history and takes no ' +
    'further changes.',
  schema: {
    type: 'object',
    properties: {
      expertId: uuid,
      personId: uuid,
      withdrawnOn: calendarDate,
      reason: { type: 'string', minLength: 1 },
    },
    required: ['expertId', 'personId', 'withdrawnOn', 'reason'],
    additionalProperties: false,
  },
});

export const EXPERT_CONTRACTS: EventContract<unknown>[] = [ExpertAdmitted, ExpertUpdated, ExpertWithdrawn];
