import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import {
  AuthError,
  hasRole,
  IDENTITY_HEADER,
  type ForwardedIdentityVerifier,
  type Identity,
  type Role,
} from '@emergency/auth';
import { CORRELATION_HEADER } from '@emergency/observability';
import { UUID } from '@emergency/domain';
import { forbidden, unauthenticated } from './errors';

export { CORRELATION_HEADER };

/** Per-request state every subgraph resolver gets: who is calling, the correlation id, request-scoped loaders. */
export interface RequestContext {
  identity: Identity;
  correlationId: string;
  loaders: Map<string, DataLoader<string, unknown>>;
}

/** What the context needs of the HTTP request: method, headers and the parsed JSON body. */
interface IncomingRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

const header = (req: IncomingRequest, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Builds the context of a subgraph request, refusing any request (queries, mutations and `_entities` alike)
 * that does not carry an identity the gateway signed for this very request: this subgraph, this body. Only POST
 * is accepted, because a GET request's operation is in the URL, which the identity does not cover.
 */
export async function subgraphContext(
  req: IncomingRequest,
  identities: ForwardedIdentityVerifier,
): Promise<RequestContext> {
  const token = header(req, IDENTITY_HEADER);
  if (!token) throw unauthenticated('Subgraphs only answer requests routed through the gateway');
  if (req.method !== 'POST') throw unauthenticated('Subgraphs only answer POST requests from the gateway');
  try {
    const identity = identities.verify(token, req.body);
    return { identity, correlationId: header(req, CORRELATION_HEADER) ?? randomUUID(), loaders: new Map() };
  } catch (error) {
    throw unauthenticated(error instanceof AuthError ? error.message : 'invalid forwarded identity');
  }
}

/**
 * The name of a request-scoped loader and the type of what it loads for an id: declared once, next to the
 * service that loads it (`const ORGANISATIONS = loaderKey<OrganisationEntity>('Organisation')`), and passed to
 * {@link loader}, {@link loadById} and {@link loadGroup} to read, and to {@link forget} (or `write`'s `forgets`)
 * to drop what a write changed. The type follows the key, so a loader cannot be read as something else.
 */
export interface LoaderKey<T> {
  readonly name: string;
  /** Never set: it only carries the type of what the loader yields. */
  readonly loads?: T;
}

/** A key of a loader that yields `T` for an id (for {@link loadGroup}, `T` is the array of a parent's rows). */
export function loaderKey<T>(name: string): LoaderKey<T> {
  return Object.freeze({ name });
}

/**
 * The key of one variant of `key`'s loader, for the arguments that change what it loads (a list field's filters):
 * `variantOf(MEMBERS, role, includeEnded)` is `LeadingGroup.members:LEADER:false`; null and undefined read as ''.
 */
export function variantOf<T>(
  key: LoaderKey<T>,
  ...args: readonly (string | number | boolean | null | undefined)[]
): LoaderKey<T> {
  return loaderKey<T>([key.name, ...args.map((arg) => arg ?? '')].join(':'));
}

/**
 * A request-scoped loader: every `load(id)` made while resolving one request is batched into one call of
 * `batch`, so resolving N entity references costs one query. `batch` may return rows in any order and omit ids.
 */
export function loader<T>(
  ctx: RequestContext,
  key: LoaderKey<T>,
  batch: (ids: readonly string[]) => Promise<T[]>,
  idOf: (row: T) => string,
): DataLoader<string, T | null> {
  let existing = ctx.loaders.get(key.name) as DataLoader<string, T | null> | undefined;
  if (!existing) {
    existing = new DataLoader<string, T | null>(async (ids) => {
      const rows = await batch(ids);
      const byId = new Map(rows.map((row) => [idOf(row), row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    ctx.loaders.set(key.name, existing as DataLoader<string, unknown>);
  }
  return existing;
}

/**
 * The row with `id`, loaded in one batch with every other id this request asks `key` for (`findByIds` may
 * return rows in any order and omit ids); null for an id that is not a UUID or not found. Reference resolvers and
 * lookups by id go through it, so an `_entities` call costs one statement per entity type.
 */
export function loadById<T extends { id: string }>(
  ctx: RequestContext,
  key: LoaderKey<T>,
  findByIds: (ids: readonly string[]) => Promise<T[]>,
  id: string,
): Promise<T | null> {
  if (!UUID.test(id)) return Promise.resolve(null);
  return loader(ctx, key, findByIds, (row) => row.id).load(id.toLowerCase());
}

/**
 * The rows belonging to `parentId` (an incident's funds, a group's members), loaded in one batch with those of
 * every other parent this request asks `key` for: `fetch` returns the rows of many parents at once, in the order
 * each parent's rows should keep, and `parentOf` says whose each row is.
 */
export async function loadGroup<T>(
  ctx: RequestContext,
  key: LoaderKey<T[]>,
  fetch: (parentIds: readonly string[]) => Promise<T[]>,
  parentOf: (row: T) => string,
  parentId: string,
): Promise<T[]> {
  // The loader holds each parent's rows with the parent's id, which is what `forget` drops by.
  const groups = loaderKey<{ id: string; rows: T[] }>(key.name);
  const group = await loader(
    ctx,
    groups,
    async (parentIds) => {
      const rows = await fetch(parentIds);
      return parentIds.map((id) => ({ id, rows: rows.filter((row) => parentOf(row) === id) }));
    },
    (g) => g.id,
  ).load(parentId);
  return group?.rows ?? [];
}

/**
 * What a write makes a request's loaders drop: everything a key has loaded, or only what it loaded for `ids`
 * (`{ key: FUNDS_BY_INCIDENT, ids: [incident.id] }`).
 */
export type Forget =
  | LoaderKey<unknown>
  | { readonly key: LoaderKey<unknown>; readonly ids: readonly string[] };

/**
 * Drops what this request's loaders hold for the given keys (and ids), so a read later in the same request (a
 * mutation's returned fields) loads it afresh instead of answering from before the write. Pages (`loadPage`)
 * are never held, so they need no forgetting.
 */
export function forget(ctx: RequestContext, ...forgets: readonly Forget[]): void {
  for (const f of forgets) {
    if ('key' in f) {
      const held = ctx.loaders.get(f.key.name);
      for (const id of f.ids) held?.clear(id);
    } else {
      ctx.loaders.delete(f.name);
    }
  }
}

export function requireRole(ctx: RequestContext, ...roles: Role[]): void {
  if (!hasRole(ctx.identity, ...roles)) {
    throw forbidden(
      `This needs one of the roles ${roles.join(', ')}; you have ${ctx.identity.roles.join(', ')}`,
    );
  }
}

/** Mutations: admins and operators change data; auditors are read-only. */
export const requireWriter = (ctx: RequestContext) => requireRole(ctx, 'admin', 'operator');

/**
 * FORBIDDEN unless the caller may act for one of `organisationIds` (`what` says who may): admins act for any, and so
 * does a caller who acts for no one organisation (a region's own desk); a caller acting for an organisation acts for
 * it alone. The caller's region is checked apart, by jurisdiction.
 */
export function requireActingFor(
  ctx: RequestContext,
  organisationIds: readonly (string | null | undefined)[],
  what: string,
): void {
  const acting = ctx.identity.organisationId;
  if (hasRole(ctx.identity, 'admin') || !acting || organisationIds.includes(acting)) return;
  throw forbidden(`${what}; you act for organisation ${acting}`);
}

/** The event context (correlation, actor) of whatever this request publishes. */
export function eventContext(ctx: RequestContext) {
  return {
    correlationId: ctx.correlationId,
    actorId: ctx.identity.subject,
    actorOrganisationId: ctx.identity.organisationId,
  };
}
