import { createHash, createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import { AuthError, identityClaims, toIdentity, type Identity } from './identity';

/** Header carrying the gateway-signed identity from the gateway to subgraphs. */
export const IDENTITY_HEADER = 'x-emergency-identity';

/**
 * How long a forwarded identity is valid. The gateway signs it immediately before sending the one subgraph
 * request it was made for, so it only has to outlive the network hop and the subgraph reading the body.
 */
export const FORWARDED_IDENTITY_TTL_MS = 5_000;
/** Clock difference tolerated between the gateway and a subgraph (both run NTP-synchronised clocks). */
export const FORWARDED_IDENTITY_CLOCK_SKEW_MS = 1_000;

// Domain separation: a MAC made for anything else with the same secret never verifies as a forwarded identity.
const MAC_CONTEXT = 'emergency-forwarded-identity.v1.';
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The one subgraph request a forwarded identity is bound to. */
export interface ForwardedRequest {
  /** Subgraph name as composed in the supergraph (`incidents`), which is also the service's name. */
  subgraph: string;
  /** The JSON body of the request: `{ query, variables, operationName, ... }`, as sent or as received. */
  body: unknown;
}

interface Payload {
  sub: string;
  name?: string;
  roles: unknown;
  org?: string;
  region?: string;
  /** Subgraph the token is for. */
  sg: string;
  /** {@link forwardedBodyDigest} of the body it is for. */
  bh: string;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
  /** Random token id, so a subgraph can refuse a second use. */
  jti: string;
}

/** Sorts object keys so that the digest depends on the JSON value, not on the order a serialiser wrote it in. */
const sortedKeys = (_key: string, value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, (value as Record<string, unknown>)[k]]),
      )
    : value;

/** A value {@link canonicalJson} leaves to `JSON.stringify` with {@link sortedKeys}: it may have a `toJSON`. */
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * `JSON.stringify(value, sortedKeys)` for plain JSON values (what a parsed or about-to-be-serialised body holds),
 * written directly instead of through a replacer that copies every object. Returns {@link NOT_PLAIN} for anything
 * else (an object with another prototype, e.g. a Date), which the caller then serialises the general way.
 */
function canonicalJson(value: unknown): string | undefined | typeof NOT_PLAIN {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    case 'bigint':
      return NOT_PLAIN; // JSON.stringify refuses it
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || 'toJSON' in value) return NOT_PLAIN;
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = canonicalJson(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out += `${i === 0 ? '' : ','}${item ?? 'null'}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in (value as object)) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  let out = '{';
  let empty = true;
  for (const key of Object.keys(record).sort()) {
    // The replacer's sorted copy lists index-like keys ("0", "12") first, in numeric order: left to it.
    const lead = key.charCodeAt(0);
    if (lead >= 48 && lead <= 57) return NOT_PLAIN;
    const item = canonicalJson(record[key]);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item === undefined) continue;
    out += `${empty ? '' : ','}${JSON.stringify(key)}:${item}`;
    empty = false;
  }
  return `${out}}`;
}

/**
 * SHA-256 (base64url) of a request body's canonical JSON (keys sorted, no whitespace). The gateway computes it
 * over the object it serialises and the subgraph over what it parsed; both are the same JSON value, so the
 * digests agree whatever the key order or spacing on the wire, and differ for any other query or variables.
 */
export function forwardedBodyDigest(body: unknown): string {
  const canonical = canonicalJson(body ?? null);
  return createHash('sha256')
    .update(typeof canonical === 'string' ? canonical : JSON.stringify(body ?? null, sortedKeys))
    .digest('base64url');
}

const mac = (secret: string, encodedPayload: string) =>
  createHmac('sha256', secret).update(MAC_CONTEXT).update(encodedPayload).digest('base64url');

const TOKEN_ID_BYTES = 12;
/** Random bytes for token ids, drawn from the system's CSPRNG in batches: each id uses its own, never again. */
const tokenIdPool = Buffer.alloc(TOKEN_ID_BYTES * 256);
let tokenIdOffset = tokenIdPool.length;

/** A fresh unguessable token id: 96 random bits, base64url. */
function newTokenId(): string {
  if (tokenIdOffset + TOKEN_ID_BYTES > tokenIdPool.length) {
    randomFillSync(tokenIdPool);
    tokenIdOffset = 0;
  }
  const id = tokenIdPool.toString('base64url', tokenIdOffset, tokenIdOffset + TOKEN_ID_BYTES);
  tokenIdOffset += TOKEN_ID_BYTES;
  return id;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Signs `identity` for exactly one subgraph request: the token names the subgraph, carries the digest of the
 * request body and expires after {@link FORWARDED_IDENTITY_TTL_MS}. Format: `<payload>.<mac>`, both base64url,
 * the MAC an HMAC-SHA256 with the shared `GATEWAY_IDENTITY_SECRET`.
 */
export function signForwardedIdentity(
  identity: Identity,
  secret: string,
  request: ForwardedRequest,
  nowMs = Date.now(),
): string {
  const payload: Payload = {
    sub: identity.subject,
    ...(identityClaims(identity) as Pick<Payload, 'roles' | 'name' | 'org' | 'region'>),
    sg: request.subgraph,
    bh: forwardedBodyDigest(request.body),
    exp: nowMs + FORWARDED_IDENTITY_TTL_MS,
    jti: newTokenId(),
  };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${mac(secret, encoded)}`;
}

