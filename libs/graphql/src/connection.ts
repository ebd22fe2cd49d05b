import { encodeCursor, type Page } from '@emergency/paging';

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
