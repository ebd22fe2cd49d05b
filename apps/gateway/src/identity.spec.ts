import type { Request } from 'express';
import { signUserToken, type Identity } from '@emergency/auth';
import { userTokenAuthenticator } from './identity';

const SETTINGS = {
  secret: 'unit-test-user-token-secret-0123456789abcdef',
  issuer: 'emergency-test',
  audience: 'emergency-supergraph',
};
const ADMIN: Identity = { subject: 'admin', roles: ['admin'] };
const OPERATOR: Identity = { subject: 'operator', roles: ['operator'], regionCode: '421100' };
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as Request;

describe(userTokenAuthenticator.name, () => {
  it("answers each token with its own caller's identity, every time", async () => {
    const sut = userTokenAuthenticator(SETTINGS);
    const admin = await signUserToken(ADMIN, SETTINGS);
    const operator = await signUserToken(OPERATOR, SETTINGS);
    for (let i = 0; i < 3; i++) {
      expect(await sut(bearer(admin))).toEqual(ADMIN);
      expect(await sut(bearer(operator))).toEqual(OPERATOR);
    }
  });

  it('refuses a token once it has expired, though it was accepted before', async () => {
    const sut = userTokenAuthenticator(SETTINGS);
    const token = await signUserToken(ADMIN, { ...SETTINGS, expiresIn: '1s' });
    expect(await sut(bearer(token))).toEqual(ADMIN);
    await new Promise((later) => setTimeout(later, 2100));
    await expect(sut(bearer(token))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token signed with another key each time, after a valid one was accepted', async () => {
    const sut = userTokenAuthenticator(SETTINGS);
    const valid = await signUserToken(ADMIN, SETTINGS);
    const forged = await signUserToken(ADMIN, {
      ...SETTINGS,
      secret: 'another-secret-of-enough-length-0123456789',
    });
    expect(await sut(bearer(valid))).toEqual(ADMIN);
    for (let i = 0; i < 2; i++) {
      await expect(sut(bearer(forged))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('hands out identities no request can change for the next', async () => {
    const sut = userTokenAuthenticator(SETTINGS);
    const token = await signUserToken(OPERATOR, SETTINGS);
    const identity = await sut(bearer(token));
    expect(Object.isFrozen(identity)).toBe(true);
    expect(Object.isFrozen(identity.roles)).toBe(true);
  });
});
