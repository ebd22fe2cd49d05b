import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, nullableStringEnum, nullableText, regionCode, stringEnum, text, uuid } from '../common';
import { PLAN_LEVELS } from './plan';

/** Incident grades and response levels, I the highest. */
export const INCIDENT_LEVELS = ['I', 'II', 'III', 'IV'] as const;
/** Why an activation ended. */
export const PLAN_DEACTIVATION_REASONS = [
  'RESPONSE_LIFTED',
  'LEVEL_BELOW_THRESHOLD',
  'NO_LONGER_APPLIES',
] as const;

export const PlanActivated = defineEvent({
  domain: 'plans',
  name: 'PlanActivated',
  version: 1,
  description:
    'A plan in force was started for an incident: the incident was reported, graded or its response declared at a level (`level`: the response level in force, else the grade) that reaches the plan’s activation threshold, in a category and region the plan covers. `leadOrganisationId` leads the response under the plan.',
  schema: Type.Object(
    {
      activationId: uuid,
      planId: uuid,
      incidentId: uuid,
      regionCode,
      category: text,
      subcategory: nullableText,
      level: stringEnum(INCIDENT_LEVELS),
      leadOrganisationId: uuid,
      activatedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type PlanActivatedV1 = EventData<typeof PlanActivated>;

export const PlanDeactivated = defineEvent({
  domain: 'plans',
  name: 'PlanDeactivated',
  version: 1,
  description:
    'A plan started for an incident no longer applies: the response was lifted, the level in force (`level`, null once lifted) fell below the plan’s threshold, or the plan no longer matches the incident.',
  schema: Type.Object(
    {
      activationId: uuid,
      planId: uuid,
      incidentId: uuid,
      regionCode,
      level: nullableStringEnum(INCIDENT_LEVELS),
      reason: stringEnum(PLAN_DEACTIVATION_REASONS),
      deactivatedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type PlanDeactivatedV1 = EventData<typeof PlanDeactivated>;

export const PlanActivationRulesSet = defineEvent({
  domain: 'plans',
  name: 'PlanActivationRulesSet',
  version: 1,
  description:
    "A jurisdiction’s plan activation thresholds were replaced: for each plan level, the lowest incident level (response level in force, else grade) at which its plans are started. `regionPrefix` is '' for the national rules, 42 for Hubei, 4211 for Huanggang; an empty list hands the jurisdiction back to the next shorter prefix.",
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      thresholds: Type.Array(
        Type.Object(
          { planLevel: stringEnum(PLAN_LEVELS), fromLevel: stringEnum(INCIDENT_LEVELS), source: text },
          { additionalProperties: false },
        ),
      ),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type PlanActivationRulesSetV1 = EventData<typeof PlanActivationRulesSet>;
