import { badInput } from './errors';
import { UUID } from './validation';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  /** Decoded sort key of the last row the caller saw, or undefined for the first page. */
  after?: string[];
}

/** Validates `first`/`after` into a limit and a decoded keyset position. */
export function readPage(args: PageArgs): Page {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE} (got ${limit})`, 'first');
  }
  return { limit, after: args.after ? decodeCursor(args.after) : undefined };
}

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0 && key.every((part) => typeof part === 'string')) return key;
  } catch {
    // fall through
  }
  throw badInput('after is not a cursor returned by this API', 'after');
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

/**
 * Builds a connection from rows fetched with `LIMIT page.limit + 1` in keyset order; the extra row only tells
 * whether there is a next page.
 */
export function toConnection<T>(rows: T[], page: Page, keyOf: (row: T) => string[]): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** A keyset position of rows ordered by a timestamp, then id: `[ISO time, uuid]` in a cursor. */
export interface TimeKey {
  at: Date;
  id: string;
}

export const timeKeyOf = (at: Date, id: string) => [at.toISOString(), id];

/** The {@link TimeKey} in a page's `after`, or BAD_USER_INPUT when the cursor holds anything else. */
export function readTimeKey(page: Page): TimeKey | undefined {
  if (!page.after) return undefined;
  const [iso, id] = page.after;
  const at = new Date(iso ?? '');
  if (page.after.length !== 2 || Number.isNaN(at.getTime()) || !UUID.test(id ?? '')) {
    throw badInput('after is not a cursor returned by this connection', 'after');
  }
  return { at, id: id! };
}

/**
 * The decoded `after` key of a keyset connection whose keys have `length` parts, the last an id (a UUID unless
 * `idIsUuid` is false); BAD_USER_INPUT for a cursor of another connection.
 */
export function afterKey(page: Page, length: number, idIsUuid = true): string[] | undefined {
  if (!page.after) return undefined;
  const last = page.after.at(-1) ?? '';
  if (page.after.length !== length || (idIsUuid && !UUID.test(last))) {
    throw badInput('after is not a cursor returned by this connection', 'after');
  }
  return page.after;
}
