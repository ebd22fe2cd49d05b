import { estimatedHours, levelFitsRegion, regionTierOf, withinFirstBatchTarget } from './reserve-rules';

describe('reserve rules', () => {
  it('reads the tier of a region code', () => {
    expect(regionTierOf('420000')).toBe('PROVINCE');
    expect(regionTierOf('421100')).toBe('PREFECTURE');
    expect(regionTierOf('421121')).toBe('COUNTY');
  });

  it('fits each level to its tier; a central depot anywhere, a township point in its county', () => {
    expect(levelFitsRegion('PROVINCIAL', '420000')).toBe(true);
    expect(levelFitsRegion('PROVINCIAL', '420100')).toBe(false);
    expect(levelFitsRegion('PREFECTURAL', '421100')).toBe(true);
    expect(levelFitsRegion('PREFECTURAL', '421121')).toBe(false);
    expect(levelFitsRegion('COUNTY', '421121')).toBe(true);
    expect(levelFitsRegion('COUNTY', '421100')).toBe(false);
    expect(levelFitsRegion('TOWNSHIP', '421121')).toBe(true);
    expect(levelFitsRegion('TOWNSHIP', '420000')).toBe(false);
    for (const code of ['420000', '420100', '421121']) expect(levelFitsRegion('CENTRAL', code)).toBe(true);
  });

  it('estimates hours from the road-speed factor, and checks the first-batch target at its boundary', () => {
    expect(estimatedHours(0, { roadSpeedKmh: 40 })).toBe(0);
    expect(estimatedHours(240_000, { roadSpeedKmh: 40 })).toBe(6);
    expect(withinFirstBatchTarget(240_000, { roadSpeedKmh: 40, firstBatchHours: 6 })).toBe(true);
    expect(withinFirstBatchTarget(240_001, { roadSpeedKmh: 40, firstBatchHours: 6 })).toBe(false);
    expect(withinFirstBatchTarget(1, { roadSpeedKmh: 40, firstBatchHours: null })).toBeNull();
    expect(() => estimatedHours(-1, { roadSpeedKmh: 40 })).toThrow(RangeError);
    expect(() => estimatedHours(1, { roadSpeedKmh: 0 })).toThrow(RangeError);
  });
});
