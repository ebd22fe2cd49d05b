import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, divisionCode, calendarDate, text, stringEnum } from '../common';

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

export const TrainingRecorded = defineEvent({
  domain: 'organisations',
  name: 'TrainingRecorded',
  version: 1,
  description:
    'A person’s completed training was recorded: course, category, provider, dates, hours, result, and the ' +
    'organisation they belonged to then. Carries no certificate number (it may be an identity number).',
  schema: Type.Object(
    {
      trainingRecordId: uuid,
      personId: uuid,
      /** The organisation the person belonged to when trained, kept even if they move later. */
      organisationId: uuid,
      /** That organisation's division code, for consumers filtering by region. */
      regionCode: divisionCode,
      courseTitle: text,
      category: stringEnum([...CATEGORIES]),
      provider: text,
      /** YYYY-MM-DD. */
      startedOn: calendarDate,
      completedOn: calendarDate,
      hours: Type.Integer({ minimum: 1, maximum: 2000 }),
      result: stringEnum([...RESULTS]),
      /** Whether a certificate was issued; its number is not carried (see above). */
      certified: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type TrainingRecordedV1 = EventData<typeof TrainingRecorded>;

export const TrainingRecordVoided = defineEvent({
  domain: 'organisations',
  name: 'TrainingRecordVoided',
  version: 1,
  description:
    'A wrong training record was voided with a reason. It is kept for the record but no longer counts for the ' +
    'person or in training summaries.',
  schema: Type.Object(
    {
      trainingRecordId: uuid,
      personId: uuid,
      organisationId: uuid,
      reason: text,
      voidedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});
export type TrainingRecordVoidedV1 = EventData<typeof TrainingRecordVoided>;
