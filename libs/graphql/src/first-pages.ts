import { loadGroup, type RequestContext } from './context';
import type { Page } from './pagination';

/** Where the rows of a list field come from: every parent's first page at once, or one parent's later page. */
export interface PageSource<T> {
  /**
   * Up to `limit` rows of each of `parentIds`, in listing order, in one statement (a repository builds it with
   * `firstRowsOfEach` from `@emergency/database`).
   */
  firstPages(parentIds: readonly string[], limit: number): Promise<T[]>;
  /** Whose row `row` is. */
  parentOf(row: T): string;
  /** The one parent's page after `page.after`, with `LIMIT page.limit + 1`. */
  nextPage(): Promise<T[]>;
}

/**
 * The rows of one parent's page of a list field (an allocation's procurements, a fund's allocations), up to
 * `page.limit + 1` of them for `toConnection`. The first page (no `after`) of every parent this request asks
 * `name` for with the same `first` is loaded in one call of `source.firstPages`, so a list field costs one
 * statement however many parents the query reaches; a page after a cursor, asked for one parent, is loaded on its
 * own. `name` names the field, then every other argument that changes its rows after a colon
 * (`RescueTeam.members:true`).
 */
export function loadPage<T>(
  ctx: RequestContext,
  name: string,
  page: Page,
  parentId: string,
  source: PageSource<T>,
): Promise<T[]> {
  if (page.after) return source.nextPage();
  return loadGroup(
    ctx,
    `${name}:first:${page.limit}`,
    (parentIds) => source.firstPages(parentIds, page.limit + 1),
    source.parentOf,
    parentId,
  );
}

/**
 * Forgets the first pages this request has loaded for the field `name`, whatever their `first` and other
 * arguments (`RescueTeam.members` forgets `RescueTeam.members:true` too): a write that changes a parent's list
 * calls it, so a field read later in the same request sees the change.
 */
export function forgetPages(ctx: RequestContext, name: string): void {
  for (const key of ctx.loaders.keys()) {
    if (key.startsWith(`${name}:`)) ctx.loaders.delete(key);
  }
}
