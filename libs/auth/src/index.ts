import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

/** What a caller may do. `auditor` reads everything in its jurisdiction and changes nothing. */
export const ROLES = ['admin', 'operator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as the gateway verified it and forwards it to every subgraph. */
export interface Identity {
  subject: string;
  name?: string;
  roles: Role[];
  /** The organisation the caller acts for, if any. */
  organisationId?: string;
  /** GB/T 2260 code of the caller's jurisdiction; scoping covers its whole subtree. */
  regionCode?: string;
}

/** Header carrying the gateway-signed identity from the gateway to subgraphs. */
export const IDENTITY_HEADER = 'x-emergency-identity';
const FORWARD_ISSUER = 'emergency-gateway';
const FORWARD_AUDIENCE = 'emergency-subgraphs';
/** Forwarded identity lives only as long as one gateway request plausibly takes. */
const FORWARD_TTL = '60s';

export class AuthError extends Error {
  override name = 'AuthError';
}

const key = (secret: string) => new TextEncoder().encode(secret);

function toIdentity(payload: JWTPayload): Identity {
  const roles = Array.isArray(payload.roles) ? payload.roles : [];
  const valid = roles.filter(
    (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
  );
  if (!payload.sub) throw new AuthError('token has no subject');
  if (valid.length === 0)
    throw new AuthError(`token carries no known role (expected one of ${ROLES.join(', ')})`);
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    subject: payload.sub,
    name: text(payload.name),
    roles: valid,
    organisationId: text(payload.org),
    regionCode: text(payload.region),
  };
}

function claims(identity: Identity): JWTPayload {
  return {
    roles: identity.roles,
    ...(identity.name ? { name: identity.name } : {}),
    ...(identity.organisationId ? { org: identity.organisationId } : {}),
    ...(identity.regionCode ? { region: identity.regionCode } : {}),
  };
}

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
  return new SignJWT(claims(identity))
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(settings.expiresIn ?? '8h')
    .sign(key(settings.secret));
}

/** Signs the identity the gateway forwards; subgraphs accept calls only with a valid one. */
export async function signForwardedIdentity(identity: Identity, secret: string): Promise<string> {
  return new SignJWT(claims(identity))
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(FORWARD_ISSUER)
    .setAudience(FORWARD_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(FORWARD_TTL)
    .sign(key(secret));
}

export async function verifyForwardedIdentity(token: string, secret: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: FORWARD_ISSUER,
      audience: FORWARD_AUDIENCE,
      algorithms: ['HS256'],
    });
    return toIdentity(payload);
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw new AuthError(`invalid forwarded identity: ${(error as Error).message}`);
  }
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
