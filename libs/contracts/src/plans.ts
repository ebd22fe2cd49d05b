import { defineEvent } from '@emergency/events';
import { regionCode, uuid } from './common';

export interface PlanDraftedV1 {
  planId: string;
  title: string;
  category: string;
  ownerOrganisationId: string;
  regionCode: string;
}

export const PlanDrafted = defineEvent<PlanDraftedV1>({
  domain: 'plans',
  name: 'PlanDrafted',
  version: 1,
  description: 'A contingency plan was drafted for an organisation and region.',
  schema: {
    type: 'object',
    properties: {
      planId: uuid,
      title: { type: 'string', minLength: 1 },
      category: { type: 'string', minLength: 1 },
      ownerOrganisationId: uuid,
      regionCode,
    },
    required: ['planId', 'title', 'category', 'ownerOrganisationId', 'regionCode'],
    additionalProperties: false,
  },
});
