import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { AuthError, identityClaims, toIdentity, type Identity, type Role } from './identity';

export { ROLES, AuthError, type Role, type Identity } from './identity';
export * from './forwarded-identity';

const key = (secret: string) => new TextEncoder().encode(secret);

export interface UserTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
}

/** Verifies a caller's bearer token (HS256) at the gateway. Throws {@link AuthError} with the reason. */
export async function verifyUserToken(token: string, settings: UserTokenSettings): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(settings.secret), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['HS256'],
    });
    return toIdentity(payload);
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw new AuthError(`invalid token: ${(error as Error).message}`);
  }
}

/** Issues a caller token; used by the dev token command and tests (production tokens come from the IdP). */
export async function signUserToken(
  identity: Identity,
  settings: UserTokenSettings & { expiresIn?: string },
): Promise<string> {
  return new SignJWT(identityClaims(identity) as JWTPayload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(settings.expiresIn ?? '8h')
    .sign(key(settings.secret));
}

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.some((role) => roles.includes(role));
}
