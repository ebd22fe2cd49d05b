import type { TestSubgraph } from '@emergency/testing';
import { identities } from '@emergency/testing';
import { RegionDataLoader } from '../src/region/region.loader';
import { startOrganisations } from './fixtures';

interface Region {
  code: string;
  name: string;
  level: string;
  parent: { code: string } | null;
}

/** The administrative tree, loaded from the division data set at start. */
describe('regions', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startOrganisations('421121,429004');
  }, 120_000);

  afterAll(() => sut?.stop());

  it('loads the scope with every division above and below it: Tuanfeng county down to its villages', async () => {
    const levels = await sut.db.query<{ level: string; n: number }>(
      `SELECT level, count(*)::int AS n FROM region WHERE code LIKE '421121%' OR code IN ('420000', '421100')
       GROUP BY level ORDER BY level`,
    );
    expect(Object.fromEntries(levels.rows.map((r) => [r.level, r.n]))).toEqual({
      PROVINCE: 1,
      PREFECTURE: 1,
      COUNTY: 1,
      TOWNSHIP: 11,
      VILLAGE: 210,
    });
    const { region } = await sut.call<{ region: Region & { ancestors: { name: string }[] } }>(
      `{ region(code: "421121100") { code name level parent { code } ancestors { name } } }`,
    );
    expect(region).toEqual({
      code: '421121100',
      name: '团风镇',
      level: 'TOWNSHIP',
      parent: { code: '421121' },
      ancestors: [{ name: '湖北省' }, { name: '黄冈市' }, { name: '团风县' }],
    });
  });

  it('places directly administered county-level cities under their pseudo-prefecture (Xiantao, 429004)', async () => {
    const { region } = await sut.call<{ region: Region }>(
      `{ region(code: "429004") { code name level parent { code } } }`,
    );
    expect(region).toEqual({ code: '429004', name: '仙桃市', level: 'COUNTY', parent: { code: '429000' } });
  });

  it('loads each scope once: a second load changes nothing, and a forced reload finds the tree unchanged', async () => {
    const sutLoader = sut.app.get(RegionDataLoader);
    expect(await sutLoader.load('421121')).toEqual({
      scope: '421121',
      loaded: false,
      regions: 0,
      changed: 0,
    });
    await sut.db.query(`DELETE FROM region_dataset WHERE scope = '421121'`);
    const reload = await sutLoader.load('421121');
    expect(reload).toMatchObject({ loaded: true, changed: 0 });
    expect(reload.regions).toBe(224);
  });

  it('restores a corrupted name on reload and counts the correction', async () => {
    await sut.db.query(`UPDATE region SET name = 'wrong' WHERE code = '421121100'`);
    await sut.db.query(`DELETE FROM region_dataset WHERE scope = '421121'`);
    const reload = await sut.app.get(RegionDataLoader).load('421121');
    expect(reload.changed).toBe(1);
    const { rows } = await sut.db.query(`SELECT name FROM region WHERE code = '421121100'`);
    expect(rows[0]).toEqual({ name: '团风镇' });
  });

  it('lists children in code order across pages, for any role', async () => {
    const query = `query($after: String) {
      region(code: "421121") { children(first: 6, after: $after) { edges { node { code } } pageInfo { hasNextPage endCursor } } }
    }`;
    type Page = {
      region: {
        children: {
          edges: { node: { code: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const first = await sut.call<Page>(query, {}, identities.auditor('420900'));
    const second = await sut.call<Page>(query, { after: first.region.children.pageInfo.endCursor });
    const codes = [...first.region.children.edges, ...second.region.children.edges].map((e) => e.node.code);
    expect(codes).toHaveLength(11);
    expect([...codes].sort()).toEqual(codes);
    expect(first.region.children.pageInfo.hasNextPage).toBe(true);
    expect(second.region.children.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by subtree, level and name', async () => {
    const { regions } = await sut.call<{ regions: { edges: { node: Region }[] } }>(
      `{ regions(filter: { within: "421121", level: VILLAGE, nameContains: "张家" }, first: 50) { edges { node { code name level } } } }`,
    );
    expect(regions.edges.length).toBeGreaterThan(0);
    for (const { node } of regions.edges) {
      expect(node.code.startsWith('421121')).toBe(true);
      expect(node.level).toBe('VILLAGE');
      expect(node.name).toContain('张家');
    }
  });

  it('answers a malformed code with INVALID_REGION_CODE naming the field', async () => {
    expect(await sut.failure(`{ regions(filter: { within: "42" }) { edges { cursor } } }`)).toMatchObject({
      code: 'INVALID_REGION_CODE',
      field: 'filter.within',
    });
  });
});
