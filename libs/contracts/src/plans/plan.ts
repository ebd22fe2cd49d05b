import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { nullableText, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

export const PLAN_TYPES = [
  'OVERALL',
  'SPECIAL',
  'DEPARTMENT',
  'JOINT',
  'TOWNSHIP',
  'COMMUNITY',
  'UNIT',
] as const;
export const PLAN_LEVELS = ['PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;

/**
 * What a plan covers in the shared emergency category tree: a category (null for a plan that covers every
 * category, as an overall plan does) and the subcategories within it (empty: the whole category).
 */
export const planCoverage = {
  category: nullableText,
  subcategories: Type.Array(text),
};

export const PlanDrafted = defineEvent({
  domain: 'plans',
  name: 'PlanDrafted',
  version: 2,
  description:
    'A contingency plan was drafted: its type, level, what it covers in the shared category tree, where, who owns and who leads it, and the higher plan it implements.',
  schema: Type.Object(
    {
      planId: uuid,
      title: text,
      planType: stringEnum(PLAN_TYPES),
      level: stringEnum(PLAN_LEVELS),
      ...planCoverage,
      ownerOrganisationId: uuid,
      leadOrganisationId: uuid,
      parentPlanId: nullableUuid,
      regionCode,
      jointRegionCodes: Type.Array(regionCode),
    },
    { additionalProperties: false },
  ),
});
export type PlanDraftedV2 = EventData<typeof PlanDrafted>;

/** The first version of `PlanDrafted`, when a plan had one of seven themes; kept so old events still read. */
export const PlanDraftedV1Contract = defineEvent({
  domain: 'plans',
  name: 'PlanDrafted',
  version: 1,
  description: 'A contingency plan was drafted for an organisation and region.',
  schema: Type.Object(
    { planId: uuid, title: text, category: text, ownerOrganisationId: uuid, regionCode },
    { additionalProperties: false },
  ),
});
export type PlanDraftedV1 = EventData<typeof PlanDraftedV1Contract>;
