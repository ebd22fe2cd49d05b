import type { Identity } from '@emergency/auth';
import { encodeCursor, readPage } from '@emergency/paging';
import { loaderKey, loadPage, variantOf, type PageSource, type RequestContext } from './index';

const ctx = (): RequestContext => ({
  identity: { subject: 'u', roles: ['admin'] } satisfies Identity,
  correlationId: 'c',
  loaders: new Map(),
});

interface Row {
  parent: string;
  n: number;
}

const F = loaderKey<Row[]>('F');
const V = loaderKey<string[]>('V');

/** Rows 1..3 of parents a, b and c; records every call. */
function source(after: Row[] = []) {
  const calls: { parentIds: string[]; limit: number }[] = [];
  let nextPages = 0;
  const rows: Row[] = ['a', 'b', 'c'].flatMap((parent) => [1, 2, 3].map((n) => ({ parent, n })));
  const of: PageSource<Row> = {
    firstPages: (parentIds, limit) => {
      calls.push({ parentIds: [...parentIds], limit });
      return Promise.resolve(parentIds.flatMap((id) => rows.filter((r) => r.parent === id).slice(0, limit)));
    },
    parentOf: (row) => row.parent,
    nextPage: () => {
      nextPages += 1;
      return Promise.resolve(after);
    },
  };
  return { of, calls, nextPages: () => nextPages };
}

describe('loadPage', () => {
  it('loads the first page of every parent asked together in one call, limit + 1 rows each', async () => {
    const request = ctx();
    const { of, calls } = source();
    const page = readPage({ first: 1 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => loadPage(request, F, page, id, of)));
    expect(calls).toEqual([{ parentIds: ['a', 'b', 'c'], limit: 2 }]);
    expect(a).toEqual([
      { parent: 'a', n: 1 },
      { parent: 'a', n: 2 },
    ]);
    expect(b!.map((r) => r.parent)).toEqual(['b', 'b']);
    expect(c!.map((r) => r.parent)).toEqual(['c', 'c']);
  });

  it('keeps pages of another size or another name apart, and gives a parent without rows none', async () => {
    const request = ctx();
    const { of, calls } = source();
    const [one, two, other, none] = await Promise.all([
      loadPage(request, F, readPage({ first: 1 }), 'a', of),
      loadPage(request, F, readPage({ first: 2 }), 'a', of),
      loadPage(request, variantOf(F, true), readPage({ first: 1 }), 'b', of),
      loadPage(request, F, readPage({ first: 1 }), 'z', of),
    ]);
    expect(calls).toHaveLength(3);
    expect(one).toHaveLength(2);
    expect(two).toHaveLength(3);
    expect(other!.map((r) => r.parent)).toEqual(['b', 'b']);
    expect(none).toEqual([]);
  });

  it("gives each of overlapping parents its own first rows among all the parents' rows", async () => {
    const request = ctx();
    // Villages 4211…: prefix 4211 holds all three, 421101 two, 42110101 one.
    const villages = ['421101010001', '421101020001', '421102010001'];
    const of: PageSource<string> = {
      firstPages: (prefixes, limit) =>
        Promise.resolve(
          [
            ...new Set(prefixes.flatMap((p) => villages.filter((v) => v.startsWith(p)).slice(0, limit))),
          ].sort(),
        ),
      isOf: (village, prefix) => village.startsWith(prefix),
      nextPage: () => Promise.resolve([]),
    };
    const page = readPage({ first: 1 });
    const [wide, middle, narrow] = await Promise.all(
      ['4211', '421101', '42110102'].map((prefix) => loadPage(request, V, page, prefix, of)),
    );
    expect(wide).toEqual(['421101010001', '421101020001']);
    expect(middle).toEqual(['421101010001', '421101020001']);
    expect(narrow).toEqual(['421101020001']);
  });

  it('loads a page after a cursor on its own', async () => {
    const request = ctx();
    const later = [{ parent: 'a', n: 3 }];
    const { of, calls, nextPages } = source(later);
    const rows = await loadPage(request, F, readPage({ first: 1, after: encodeCursor(['2']) }), 'a', of);
    expect(rows).toBe(later);
    expect(nextPages()).toBe(1);
    expect(calls).toEqual([]);
  });

  it('keeps nothing: a page asked again later in the request is loaded again', async () => {
    const request = ctx();
    const { of, calls } = source();
    const page = readPage({ first: 1 });
    await loadPage(request, F, page, 'a', of);
    await loadPage(request, F, page, 'a', of);
    expect(calls).toHaveLength(2);
  });
});
