import { defineEvent } from '@emergency/events';
import { calendarDate, divisionCode, uuid } from '../common';

const KINDS = ['COMMUNITY', 'VILLAGE', 'ENTERPRISE', 'SCHOOL', 'INDUSTRIAL_PARK', 'CITY', 'OTHER'] as const;
const LEVELS = ['NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY'] as const;
const STATUSES = ['DESIGNATED', 'UNDER_RECTIFICATION', 'REVOKED'] as const;
const RESULTS = ['PASSED', 'RECTIFICATION_REQUIRED', 'FAILED'] as const;

type SiteStatus = (typeof STATUSES)[number];

export interface DemonstrationSiteDesignatedV1 {
  siteId: string;
  name: string;
  kind: (typeof KINDS)[number];
  /** The level of the authority that designated the site. */
  level: (typeof LEVELS)[number];
  /** Division code at any level: 6 digits (GB/T 2260), 9 for a township, 12 for a village. */
  regionCode: string;
  /** The organisation responsible for the site. */
  organisationId: string;
  /** YYYY-MM-DD. */
  designatedOn: string;
}

export const DemonstrationSiteDesignated = defineEvent<DemonstrationSiteDesignatedV1>({
  domain: 'organisations',
  name: 'DemonstrationSiteDesignated',
  version: 1,
  description:
    'An emergency-management demonstration site (综合减灾示范社区, 安全发展示范城市, 应急管理示范点, ...) was ' +
    'designated in a region, with the organisation responsible for it.',
  schema: {
    type: 'object',
    properties: {
      siteId: uuid,
      name: { type: 'string', minLength: 1 },
      kind: { type: 'string', enum: [...KINDS] },
      level: { type: 'string', enum: [...LEVELS] },
      regionCode: divisionCode,
      organisationId: uuid,
      designatedOn: calendarDate,
    },
    required: ['siteId', 'name', 'kind', 'level', 'regionCode', 'organisationId', 'designatedOn'],
    additionalProperties: false,
  },
});

export interface DemonstrationSiteInspectedV1 {
  siteId: string;
  inspectionId: string;
  /** 1 for the site's first inspection, then 2, 3, ... */
  number: number;
  /** YYYY-MM-DD. */
  inspectedOn: string;
  /** The inspecting person. */
  inspectorId: string;
  result: (typeof RESULTS)[number];
  /** YYYY-MM-DD; set exactly when the result is RECTIFICATION_REQUIRED. */
  rectificationDueOn: string | null;
  statusBefore: SiteStatus;
  statusAfter: SiteStatus;
  /** YYYY-MM-DD; set when the inspection revoked the site. */
  revokedOn: string | null;
}

// The findings are free text written by inspectors and may name or quote people: they stay in the graph.

export const DemonstrationSiteInspected = defineEvent<DemonstrationSiteInspectedV1>({
  domain: 'organisations',
  name: 'DemonstrationSiteInspected',
  version: 1,
  description:
    'A demonstration site was inspected. Carries the result, the rectification deadline if any, and the site’s ' +
    'status before and after: PASSED keeps or restores DESIGNATED, RECTIFICATION_REQUIRED puts it UNDER_RECTIFICATION, ' +
    'FAILED revokes it. Carries no findings text.',
  schema: {
    type: 'object',
    properties: {
      siteId: uuid,
      inspectionId: uuid,
      number: { type: 'integer', minimum: 1 },
      inspectedOn: calendarDate,
      inspectorId: uuid,
      result: { type: 'string', enum: [...RESULTS] },
      rectificationDueOn: { type: ['string', 'null'], format: 'date' },
      statusBefore: { type: 'string', enum: [...STATUSES] },
      statusAfter: { type: 'string', enum: [...STATUSES] },
      revokedOn: { type: ['string', 'null'], format: 'date' },
    },
    required: [
      'siteId',
      'inspectionId',
      'number',
      'inspectedOn',
      'inspectorId',
      'result',
      'rectificationDueOn',
      'statusBefore',
      'statusAfter',
      'revokedOn',
    ],
    additionalProperties: false,
  },
});

export const DEMONSTRATION_SITE_CONTRACTS = [DemonstrationSiteDesignated, DemonstrationSiteInspected];
