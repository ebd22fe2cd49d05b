import DataLoader from 'dataloader';
import type { Page } from '@emergency/paging';
import type { LoaderKey, RequestContext } from './context';

/**
 * Where the rows of a list field come from: every parent's first page at once, or one parent's later page; and
 * whose each row is, by `parentOf` or, where parents' rows overlap, by `isOf`.
 */
export type PageSource<T> = {
  /**
   * Up to `limit` rows of each of `parentIds`, in listing order, in one statement (a repository builds it with
   * `firstRowsOfEach` from `@emergency/paging`).
   */
  firstPages(parentIds: readonly string[], limit: number): Promise<T[]>;
  /** The one parent's page after `page.after`, with `LIMIT page.limit + 1`. */
  nextPage(): Promise<T[]>;
} & (
  | {
      /** Whose row `row` is. */
      parentOf(row: T): string;
      isOf?: never;
    }
  | {
      /**
       * Whether `row` is `parentId`'s, where parents' rows overlap (a region and a region below it share
       * villages). Each parent gets its first rows, in order, among all that `firstPages` returned.
       */
      isOf(row: T, parentId: string): boolean;
      parentOf?: never;
    }
);

/**
 * The rows of one parent's page of a list field (an allocation's procurements, a fund's allocations), up to
 * `page.limit + 1` of them for `toConnection`. The first page (no `after`) of every parent that asks `key` for a
 * page of the same `first` while one level of a query resolves is loaded in one call of `source.firstPages`, so a
 * list field costs one statement however many parents the query reaches; a page after a cursor, asked for one
 * parent, is loaded on its own. `key` names the field (`loaderKey<Row[]>('RescueTeam.members')`), and its
 * `variantOf` every other argument that changes its rows (`variantOf(MEMBERS, includeLeft)`).
 *
 * Pages are batched, never kept: a later read in the same request (after a mutation, say) loads them afresh, so
 * no write has to forget them.
 */
export function loadPage<T>(
  ctx: RequestContext,
  key: LoaderKey<T[]>,
  page: Page,
  parentId: string,
  source: PageSource<T>,
): Promise<T[]> {
  if (page.after) return source.nextPage();
  const name = `${key.name}:first:${page.limit}`;
  let pages = ctx.loaders.get(name) as DataLoader<string, T[]> | undefined;
  if (!pages) {
    pages = new DataLoader<string, T[]>(
      async (parentIds) => {
        const rows = await source.firstPages([...new Set(parentIds)], page.limit + 1);
        if (source.isOf) {
          const { isOf } = source;
          // A row of several parents ranks within each; the first limit + 1 of a parent's rows in the union of
          // every parent's first rows are its own first rows.
          return parentIds.map((id) => rows.filter((row) => isOf(row, id)).slice(0, page.limit + 1));
        }
        const byParent = new Map<string, T[]>();
        for (const row of rows) {
          const parent = source.parentOf(row);
          const own = byParent.get(parent);
          if (own) own.push(row);
          else byParent.set(parent, [row]);
        }
        return parentIds.map((id) => byParent.get(id) ?? []);
      },
      { cache: false },
    );
    ctx.loaders.set(name, pages as DataLoader<string, unknown>);
  }
  return pages.load(parentId);
}
