import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, regionCode, stringEnum, text, uuid } from '../common';

export const IncidentReported = defineEvent({
  domain: 'incidents',
  name: 'IncidentReported',
  version: 1,
  description: 'An incident was first reported.',
  schema: Type.Object(
    {
      incidentId: uuid,
      title: text,
      category: text,
      severity: stringEnum(['I', 'II', 'III', 'IV']),
      regionCode,
      occurredAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type IncidentReportedV1 = EventData<typeof IncidentReported>;
