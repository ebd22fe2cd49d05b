import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { regionCode, text, uuid } from '../common';

export const PlanDrafted = defineEvent({
  domain: 'plans',
  name: 'PlanDrafted',
  version: 1,
  description: 'A contingency plan was drafted for an organisation and region.',
  schema: Type.Object(
    { planId: uuid, title: text, category: text, ownerOrganisationId: uuid, regionCode },
    { additionalProperties: false },
  ),
});
export type PlanDraftedV1 = EventData<typeof PlanDrafted>;
