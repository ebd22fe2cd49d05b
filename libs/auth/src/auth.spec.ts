import {
  inJurisdiction,
  regionPrefix,
  signForwardedIdentity,
  signUserToken,
  verifyForwardedIdentity,
  verifyUserToken,
  type Identity,
} from './index';

const settings = { secret: 's'.repeat(32), issuer: 'test', audience: 'supergraph' };
const operator: Identity = {
  subject: 'u1',
  roles: ['operator'],
  regionCode: '421100',
  organisationId: 'org-1',
};

describe('tokens', () => {
  it('verifies a caller token and keeps roles, organisation and region', async () => {
    const identity = await verifyUserToken(await signUserToken(operator, settings), settings);
    expect(identity).toMatchObject(operator);
  });

  it('rejects a token signed with another key, for another audience, or without a known role', async () => {
    const other = await signUserToken(operator, { ...settings, secret: 'x'.repeat(32) });
    await expect(verifyUserToken(other, settings)).rejects.toThrow(/invalid token/);
    const elsewhere = await signUserToken(operator, { ...settings, audience: 'other' });
    await expect(verifyUserToken(elsewhere, settings)).rejects.toThrow(/aud/);
    const roleless = await signUserToken({ subject: 'x', roles: [] }, settings);
    await expect(verifyUserToken(roleless, settings)).rejects.toThrow(/no known role/);
  });

  it('does not accept a caller token as a forwarded identity, even with the same key', async () => {
    const request = { subgraph: 'incidents', body: { query: '{ incidents { edges { cursor } } }' } };
    const userToken = await signUserToken(operator, settings);
    expect(() => verifyForwardedIdentity(userToken, settings.secret, request)).toThrow(/forwarded identity/);
    const forwarded = signForwardedIdentity(operator, settings.secret, request);
    expect(verifyForwardedIdentity(forwarded, settings.secret, request).identity).toMatchObject(operator);
  });
});

describe('jurisdiction', () => {
  it('derives the subtree prefix from the level of a GB/T 2260 code', () => {
    expect(regionPrefix('420000')).toBe('42');
    expect(regionPrefix('421100')).toBe('4211');
    expect(regionPrefix('421102')).toBe('421102');
  });

  it('treats township and village codes as covering only what extends them', () => {
    // 团风镇 (a township whose code ends in 100) must not widen to its prefecture.
    expect(regionPrefix('421121100')).toBe('421121100');
    expect(regionPrefix('421121100200')).toBe('421121100200');
    const township = { subject: 't', roles: ['operator' as const], regionCode: '421121100' };
    expect(inJurisdiction(township, '421121100201')).toBe(true);
    expect(inJurisdiction(township, '421121101201')).toBe(false);
    expect(inJurisdiction(operator, '421121100201')).toBe(true);
  });

  it('lets a prefecture operator act in its counties only; admins and unscoped auditors everywhere', () => {
    expect(inJurisdiction(operator, '421102')).toBe(true);
    expect(inJurisdiction(operator, '420900')).toBe(false);
    expect(inJurisdiction({ subject: 'a', roles: ['auditor'] }, '420900')).toBe(true);
    expect(inJurisdiction({ subject: 'a', roles: ['admin'], regionCode: '421100' }, '420900')).toBe(true);
  });
});
