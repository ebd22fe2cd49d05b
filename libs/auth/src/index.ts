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

/** Whether `regionCode` lies in the caller's jurisdiction (its region or below); no region means province-wide. */
export function inJurisdiction(identity: Identity, regionCode: string): boolean {
  if (!identity.regionCode || hasRole(identity, 'admin')) return true;
  return regionCovers(identity.regionCode, regionCode);
}

/** Whether `regionCode` is `area` or lies below it in the administrative tree. */
export function regionCovers(area: string, regionCode: string): boolean {
  return regionCode.startsWith(regionPrefix(area));
}

/**
 * The prefix shared by every code in a region's subtree: GB/T 2260 codes are PPCCDD, so a province (PP0000)
 * covers PP, a prefecture (PPCC00) covers PPCC, and a county covers itself. Township (PPCCDDTTT) and village
 * (PPCCDDTTTVVV) codes extend their county's code, so they too cover whatever starts with them.
 */
export function regionPrefix(regionCode: string): string {
  if (regionCode.length !== 6) return regionCode;
  if (regionCode.endsWith('0000')) return regionCode.slice(0, 2);
  if (regionCode.endsWith('00')) return regionCode.slice(0, 4);
  return regionCode;
}
