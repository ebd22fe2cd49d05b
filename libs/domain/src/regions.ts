/** GB/T 2260 administrative division code: six digits, the first (the area) 1 to 8. */
export const REGION_CODE = /^[1-8]\d{5}$/;

/**
 * A division code at any level: GB/T 2260's six digits (province, prefecture, county), extended by three for a
 * township and three more for a village or community (the statistical division codes that continue GB/T 2260).
 */
export const DIVISION_CODE = /^[1-8]\d{5}(\d{3}){0,2}$/;

/**
 * The prefix shared by every code in a region's subtree: GB/T 2260 codes are PPCCDD, so a province (PP0000)
 * covers PP, a prefecture (PPCC00) covers PPCC, and a county covers itself. Township (PPCCDDTTT) and village
 * (PPCCDDTTTVVV) codes extend their county's code, so they too cover whatever starts with them.
 */
export function regionPrefix(regionCode: string): string {
  if (regionCode.length !== 6) return regionCode;
  if (regionCode.endsWith('0000')) return regionCode.slice(0, 2);
  if (regionCode.endsWith('00')) return regionCode.slice(0, 4);
  return regionCode;
}

/** Whether `regionCode` is `area` or lies below it in the administrative tree. */
export function regionCovers(area: string, regionCode: string): boolean {
  return regionCode.startsWith(regionPrefix(area));
}
