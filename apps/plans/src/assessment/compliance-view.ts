import { requiredCalendarDate, requiredRegionCode, type RequestContext } from '@emergency/graphql';
import { visibleRegionPrefix } from '@emergency/domain';

/** What a compliance view (`overduePlans`, `undrilledUnits`, `hazardsPastDeadline`, ...) looks at. */
export interface ComplianceScope {
  /** The day asked about, YYYY-MM-DD in China time: `asOf`, or today. */
  readonly day: string;
  /** The code prefix of the part of the region the caller may see; null when it sees none of it. */
  readonly prefix: string | null;
}

/** The scope of a view of `regionCode` as of `asOf` (today when not given), within the caller's jurisdiction. */
export function complianceScope(
  ctx: RequestContext,
  regionCode: string,
  asOf: string | null | undefined,
  today: string,
): ComplianceScope {
  requiredRegionCode(regionCode, 'regionCode');
  const day = asOf ? requiredCalendarDate(asOf, 'asOf') : today;
  return { day, prefix: visibleRegionPrefix(ctx.identity, regionCode) ?? null };
}
