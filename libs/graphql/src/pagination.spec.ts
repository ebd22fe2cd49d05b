import { decodeCursor, encodeCursor, readPage, toConnection } from './index';

describe('pagination', () => {
  it('defaults to 20 and bounds first to 1..100', () => {
    expect(readPage({}).limit).toBe(20);
    expect(() => readPage({ first: 0 })).toThrow(/first must be between 1 and 100/);
    expect(() => readPage({ first: 101 })).toThrow(/first must be between 1 and 100/);
  });

  it('round-trips cursors and rejects forged ones', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01', 'abc']))).toEqual(['2026-01-01', 'abc']);
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(/not a cursor/);
  });

  it('uses the extra row only to report a next page', () => {
    const page = readPage({ first: 2 });
    const connection = toConnection(['a', 'b', 'c'], page, (row) => [row]);
    expect(connection.nodes).toEqual(['a', 'b']);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['b']) });
    expect(toConnection(['a'], page, (row) => [row]).pageInfo.hasNextPage).toBe(false);
  });
});
