import { pastOrToday, requiredCalendarDate } from '@emergency/graphql';
import type { InspectionResult } from './demonstration-site-inspection.entity';
import type { DemonstrationSiteStatus } from './demonstration-site.entity';
import { DemonstrationSiteErrorCode, DemonstrationSiteException } from './demonstration-site.exception';

/** A site not inspected for longer than this is overdue for its yearly review. */
export const INSPECTION_INTERVAL_DAYS = 365;

/** The calendar day `days` after `day` (before it when negative), both YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The status an inspection leaves a site in: passing (re)confirms the designation, failing revokes it. */
export function statusAfterInspection(result: InspectionResult): DemonstrationSiteStatus {
  switch (result) {
    case 'PASSED':
      return 'DESIGNATED';
    case 'RECTIFICATION_REQUIRED':
      return 'UNDER_RECTIFICATION';
    case 'FAILED':
      return 'REVOKED';
  }
}

/** What an inspection reads and changes of its site. */
export interface InspectedSite {
  status: DemonstrationSiteStatus;
  designatedOn: string;
  revokedOn: string | null;
  lastInspectedOn: string | null;
}

/**
 * The site after an inspection on `inspectedOn` (YYYY-MM-DD, already validated) with `result`. Refused: a
 * revoked site (SITE_REVOKED), a day in the future, before the designation, or before the site's latest
 * inspection (inspections are recorded in the order they happened; several on one day are fine).
 */
export function applyInspection(
  site: InspectedSite,
  inspectedOn: string,
  result: InspectionResult,
  today: string,
): InspectedSite {
  if (site.status === 'REVOKED') {
    throw new DemonstrationSiteException(
      DemonstrationSiteErrorCode.SiteRevoked,
      `the site was revoked on ${site.revokedOn}; a revoked site takes no more inspections`,
      { field: 'siteId' },
    );
  }
  pastOrToday(inspectedOn, 'inspectedOn', today);
  if (inspectedOn < site.designatedOn) {
    throw new DemonstrationSiteException(
      DemonstrationSiteErrorCode.InspectedBeforeDesignation,
      `inspectedOn ${inspectedOn} is before the site was designated on ${site.designatedOn}`,
      { field: 'inspectedOn' },
    );
  }
  if (site.lastInspectedOn && inspectedOn < site.lastInspectedOn) {
    throw new DemonstrationSiteException(
      DemonstrationSiteErrorCode.InspectedBeforeLatest,
      `inspectedOn ${inspectedOn} is before the site's latest inspection on ${site.lastInspectedOn}`,
      { field: 'inspectedOn', latestInspectedOn: site.lastInspectedOn },
    );
  }
  const status = statusAfterInspection(result);
  return {
    status,
    designatedOn: site.designatedOn,
    revokedOn: status === 'REVOKED' ? inspectedOn : null,
    lastInspectedOn: inspectedOn,
  };
}

/**
 * The rectification deadline: required, and after the inspection day, when the result is
 * RECTIFICATION_REQUIRED; refused with any other result.
 */
export function checkRectificationDue(
  result: InspectionResult,
  inspectedOn: string,
  rectificationDueOn: string | null | undefined,
): string | null {
  const given = rectificationDueOn === null || rectificationDueOn === undefined ? null : rectificationDueOn;
  if (result !== 'RECTIFICATION_REQUIRED') {
    if (given === null) return null;
    throw new DemonstrationSiteException(
      DemonstrationSiteErrorCode.RectificationDueNotAllowed,
      `rectificationDueOn is only for a RECTIFICATION_REQUIRED result (got ${result})`,
      { field: 'rectificationDueOn' },
    );
  }
  if (given === null) {
    throw new DemonstrationSiteException(
      DemonstrationSiteErrorCode.RectificationDueRequired,
      'a RECTIFICATION_REQUIRED result needs rectificationDueOn, the day the rectification is due',
      { field: 'rectificationDueOn' },
    );
  }
  requiredCalendarDate(given, 'rectificationDueOn');
  if (given <= inspectedOn) {
    throw new DemonstrationSiteException(
      DemonstrationSiteErrorCode.RectificationDueNotAfterInspection,
      `rectificationDueOn ${given} must be after inspectedOn ${inspectedOn}`,
      { field: 'rectificationDueOn' },
    );
  }
  return given;
}

/** The latest inspection day that is not yet overdue `today`: anything before it is more than a year ago. */
export function overdueCutoff(today: string): string {
  return addDays(today, -INSPECTION_INTERVAL_DAYS);
}

/**
 * Whether a site is overdue for inspection `today` (the calendar day in China): more than 365 days since its last
 * inspection or, before its first, since its designation. A revoked site is never overdue: it is no longer reviewed.
 */
export function isInspectionOverdue(
  site: { status: DemonstrationSiteStatus; designatedOn: string; lastInspectedOn: string | null },
  today: string,
): boolean {
  if (site.status === 'REVOKED') return false;
  return (site.lastInspectedOn ?? site.designatedOn) < overdueCutoff(today);
}
