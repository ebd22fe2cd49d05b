import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, nullableStringEnum, nullableText, regionCode, stringEnum, text, uuid } from '../common';

const GRADES = ['I', 'II', 'III', 'IV'] as const;
const STATUSES = ['REPORTED', 'RESPONDING', 'RECOVERY', 'CLOSED'] as const;

/** Where and what the incident is: every lifecycle event carries it so consumers route without a lookup. */
const incidentKey = {
  incidentId: uuid,
  regionCode,
  category: text,
  subcategory: nullableText,
};

export const IncidentGraded = defineEvent({
  domain: 'incidents',
  name: 'IncidentGraded',
  version: 1,
  description:
    'An incident’s grade was decided: confirmed as the grading rules suggested, overridden with a reason, or regraded within the regrading window. The incident’s severity is now `grade`.',
  schema: Type.Object(
    {
      ...incidentKey,
      grade: stringEnum(GRADES),
      previousGrade: stringEnum(GRADES),
      suggestedGrade: nullableStringEnum(GRADES),
      decisionKind: stringEnum(['CONFIRMED', 'OVERRIDDEN', 'REGRADED']),
      decidedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type IncidentGradedV1 = EventData<typeof IncidentGraded>;

export const IncidentResponseDeclared = defineEvent({
  domain: 'incidents',
  name: 'IncidentResponseDeclared',
  version: 1,
  description:
    'An emergency response was declared for an incident at a level (I highest), or its level was raised or lowered (`previousLevel` is the level it replaced, null for a first declaration).',
  schema: Type.Object(
    {
      ...incidentKey,
      level: stringEnum(GRADES),
      previousLevel: nullableStringEnum(GRADES),
      declaringOrganisationId: uuid,
      declaredAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type IncidentResponseDeclaredV1 = EventData<typeof IncidentResponseDeclared>;

export const IncidentResponseLifted = defineEvent({
  domain: 'incidents',
  name: 'IncidentResponseLifted',
  version: 1,
  description: 'An incident’s emergency response was lifted: no response level is in force any more.',
  schema: Type.Object(
    {
      ...incidentKey,
      level: stringEnum(GRADES),
      declaringOrganisationId: uuid,
      declaredAt: dateTime,
      liftedAt: dateTime,
      reason: text,
    },
    { additionalProperties: false },
  ),
});
export type IncidentResponseLiftedV1 = EventData<typeof IncidentResponseLifted>;

export const IncidentStatusChanged = defineEvent({
  domain: 'incidents',
  name: 'IncidentStatusChanged',
  version: 1,
  description:
    'An incident moved from one status to another: to RESPONDING when a response was declared, to RECOVERY when it was lifted or by decision, to CLOSED by decision.',
  schema: Type.Object(
    {
      ...incidentKey,
      from: stringEnum(STATUSES),
      to: stringEnum(STATUSES),
      reason: text,
      changedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type IncidentStatusChangedV1 = EventData<typeof IncidentStatusChanged>;

export const GradingRulesSet = defineEvent({
  domain: 'incidents',
  name: 'GradingRulesSet',
  version: 1,
  description:
    "A jurisdiction’s grading rules for a category (or one subcategory) were replaced: the whole set now in force for it (empty: the wider jurisdiction’s rules apply again). `regionPrefix` is '' for the national default, 42 for Hubei, 4211 for Huanggang.",
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      category: text,
      subcategory: nullableText,
      rules: Type.Array(
        Type.Object(
          {
            grade: stringEnum(GRADES),
            metric: text,
            minimum: Type.String({ pattern: '^[1-9][0-9]{0,18}$' }),
            source: text,
          },
          { additionalProperties: false },
        ),
      ),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type GradingRulesSetV1 = EventData<typeof GradingRulesSet>;
