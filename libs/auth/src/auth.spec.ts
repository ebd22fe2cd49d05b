import {
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
