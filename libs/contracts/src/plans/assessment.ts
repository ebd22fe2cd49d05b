import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, text } from '../common';

export const AssessmentSheetSet = defineEvent({
  domain: 'plans',
  name: 'AssessmentSheetSet',
  version: 1,
  description:
    "A jurisdiction’s scoring sheet for the annual assessment of the plan and drill system was replaced: the whole sheet now in force for it (empty: the wider jurisdiction’s sheet applies again). Each item scores one compliance indicator out of its points. `regionPrefix` is '' for the default sheet, 42 for Hubei, 4211 for Huanggang.",
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      items: Type.Array(
        Type.Object(
          {
            key: text,
            indicator: text,
            title: text,
            points: Type.Integer({ minimum: 1 }),
            basis: text,
          },
          { additionalProperties: false },
        ),
      ),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AssessmentSheetSetV1 = EventData<typeof AssessmentSheetSet>;
