import { defineEvent } from '@emergency/events';
import { calendarDate, divisionCode, uuid } from '../common';

const CATEGORIES = [
  'EMERGENCY_MANAGEMENT',
  'COMMAND_AND_COORDINATION',
  'RESCUE_SKILLS',
  'FIRST_AID',
  'HAZARDOUS_CHEMICALS',
  'FLOOD_CONTROL',
  'FOREST_FIRE',
  'DISASTER_INFORMATION_REPORTING',
  'SAFETY_PRODUCTION',
  'OTHER',
] as const;

const RESULTS = ['PASSED', 'FAILED', 'ATTENDED'] as const;

// Training events carry no certificate number: some certificates (特种作业操作证, for one) are numbered with the
// holder's resident identity number, which is personal data. Consumers read the number through the graph.

export interface TrainingRecordedV1 {
  trainingRecordId: string;
  personId: string;
  /** The organisation the person belonged to when trained, kept even if they move later. */
  organisationId: string;
  /** That organisation's division code, for consumers filtering by region. */
  regionCode: string;
  courseTitle: string;
  category: (typeof CATEGORIES)[number];
  provider: string;
  /** YYYY-MM-DD. */
  startedOn: string;
  completedOn: string;
  hours: number;
  result: (typeof RESULTS)[number];
  /** Whether a certificate was issued; its number is not carried (see above). */
  certified: boolean;
}

export const TrainingRecorded = defineEvent<TrainingRecordedV1>({
  domain: 'organisations',
  name: 'TrainingRecorded',
  version: 1,
  description:
    'A person’s completed training was recorded: course, category, provider, dates, hours, result, and the ' +
    'organisation they belonged to then. Carries no certificate number (it may be an identity number).',
  schema: {
    type: 'object',
    properties: {
      trainingRecordId: uuid,
      personId: uuid,
      organisationId: uuid,
      regionCode: divisionCode,
      courseTitle: { type: 'string', minLength: 1 },
      category: { type: 'string', enum: [...CATEGORIES] },
      provider: { type: 'string', minLength: 1 },
      startedOn: calendarDate,
      completedOn: calendarDate,
      hours: { type: 'integer', minimum: 1, maximum: 2000 },
      result: { type: 'string', enum: [...RESULTS] },
      certified: { type: 'boolean' },
    },
    required: [
      'trainingRecordId',
      'personId',
      'organisationId',
      'regionCode',
      'courseTitle',
      'category',
      'provider',
      'startedOn',
      'completedOn',
      'hours',
      'result',
      'certified',
    ],
    additionalProperties: false,
  },
});

export interface TrainingRecordVoidedV1 {
  trainingRecordId: string;
  personId: string;
  organisationId: string;
  reason: string;
  voidedAt: string;
}

export const TrainingRecordVoided = defineEvent<TrainingRecordVoidedV1>({
  domain: 'organisations',
  name: 'TrainingRecordVoided',
  version: 1,
  description:
    'A wrong training record was voided with a reason. It is kept for the record but no longer counts for the ' +
    'person or in training summaries.',
  schema: {
    type: 'object',
    properties: {
      trainingRecordId: uuid,
      personId: uuid,
      organisationId: uuid,
      reason: { type: 'string', minLength: 1 },
      voidedAt: { type: 'string', format: 'date-time' },
    },
    required: ['trainingRecordId', 'personId', 'organisationId', 'reason', 'voidedAt'],
    additionalProperties: false,
  },
});

export const TRAINING_CONTRACTS = [TrainingRecorded, TrainingRecordVoided];
