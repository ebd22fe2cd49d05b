import { encodeCursor, readPage } from '@emergency/paging';
import { toConnection } from './connection';

describe(toConnection.name, () => {
  it('uses the extra row only to report a next page', () => {
    const page = readPage({ first: 2 });
    const connection = toConnection(['a', 'b', 'c'], page, (row) => [row]);
    expect(connection.nodes).toEqual(['a', 'b']);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['b']) });
    expect(toConnection(['a'], page, (row) => [row]).pageInfo.hasNextPage).toBe(false);
  });
});
