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

export class AuthError extends Error {
  override name = 'AuthError';
}

/** Claims as caller tokens and forwarded identities both carry them. */
export interface IdentityClaims {
  sub?: unknown;
  roles?: unknown;
  name?: unknown;
  org?: unknown;
  region?: unknown;
}

export function toIdentity(payload: IdentityClaims): Identity {
  const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]) : [];
  const valid = roles.filter(
    (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
  );
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('token has no subject');
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

export function identityClaims(identity: Identity): {
  roles: Role[];
  name?: string;
  org?: string;
  region?: string;
} {
  return {
    roles: identity.roles,
    ...(identity.name ? { name: identity.name } : {}),
    ...(identity.organisationId ? { org: identity.organisationId } : {}),
    ...(identity.regionCode ? { region: identity.regionCode } : {}),
  };
}
