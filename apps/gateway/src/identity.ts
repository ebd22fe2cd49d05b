import type { Request } from 'express';
import { decodeJwt } from 'jose';
import { AuthError, verifyUserToken, type Identity, type UserTokenSettings } from '@emergency/auth';
import { unauthenticated } from '@emergency/graphql';

export interface GatewayContext {
  identity: Identity;
  correlationId: string;
}

/** Most verified tokens remembered; past it, the oldest is forgotten first. */
const MAX_REMEMBERED_TOKENS = 10_000;
/** How long a token with no expiry of its own is remembered before it is verified again. */
const NO_EXPIRY_REMEMBERED_MS = 60_000;

interface Verified {
  identity: Identity;
  /** When the token expires (ms since the epoch); it is verified anew from then on, and refused. */
  until: number;
}

/**
 * Checks every operation's bearer token (the supergraph has no anonymous fields). A caller sends the same token
 * with each request until it expires, so a verified token is remembered with its identity until its `exp`, at
 * most {@link MAX_REMEMBERED_TOKENS} of them: the HMAC is checked once per token instead of once per request.
 * Only tokens that passed every check are remembered; anything else is verified, and refused, each time.
 */
export function userTokenAuthenticator(
  settings: UserTokenSettings,
  now: () => number = Date.now,
): (req: Request) => Promise<Identity> {
  const verified = new Map<string, Verified>();

  const verify = async (token: string): Promise<Identity> => {
    const known = verified.get(token);
    if (known) {
      if (now() < known.until) return known.identity;
      verified.delete(token);
    }
    const identity = Object.freeze(await verifyUserToken(token, settings));
    Object.freeze(identity.roles);
    const { exp } = decodeJwt(token);
    const until = typeof exp === 'number' ? exp * 1000 : now() + NO_EXPIRY_REMEMBERED_MS;
    if (verified.size >= MAX_REMEMBERED_TOKENS) {
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    verified.set(token, { identity, until });
    return identity;
  };

  return async (req) => {
    const header = req.headers.authorization;
    if (!header) throw unauthenticated('Missing Authorization header: send "Authorization: Bearer <token>"');
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw unauthenticated('Authorization header must be "Bearer <token>"');
    }
    try {
      return await verify(token);
    } catch (error) {
      throw unauthenticated(error instanceof AuthError ? error.message : 'invalid token');
    }
  };
}
