import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import {
  AuthError,
  hasRole,
  IDENTITY_HEADER,
  type ForwardedIdentityVerifier,
  type Identity,
  type Role,
} from '@emergency/auth';
import { CORRELATION_HEADER } from '@emergency/observability';
import { CommonErrorCode, forbidden } from './errors';
import { UUID } from './validation';

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

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: CommonErrorCode.Unauthenticated, http: { status: 401 } } });

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
 * A request-scoped loader: every `load(id)` made while resolving one request is batched into one call of
 * `batch`, so resolving N entity references costs one query. `batch` may return rows in any order and omit ids.
 */
export function loader<T>(
  ctx: RequestContext,
  name: string,
  batch: (ids: readonly string[]) => Promise<T[]>,
  idOf: (row: T) => string,
): DataLoader<string, T | null> {
  let existing = ctx.loaders.get(name) as DataLoader<string, T | null> | undefined;
  if (!existing) {
    existing = new DataLoader<string, T | null>(async (ids) => {
      const rows = await batch(ids);
      const byId = new Map(rows.map((row) => [idOf(row), row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    ctx.loaders.set(name, existing as DataLoader<string, unknown>);
  }
  return existing;
}

/**
 * The row with `id`, loaded in one batch with every other id this request asks `name` for (`findByIds` may
 * return rows in any order and omit ids); null for an id that is not a UUID or not found. Reference resolvers and
 * lookups by id go through it, so an `_entities` call costs one statement per entity type.
 */
export function loadById<T extends { id: string }>(
  ctx: RequestContext,
  name: string,
  findByIds: (ids: readonly string[]) => Promise<T[]>,
  id: string,
): Promise<T | null> {
  if (!UUID.test(id)) return Promise.resolve(null);
  return loader(ctx, name, findByIds, (row) => row.id).load(id.toLowerCase());
}

/**
 * The rows belonging to `parentId` (an incident's funds, a group's members), loaded in one batch with those of
 * every other parent this request asks `name` for: `fetch` returns the rows of many parents at once, in the order
 * each parent's rows should keep, and `parentOf` says whose each row is.
 */
export async function loadGroup<T>(
  ctx: RequestContext,
  name: string,
  fetch: (parentIds: readonly string[]) => Promise<T[]>,
  parentOf: (row: T) => string,
  parentId: string,
): Promise<T[]> {
  const group = await loader(
    ctx,
    name,
    async (parentIds) => {
      const rows = await fetch(parentIds);
      return parentIds.map((id) => ({ id, rows: rows.filter((row) => parentOf(row) === id) }));
    },
    (g) => g.id,
  ).load(parentId);
  return group?.rows ?? [];
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

/** The event context (correlation, actor) of whatever this request publishes. */
export function eventContext(ctx: RequestContext) {
  return {
    correlationId: ctx.correlationId,
    actorId: ctx.identity.subject,
    actorOrganisationId: ctx.identity.organisationId,
  };
}
