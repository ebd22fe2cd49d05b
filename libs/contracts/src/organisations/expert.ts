import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, calendarDate, text, stringEnum, nonEmptySet } from '../common';

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

const expertState = {
  expertId: uuid,
  personId: uuid,
  /** The person's organisation at admission. */
  organisationId: uuid,
  /** Fields of expertise, in the order of the enumeration, without repeats. */
  fields: nonEmptySet(stringEnum(EXPERT_FIELDS)),
  /** Professional title (职称), e.g. 教授级高级工程师. */
  title: text,
  poolLevel: stringEnum(['NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY']),
  availability: stringEnum(['AVAILABLE', 'UNAVAILABLE']),
  /** YYYY-MM-DD. */
  admittedOn: calendarDate,
};

export const ExpertAdmitted = defineEvent({
  domain: 'organisations',
  name: 'ExpertAdmitted',
  version: 1,
  description:
    'A person was admitted to the expert pool (专家库) at a pool level, with their fields of expertise, ' +
    'professional title and availability. Carries no personal data.',
  schema: Type.Object(expertState, { additionalProperties: false }),
});
export type ExpertAdmittedV1 = EventData<typeof ExpertAdmitted>;

export const ExpertUpdated = defineEvent({
  domain: 'organisations',
  name: 'ExpertUpdated',
  version: 1,
  description:
    'An expert record changed: fields, title, pool level, summary, availability or admission date. Carries the ' +
    'whole new state (organisationId is the person’s current organisation) and the names of what changed.',
  schema: Type.Object(
    {
      ...expertState,
      /** What changed; `summary` says the summary was rewritten, never to what. */
      changes: nonEmptySet(
        stringEnum(['fields', 'title', 'poolLevel', 'summary', 'availability', 'admittedOn']),
      ),
    },
    { additionalProperties: false },
  ),
});
export type ExpertUpdatedV1 = EventData<typeof ExpertUpdated>;

export const ExpertWithdrawn = defineEvent({
  domain: 'organisations',
  name: 'ExpertWithdrawn',
  version: 1,
  description:
    'An expert left the expert pool, with the date and reason; the record is kept for history and takes no ' +
    'further changes.',
  schema: Type.Object(
    {
      expertId: uuid,
      personId: uuid,
      /** YYYY-MM-DD. */
      withdrawnOn: calendarDate,
      reason: text,
    },
    { additionalProperties: false },
  ),
});
export type ExpertWithdrawnV1 = EventData<typeof ExpertWithdrawn>;
