import type { Identity } from '@emergency/auth';
import type { RequestContext } from './context';
import { requireJurisdiction } from './jurisdiction';

const ctx = (identity: Identity): RequestContext => ({ identity, correlationId: 'c', loaders: new Map() });
const county = ctx({ subject: 'o', roles: ['operator'], regionCode: '421121' });

describe(requireJurisdiction.name, () => {
  it('refuses a region outside the caller’s subtree with OUTSIDE_JURISDICTION naming the field', () => {
    expect(() => requireJurisdiction(county, '421121100', 'regionCode')).not.toThrow();
    expect(() => requireJurisdiction(county, '421122', 'regionCode')).toThrow(
      expect.objectContaining({ extensions: { code: 'OUTSIDE_JURISDICTION', field: 'regionCode' } }),
    );
  });
});
