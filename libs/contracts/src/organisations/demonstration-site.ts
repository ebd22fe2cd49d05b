import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { uuid, divisionCode, calendarDate, text, stringEnum, nullable } from '../common';

const KINDS = ['COMMUNITY', 'VILLAGE', 'ENTERPRISE', 'SCHOOL', 'INDUSTRIAL_PARK', 'CITY', 'OTHER'] as const;
const LEVELS = ['NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY'] as const;
const STATUSES = ['DESIGNATED', 'UNDER_RECTIFICATION', 'REVOKED'] as const;
const RESULTS = ['PASSED', 'RECTIFICATION_REQUIRED', 'FAILED'] as const;

export const DemonstrationSiteDesignated = defineEvent({
  domain: 'organisations',
  name: 'DemonstrationSiteDesignated',
  version: 1,
  description:
    'An emergency-management demonstration site (综合减灾示范社区, 安全发展示范城市, 应急管理示范点, ...) was ' +
    'designated in a region, with the organisation responsible for it.',
  schema: Type.Object(
    {
      siteId: uuid,
      name: text,
      kind: stringEnum([...KINDS]),
      /** The level of the authority that designated the site. */
      level: stringEnum([...LEVELS]),
      /** Division code at any level: 6 digits (GB/T 2260), 9 for a township, 12 for a village. */
      regionCode: divisionCode,
      /** The organisation responsible for the site. */
      organisationId: uuid,
      /** YYYY-MM-DD. */
      designatedOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type DemonstrationSiteDesignatedV1 = EventData<typeof DemonstrationSiteDesignated>;

// The findings are free text written by inspectors and may name or quote people: they stay in the graph.

export const DemonstrationSiteInspected = defineEvent({
  domain: 'organisations',
  name: 'DemonstrationSiteInspected',
  version: 1,
  description:
    'A demonstration site was inspected. Carries the result, the rectification deadline if any, and the site’s ' +
    'status before and after: PASSED keeps or restores DESIGNATED, RECTIFICATION_REQUIRED puts it UNDER_RECTIFICATION, ' +
    'FAILED revokes it. Carries no findings text.',
  schema: Type.Object(
    {
      siteId: uuid,
      inspectionId: uuid,
      /** 1 for the site's first inspection, then 2, 3, ... */
      number: Type.Integer({ minimum: 1 }),
      /** YYYY-MM-DD. */
      inspectedOn: calendarDate,
      /** The inspecting person. */
      inspectorId: uuid,
      result: stringEnum([...RESULTS]),
      /** YYYY-MM-DD; set exactly when the result is RECTIFICATION_REQUIRED. */
      rectificationDueOn: nullable({ type: 'string', format: 'date' }),
      statusBefore: stringEnum([...STATUSES]),
      statusAfter: stringEnum([...STATUSES]),
      /** YYYY-MM-DD; set when the inspection revoked the site. */
      revokedOn: nullable({ type: 'string', format: 'date' }),
    },
    { additionalProperties: false },
  ),
});
export type DemonstrationSiteInspectedV1 = EventData<typeof DemonstrationSiteInspected>;
