import { REGION_LEVELS, type RegionLevel } from './region.entity';

/**
 * The level a division code stands for, read off the code itself: GB/T 2260 codes are PPCCDD, where a province
 * ends in 0000 and a prefecture in 00; townships add three digits and villages three more.
 */
export function levelOf(code: string): RegionLevel {
  if (code.length === 12) return 'VILLAGE';
  if (code.length === 9) return 'TOWNSHIP';
  if (code.endsWith('0000')) return 'PROVINCE';
  return code.endsWith('00') ? 'PREFECTURE' : 'COUNTY';
}

/** The codes of the divisions above `code`, province first: 421121100 -> 420000, 421100, 421121. */
export function ancestorsOf(code: string): string[] {
  const depth = REGION_LEVELS.indexOf(levelOf(code));
  return [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code.slice(0, 6), code.slice(0, 9)].slice(
    0,
    depth,
  );
}
