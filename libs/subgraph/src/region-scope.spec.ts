import { RegionScope } from './region-scope';

describe(RegionScope.name, () => {
  it('serves a province’s prefectures and counties, and nothing of another province', () => {
    const hubei = RegionScope.of('420000');
    for (const code of ['420000', '421100', '421121', '429005']) expect(hubei.has(code)).toBe(true);
    for (const code of ['110000', '110101', '429999', '421199']) expect(hubei.has(code)).toBe(false);
  });

  it('serves the divisions above a smaller scope, where the bodies above it sit, but not its neighbours', () => {
    const huanggang = RegionScope.of('421100,420900');
    for (const code of ['420000', '421100', '421121', '420902']) expect(huanggang.has(code)).toBe(true);
    expect(huanggang.has('421000')).toBe(false);
    const township = RegionScope.of('421121100');
    for (const code of ['420000', '421100', '421121']) expect(township.has(code)).toBe(true);
    expect(township.has('421122')).toBe(false);
  });

  it('serves nothing when the scope is none', () => {
    expect(RegionScope.of('none').has('420000')).toBe(false);
  });

  it('refuses a code outside the tree with REGION_NOT_FOUND naming the field', () => {
    expect(() => RegionScope.of('420000').require('110000', 'regionCode')).toThrow(
      expect.objectContaining({ extensions: { code: 'REGION_NOT_FOUND', field: 'regionCode' } }),
    );
    expect(() => RegionScope.of('420000').require('421100', 'regionCode')).not.toThrow();
  });

  it('lists the province, prefecture and county codes within a region, in code order', () => {
    const hubei = RegionScope.of('420000');
    const huanggang = hubei.codesUnder('421100');
    expect(huanggang[0]).toBe('421100');
    expect(huanggang).toHaveLength(12);
    expect(huanggang).toEqual(expect.arrayContaining(['421121', '421181']));
    expect(hubei.codesUnder('421121')).toEqual(['421121']);
    expect(hubei.codesUnder('420000')).toEqual(expect.arrayContaining(['420000', '421100', '421121']));
    expect(RegionScope.of('421100').codesUnder('420900')).toEqual([]);
  });
});
