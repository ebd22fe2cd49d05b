import type { Identity } from '@emergency/auth';
import type { RequestContext } from './context';
import { OUTSIDE_JURISDICTION, requireJurisdiction, visibleRegionPrefix } from './jurisdiction';

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
      expect.objectContaining({ extensions: { code: OUTSIDE_JURISDICTION, field: 'regionCode' } }),
    );
  });
});
