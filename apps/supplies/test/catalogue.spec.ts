import { SupplyItemAdded, SupplyItemChanged } from '@emergency/contracts';
import { eventually, identities, readTopic, type TestSubgraph } from '@emergency/testing';
import { startSupplies } from './fixtures';

const ITEM_FIELDS = 'code nameZh nameEn unit shelfLifeDays official';
const SUPPLY_ITEM = `query($code: String!) { supplyItem(code: $code) { ${ITEM_FIELDS} } }`;
const SUPPLY_ITEMS = `query($filter: SupplyItemFilter, $first: Int, $after: String) {
  supplyItems(filter: $filter, first: $first, after: $after) {
    edges { node { code nameZh } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SUPPLY_CLASSES = `query($parent: String) { supplyClasses(parent: $parent) { code nameZh official } }`;
const ADD_SUPPLY_ITEM = `mutation($input: AddSupplyItemInput!) { addSupplyItem(input: $input) { ${ITEM_FIELDS} } }`;
const CHANGE_SUPPLY_ITEM = `mutation($input: ChangeSupplyItemInput!) {
  changeSupplyItem(input: $input) { ${ITEM_FIELDS} }
}`;

interface Item {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  shelfLifeDays: number | null;
  official: boolean;
}
interface Page {
  supplyItems: {
    edges: { node: { code: string; nameZh: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const itemInput = (overrides: Record<string, unknown> = {}) => ({
  code: '1010204',
  nameZh: '睡袋',
  nameEn: 'Sleeping bag',
  unit: '个',
  ...overrides,
});

/** The supply catalogue on GB/T 38565-2020's structure, against the real PostgreSQL and broker. */
describe('supply catalogue', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startSupplies();
  }, 120_000);
  afterAll(() => sut?.stop());

  const item = async (code: string) =>
    (await sut.call<{ supplyItem: Item | null }>(SUPPLY_ITEM, { code })).supplyItem;

  it('is seeded with the common relief items on codes of the system’s own', async () => {
    expect(await item('1010101')).toEqual({
      code: '1010101',
      nameZh: '帐篷',
      nameEn: 'Tent',
      unit: '顶',
      shelfLifeDays: null,
      official: false,
    });
    expect(await item('1020101')).toMatchObject({ nameZh: '瓶装水', unit: '箱', shelfLifeDays: 365 });
    expect(await item('1020201')).toMatchObject({ nameZh: '方便食品', unit: '箱', shelfLifeDays: 180 });
    expect(await item('1030101')).toMatchObject({ nameZh: '口罩', unit: '盒', shelfLifeDays: 1095 });
    expect(await item('1030201')).toMatchObject({ nameZh: '消毒液', unit: '桶', shelfLifeDays: 730 });
    for (const [code, name, unit] of [
      ['1010201', '棉被', '床'],
      ['1010202', '棉衣', '件'],
      ['1010301', '折叠床', '张'],
      ['2010101', '发电机', '台'],
      ['2020101', '排涝泵', '台'],
      ['2020201', '救生衣', '件'],
    ])
      expect(await item(code!)).toMatchObject({ nameZh: name, unit, official: false });
    expect(await item('9999999')).toBeNull();
    expect(await item('tent')).toBeNull();
  });

  it('keeps the standard’s top classes as official and its own lower classes as not', async () => {
    const top = (
      await sut.call<{ supplyClasses: { code: string; nameZh: string; official: boolean }[] }>(SUPPLY_CLASSES)
    ).supplyClasses;
    expect(top).toEqual([
      { code: '1', nameZh: '基本生活保障物资', official: true },
      { code: '2', nameZh: '应急装备及配套物资', official: true },
      { code: '3', nameZh: '工程材料与机械加工设备', official: true },
    ]);
    const middle = (
      await sut.call<{ supplyClasses: { code: string; official: boolean }[] }>(SUPPLY_CLASSES, {
        parent: '1',
      })
    ).supplyClasses;
    expect(middle.map((c) => c.code)).toEqual(['101', '102', '103']);
    expect(middle.every((c) => !c.official)).toBe(true);
    const small = (await sut.call<{ supplyClasses: { code: string }[] }>(SUPPLY_CLASSES, { parent: '101' }))
      .supplyClasses;
    expect(small.map((c) => c.code)).toEqual(['10101', '10102', '10103']);
    expect(await sut.failure(SUPPLY_CLASSES, { parent: '10101' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'parent',
    });
  });

  it('lists items by class prefix and name text in code order, paged to the end', async () => {
    const water = await sut.call<Page>(SUPPLY_ITEMS, { filter: { classCode: '102' } });
    expect(water.supplyItems.edges.map((e) => e.node.code)).toEqual(['1020101', '1020201']);
    const byName = await sut.call<Page>(SUPPLY_ITEMS, { filter: { text: 'JACKET' } });
    expect(byName.supplyItems.edges.map((e) => e.node.nameZh)).toEqual(['救生衣']);
    const byChinese = await sut.call<Page>(SUPPLY_ITEMS, { filter: { text: '棉' } });
    expect(byChinese.supplyItems.edges.map((e) => e.node.code)).toEqual(['1010201', '1010202']);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await sut.call<Page>(SUPPLY_ITEMS, { filter: { classCode: '1' }, first: 2, after });
      seen.push(...page.supplyItems.edges.map((e) => e.node.code));
      if (!page.supplyItems.pageInfo.hasNextPage) break;
      after = page.supplyItems.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toHaveLength(
      Number((await sut.db.query(`SELECT count(*) FROM supply_item WHERE code LIKE '1%'`)).rows[0].count),
    );
    expect(await sut.failure(SUPPLY_ITEMS, { filter: { classCode: '1x' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.classCode',
    });
  });

  it('adds an item in a known class and publishes SupplyItemAdded; a catch-all code needs only its parent', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const added = await sut.call<{ addSupplyItem: Item }>(ADD_SUPPLY_ITEM, {
        input: itemInput({ shelfLifeDays: 1825 }),
      });
      expect(added.addSupplyItem).toEqual({
        code: '1010204',
        nameZh: '睡袋',
        nameEn: 'Sleeping bag',
        unit: '个',
        shelfLifeDays: 1825,
        official: false,
      });
      const event = await eventually(async () => {
        const found = reader.messages.find((m) => m.headers.ce_type === SupplyItemAdded.type);
        if (!found) throw new Error('SupplyItemAdded not on the topic yet');
        return found;
      });
      expect(event.key).toBe('1010204');
      expect(event.value).toEqual(added.addSupplyItem);
    } finally {
      await reader.stop();
    }
    // 1 99 99 01: "other basic living supplies", under the top class alone.
    const other = await sut.call<{ addSupplyItem: Item }>(ADD_SUPPLY_ITEM, {
      input: itemInput({
        code: '1999901',
        nameZh: '其他生活类物资',
        nameEn: 'Other living supplies',
        unit: '件',
      }),
    });
    expect(other.addSupplyItem.code).toBe('1999901');
  });

  it.each([
    ['six digits', '101020', 'SUPPLY_CODE_INVALID'],
    ['a top class outside 1–3', '4010101', 'SUPPLY_CODE_INVALID'],
    ['a layer of 00', '1000101', 'SUPPLY_CODE_INVALID'],
    ['a non-catch-all below a catch-all', '1990101', 'SUPPLY_CODE_INVALID'],
    ['a class the catalogue lacks', '1040101', 'SUPPLY_CLASS_UNKNOWN'],
    ['a code taken', '1010101', 'SUPPLY_CODE_TAKEN'],
  ])('refuses %s with its code, writing nothing', async (_case, code, error) => {
    const before = { items: await sut.count('supply_item'), outbox: await sut.count('outbox') };
    expect(await sut.failure(ADD_SUPPLY_ITEM, { input: itemInput({ code }) })).toMatchObject({
      code: error,
      field: 'code',
    });
    expect({ items: await sut.count('supply_item'), outbox: await sut.count('outbox') }).toEqual(before);
  });

  it('refuses a bad shelf life, an empty unit and a caller who is no admin, writing nothing', async () => {
    const before = { items: await sut.count('supply_item'), outbox: await sut.count('outbox') };
    expect(
      await sut.failure(ADD_SUPPLY_ITEM, { input: itemInput({ code: '1010205', shelfLifeDays: 0 }) }),
    ).toMatchObject({
      code: 'SUPPLY_SHELF_LIFE_INVALID',
      field: 'shelfLifeDays',
    });
    expect(
      await sut.failure(ADD_SUPPLY_ITEM, { input: itemInput({ code: '1010205', unit: ' ' }) }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'unit',
    });
    expect(
      await sut.failure(
        ADD_SUPPLY_ITEM,
        { input: itemInput({ code: '1010205' }) },
        identities.operator('420000'),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect({ items: await sut.count('supply_item'), outbox: await sut.count('outbox') }).toEqual(before);
  });

  it('changes an item’s names, unit and shelf life, publishing SupplyItemChanged; an unknown code is refused', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const changed = await sut.call<{ changeSupplyItem: Item }>(CHANGE_SUPPLY_ITEM, {
        input: { code: '1020201', nameEn: 'Ready-to-eat food', shelfLifeDays: 270 },
      });
      expect(changed.changeSupplyItem).toMatchObject({
        nameZh: '方便食品',
        nameEn: 'Ready-to-eat food',
        shelfLifeDays: 270,
      });
      const cleared = await sut.call<{ changeSupplyItem: Item }>(CHANGE_SUPPLY_ITEM, {
        input: { code: '1030201', clearShelfLife: true, unit: '瓶' },
      });
      expect(cleared.changeSupplyItem).toMatchObject({ shelfLifeDays: null, unit: '瓶' });
      const events = await eventually(async () => {
        const found = reader.messages.filter((m) => m.headers.ce_type === SupplyItemChanged.type);
        if (found.length < 2) throw new Error('SupplyItemChanged not on the topic yet');
        return found;
      });
      // Keyed by code, so two items' events may lie in different partitions: compared in any order.
      expect(events.map((e) => e.value)).toEqual(
        expect.arrayContaining([changed.changeSupplyItem, cleared.changeSupplyItem]),
      );
      expect(events).toHaveLength(2);
    } finally {
      await reader.stop();
    }
    const outbox = await sut.count('outbox');
    expect(await sut.failure(CHANGE_SUPPLY_ITEM, { input: { code: '1040101', nameEn: 'x' } })).toMatchObject({
      code: 'SUPPLY_ITEM_NOT_FOUND',
      field: 'code',
    });
    expect(
      await sut.failure(
        CHANGE_SUPPLY_ITEM,
        { input: { code: '1020101', unit: '瓶' } },
        identities.operator(),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.count('outbox')).toBe(outbox);
    expect(await item('1020101')).toMatchObject({ unit: '箱' });
  });
});
