import type { IndicatorMeasure, UnmetRecord } from './compliance-indicator';

/** An item of a scoring sheet: one indicator scored out of `points`. */
export interface SheetItem {
  readonly regionPrefix: string;
  readonly key: string;
  readonly indicator: string;
  readonly title: string;
  readonly points: number;
  readonly basis: string;
  readonly position: number;
}

/** How many unmet records an item's score lists (the count is always whole). */
export const UNMET_SHOWN = 50;

/** An item's score: `met` of `due` obligations, earning `hundredths` of a point out of the item's points × 100. */
export interface ItemScore {
  readonly item: SheetItem;
  readonly due: number;
  readonly met: number;
  readonly hundredths: number;
  readonly unmet: readonly UnmetRecord[];
  readonly unmetCount: number;
}

/**
 * The points earned in hundredths, rounded half up: the item's points in proportion to the obligations met. An
 * organisation with nothing due on an item earns its points: it missed nothing.
 */
export function earnedHundredths(points: number, due: number, met: number): number {
  if (due === 0) return points * 100;
  return Math.floor((points * 100 * Math.min(met, due) * 2 + due) / (2 * due));
}

/** The score of one item over the measures of one or more organisations (a region's sum). */
export function scoreItem(item: SheetItem, measures: readonly IndicatorMeasure[]): ItemScore {
  const due = measures.reduce((sum, m) => sum + m.due, 0);
  const met = measures.reduce((sum, m) => sum + m.met, 0);
  return {
    item,
    due,
    met,
    hundredths: earnedHundredths(item.points, due, met),
    unmet: measures.flatMap((m) => m.unmet).slice(0, UNMET_SHOWN),
    unmetCount: due - met,
  };
}

/** A sheet's total in hundredths and its maximum in points. */
export function total(scores: readonly ItemScore[]): { hundredths: number; maxScore: number } {
  return {
    hundredths: scores.reduce((sum, s) => sum + s.hundredths, 0),
    maxScore: scores.reduce((sum, s) => sum + s.item.points, 0),
  };
}

/** The regions one level below `regionCode` among `codes` (a province's prefectures, a prefecture's counties). */
export function childRegions(regionCode: string, codes: readonly string[]): string[] {
  if (regionCode.endsWith('0000'))
    return codes.filter((c) => c !== regionCode && c.startsWith(regionCode.slice(0, 2)) && c.endsWith('00'));
  if (regionCode.endsWith('00'))
    return codes.filter((c) => c !== regionCode && c.startsWith(regionCode.slice(0, 4)));
  return codes.filter((c) => c === regionCode);
}