/** What a verified forwarded identity says, with what a replay check needs. */
export interface VerifiedForwardedIdentity {
  identity: Identity;
  tokenId: string;
  expiresAtMs: number;
}

function decodePayload(encoded: string): Payload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('invalid forwarded identity: malformed payload');
  }
  const p = parsed as Partial<Payload> | null;
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.sub !== 'string' ||
    typeof p.sg !== 'string' ||
    typeof p.bh !== 'string' ||
    typeof p.jti !== 'string' ||
    typeof p.exp !== 'number' ||
    !Number.isFinite(p.exp)
  ) {
    throw new AuthError('invalid forwarded identity: malformed payload');
  }
  return p as Payload;
}

/**
 * Checks a forwarded identity against the request it arrived with and returns who it names. Throws
 * {@link AuthError} for a bad signature (compared in constant time), an expired token or one valid for longer
 * than the gateway ever signs, a token made for another subgraph, or one made for another request body.
 * It does not remember tokens; {@link ForwardedIdentityVerifier} adds the refusal of a second use.
 */
export function verifyForwardedIdentity(
  token: string,
  secret: string,
  request: ForwardedRequest,
  nowMs = Date.now(),
): VerifiedForwardedIdentity {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  if (parts.length !== 2 || !parts.every((part) => BASE64URL.test(part))) {
    throw new AuthError('invalid forwarded identity: malformed token');
  }
  const [encoded, signature] = parts as [string, string];
  if (!sameText(mac(secret, encoded), signature)) {
    throw new AuthError('invalid forwarded identity: bad signature');
  }
  const payload = decodePayload(encoded);
  if (nowMs > payload.exp + FORWARDED_IDENTITY_CLOCK_SKEW_MS) {
    throw new AuthError('invalid forwarded identity: expired');
  }
  if (payload.exp > nowMs + FORWARDED_IDENTITY_TTL_MS + FORWARDED_IDENTITY_CLOCK_SKEW_MS) {
    throw new AuthError('invalid forwarded identity: valid for longer than the gateway signs');
  }
  if (payload.sg !== request.subgraph) {
    throw new AuthError('invalid forwarded identity: made for another subgraph');
  }
  if (!sameText(payload.bh, forwardedBodyDigest(request.body))) {
    throw new AuthError('invalid forwarded identity: made for another request');
  }
  return {
    identity: toIdentity({
      sub: payload.sub,
      roles: payload.roles,
      name: payload.name,
      org: payload.org,
      region: payload.region,
    }),
    tokenId: payload.jti,
    expiresAtMs: payload.exp,
  };
}

/**
 * A subgraph's check of forwarded identities: {@link verifyForwardedIdentity} for this subgraph, plus the refusal
 * of a token already used at this process. The memory of used tokens lasts only as long as they are valid, so it
 * holds at most a few seconds' worth of requests.
 */
export class ForwardedIdentityVerifier {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly secret: string,
    /** This subgraph's name. */
    readonly subgraph: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The identity `token` carries for a request with this `body`; throws {@link AuthError} otherwise. */
  verify(token: string, body: unknown): Identity {
    const nowMs = this.now();
    const verified = verifyForwardedIdentity(token, this.secret, { subgraph: this.subgraph, body }, nowMs);
    this.forgetExpired(nowMs);
    if (this.used.has(verified.tokenId)) {
      throw new AuthError('invalid forwarded identity: already used');
    }
    this.used.set(verified.tokenId, verified.expiresAtMs);
    return verified.identity;
  }

  private forgetExpired(nowMs: number) {
    // Tokens arrive roughly in the order they were signed, so the oldest come first; a straggler is dropped later.
    for (const [id, expiresAtMs] of this.used) {
      if (expiresAtMs + FORWARDED_IDENTITY_CLOCK_SKEW_MS >= nowMs) return;
      this.used.delete(id);
    }
  }
}
