import type { Identity } from '@emergency/auth';
import type { RequestContext } from './context';
import { jurisdictionRelation, requireJurisdiction, visibleRegionPrefix } from './jurisdiction';

const ctx = (identity: Identity): RequestContext => ({ identity, correlationId: 'c', loaders: new Map() });
const county = ctx({ subject: 'o', roles: ['operator'], regionCode: '421121' });
const province = ctx({ subject: 'a', roles: ['auditor'] });

describe(visibleRegionPrefix.name, () => {
  it('narrows a wider request to the caller’s jurisdiction and keeps a narrower one', () => {
    expect(visibleRegionPrefix(county, '421100')).toBe('421121');
    expect(visibleRegionPrefix(county, '421121100')).toBe('421121100');
    expect(visibleRegionPrefix(county, undefined)).toBe('421121');
  });

  it('answers null when the request and the jurisdiction do not overlap, undefined when nothing limits', () => {
    expect(visibleRegionPrefix(county, '420900')).toBeNull();
    expect(visibleRegionPrefix(province, undefined)).toBeUndefined();
    expect(visibleRegionPrefix(province, '420000')).toBe('42');
  });
});

describe(requireJurisdiction.name, () => {
  it('refuses a region outside the caller’s subtree with OUTSIDE_JURISDICTION naming the field', () => {
    expect(() => requireJurisdiction(county, '421121100', 'regionCode')).not.toThrow();
    expect(() => requireJurisdiction(county, '421122', 'regionCode')).toThrow(
      expect.objectContaining({ extensions: { code: 'OUTSIDE_JURISDICTION', field: 'regionCode' } }),
    );
  });
});

describe(jurisdictionRelation.name, () => {
  it('tells regions within, above and beside a county operator’s jurisdiction apart', () => {
    const tuanfeng = county.identity;
    expect(jurisdictionRelation(tuanfeng, '421121')).toBe('WITHIN');
    expect(jurisdictionRelation(tuanfeng, '421121100')).toBe('WITHIN'); // a township of the county
    expect(jurisdictionRelation(tuanfeng, '421100')).toBe('ABOVE'); // Huanggang, the prefecture
    expect(jurisdictionRelation(tuanfeng, '420000')).toBe('ABOVE'); // Hubei
    expect(jurisdictionRelation(tuanfeng, '421122')).toBe('BESIDE'); // Hong'an, a sibling county
    expect(jurisdictionRelation(tuanfeng, '420900')).toBe('BESIDE'); // Xiaogan, another prefecture
    expect(jurisdictionRelation(tuanfeng, '420902')).toBe('BESIDE');
  });

  it('puts a township operator’s county above it, and everything within reach of a province-wide caller', () => {
    const township = { subject: 't', roles: ['operator' as const], regionCode: '421121100' };
    expect(jurisdictionRelation(township, '421121')).toBe('ABOVE');
    expect(jurisdictionRelation(township, '421121101')).toBe('BESIDE');
    expect(jurisdictionRelation(province.identity, '421121')).toBe('WITHIN');
    expect(jurisdictionRelation({ subject: 'a', roles: ['admin'], regionCode: '421121' }, '420900')).toBe(
      'WITHIN',
    );
  });
});
