import type { ReserveLevel } from './reserve-point.entity';

/** Which tier of GB/T 2260 a 6-digit region code names. */
export type RegionTier = 'PROVINCE' | 'PREFECTURE' | 'COUNTY';

export function regionTierOf(regionCode: string): RegionTier {
  if (regionCode.endsWith('0000')) return 'PROVINCE';
  if (regionCode.endsWith('00')) return 'PREFECTURE';
  return 'COUNTY';
}

/**
 * The region tiers a point of `level` may be registered in: a provincial reserve in a province's code, a
 * prefecture's in a prefecture's, a county's in a county's; a township point in its county's code (townships have
 * no 6-digit code); a central depot anywhere (the central relief depots sit in provinces: 武汉 among the ten of the
 * 2006 national relief plan).
 */
export const REGION_TIERS_OF_LEVEL: Record<ReserveLevel, readonly RegionTier[]> = {
  CENTRAL: ['PROVINCE', 'PREFECTURE', 'COUNTY'],
  PROVINCIAL: ['PROVINCE'],
  PREFECTURAL: ['PREFECTURE'],
  COUNTY: ['COUNTY'],
  TOWNSHIP: ['COUNTY'],
};

/** Whether a point of `level` fits `regionCode`'s tier. */
export function levelFitsRegion(level: ReserveLevel, regionCode: string): boolean {
  return REGION_TIERS_OF_LEVEL[level].includes(regionTierOf(regionCode));
}

/** What an estimate needs of a delivery rule. */
export interface RoadSpeedRule {
  /** Kilometres of straight-line distance covered per hour on the road. */
  roadSpeedKmh: number;
}

/** Hours to bring goods `distanceMetres` (straight line) by `rule`'s road-speed factor. */
export function estimatedHours(distanceMetres: number, rule: RoadSpeedRule): number {
  if (!(distanceMetres >= 0)) throw new RangeError(`a distance is 0 metres or more, not ${distanceMetres}`);
  if (!(rule.roadSpeedKmh > 0))
    throw new RangeError(`a road speed is above 0 km/h, not ${rule.roadSpeedKmh}`);
  return distanceMetres / 1000 / rule.roadSpeedKmh;
}

/** Whether goods `distanceMetres` away arrive within the rule's first-batch target (none: no target to meet). */
export function withinFirstBatchTarget(
  distanceMetres: number,
  rule: RoadSpeedRule & { firstBatchHours: number | null },
): boolean | null {
  if (rule.firstBatchHours === null) return null;
  return estimatedHours(distanceMetres, rule) <= rule.firstBatchHours;
}
