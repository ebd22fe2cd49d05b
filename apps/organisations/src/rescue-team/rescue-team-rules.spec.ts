import fc from 'fast-check';
import { RESCUE_SPECIALTIES } from './rescue-team.entity';
import {
  checkHeadcount,
  equipmentList,
  MAX_EQUIPMENT_ITEMS,
  membershipKey,
  membershipRank,
  sameEquipment,
  specialtySet,
} from './rescue-team-rules';
import type { RescueTeamMembershipEntity } from './rescue-team-membership.entity';

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a refusal');
};

describe(checkHeadcount.name, () => {
  it('accepts whole numbers of people from 1', () => {
    expect(checkHeadcount(1, 'headcount')).toBe(1);
    expect(checkHeadcount(120, 'headcount')).toBe(120);
  });

  it.each([0, -3, 2.5, Number.NaN])('refuses %s', (value) => {
    expect(failure(() => checkHeadcount(value, 'headcount'))).toEqual({
      code: 'INVALID_HEADCOUNT',
      field: 'headcount',
    });
  });
});

describe(specialtySet.name, () => {
  it('keeps each specialty once, in the fixed order', () => {
    expect(specialtySet(['LOGISTICS', 'WATER_RESCUE', 'LOGISTICS', 'DIVING'], 'specialties')).toEqual([
      'WATER_RESCUE',
      'DIVING',
      'LOGISTICS',
    ]);
  });

  it('refuses an unknown specialty, naming the field', () => {
    expect(failure(() => specialtySet(['WATER_RESCUE', 'JUGGLING'], 'specialties'))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'specialties',
    });
  });

  it('gives the same set whatever the order and repetition of its input, and is idempotent', () => {
    const specialties = fc
      .array(fc.constantFrom(...RESCUE_SPECIALTIES), { maxLength: 30 })
      .chain((values) =>
        fc.tuple(
          fc.constant(values),
          fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }),
        ),
      );
    fc.assert(
      fc.property(specialties, ([values, shuffled]) => {
        const set = specialtySet(values, 'specialties');
        expect(specialtySet(shuffled, 'specialties')).toEqual(set);
        expect(specialtySet(set, 'specialties')).toEqual(set);
        expect(new Set(set)).toEqual(new Set(values));
        expect(set).toHaveLength(new Set(values).size);
      }),
    );
  });
});

describe(equipmentList.name, () => {
  it('trims texts, keeps the order given and clears blank notes', () => {
    expect(
      equipmentList([
        { name: ' 冲锋舟 ', quantity: 4, unit: '艘', notes: ' 40 hp outboard ' },
        { name: 'Life jacket', quantity: 60, unit: '件', notes: '  ' },
      ]),
    ).toEqual([
      { name: '冲锋舟', quantity: 4, unit: '艘', notes: '40 hp outboard' },
      { name: 'Life jacket', quantity: 60, unit: '件', notes: null },
    ]);
  });

  it.each([
    [
      'a zero quantity',
      [{ name: 'Pump', quantity: 0, unit: '台' }],
      'INVALID_EQUIPMENT_QUANTITY',
      'items[0].quantity',
    ],
    [
      'a fractional quantity',
      [{ name: 'Rope', quantity: 1.5, unit: '根' }],
      'INVALID_EQUIPMENT_QUANTITY',
      'items[0].quantity',
    ],
    ['a blank name', [{ name: ' ', quantity: 1, unit: '台' }], 'BAD_USER_INPUT', 'items[0].name'],
    ['a blank unit', [{ name: 'Pump', quantity: 1, unit: '' }], 'BAD_USER_INPUT', 'items[0].unit'],
    [
      'a name listed twice in another case',
      [
        { name: 'Drone', quantity: 1, unit: '架' },
        { name: ' drone', quantity: 2, unit: '架' },
      ],
      'DUPLICATE_EQUIPMENT_NAME',
      'items[1].name',
    ],
  ])('refuses %s, naming the item', (_label, items, code, field) => {
    expect(failure(() => equipmentList(items))).toEqual({ code, field });
  });

  it(`refuses more than ${MAX_EQUIPMENT_ITEMS} items`, () => {
    const items = Array.from({ length: MAX_EQUIPMENT_ITEMS + 1 }, (_, i) => ({
      name: `Item ${i}`,
      quantity: 1,
      unit: '件',
    }));
    expect(failure(() => equipmentList(items))).toEqual({ code: 'BAD_USER_INPUT', field: 'items' });
    expect(equipmentList(items.slice(1))).toHaveLength(MAX_EQUIPMENT_ITEMS);
  });

  it('accepts a list exactly when its names are distinct ignoring case and surrounding spaces', () => {
    const item = fc.record({
      name: fc.constantFrom('Pump', 'pump ', 'Boat', 'BOAT', '冲锋舟', 'Drone'),
      quantity: fc.integer({ min: 1, max: 1000 }),
      unit: fc.constantFrom('台', '艘', '件'),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const keys = items.map((i) => i.name.trim().toLowerCase());
        const distinct = new Set(keys).size === keys.length;
        if (distinct) {
          const list = equipmentList(items);
          expect(list.map((i) => i.name.toLowerCase())).toEqual(keys);
          expect(sameEquipment(list, equipmentList(list))).toBe(true);
        } else {
          expect(failure(() => equipmentList(items)).code).toBe('DUPLICATE_EQUIPMENT_NAME');
        }
      }),
    );
  });
});

describe(sameEquipment.name, () => {
  const pump = { name: 'Pump', quantity: 2, unit: '台', notes: null };
  const boat = { name: 'Boat', quantity: 1, unit: '艘', notes: 'inflatable' };

  it('compares item for item, order included', () => {
    expect(sameEquipment([pump, boat], [{ ...pump }, { ...boat }])).toBe(true);
    expect(sameEquipment([pump, boat], [boat, pump])).toBe(false);
    expect(sameEquipment([pump], [{ ...pump, quantity: 3 }])).toBe(false);
    expect(sameEquipment([boat], [{ ...boat, notes: null }])).toBe(false);
    expect(sameEquipment([pump], [pump, boat])).toBe(false);
    expect(sameEquipment([], [])).toBe(true);
  });
});

describe(membershipRank.name, () => {
  const membership = (role: RescueTeamMembershipEntity['role'], leftOn: string | null, n: number) =>
    ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      role,
      leftOn,
      joinedOn: `2026-01-${String(10 - n).padStart(2, '0')}`,
    }) as RescueTeamMembershipEntity;

  it('puts the captain first, deputies next, members after them and former members last', () => {
    const roster = [
      membership('MEMBER', null, 1),
      membership('CAPTAIN', '2026-02-01', 2),
      membership('DEPUTY_CAPTAIN', null, 3),
      membership('CAPTAIN', null, 4),
    ];
    const sorted = [...roster].sort((a, b) =>
      membershipKey(a).join('|').localeCompare(membershipKey(b).join('|')),
    );
    expect(sorted.map((m) => m.id.slice(-1))).toEqual(['4', '3', '1', '2']);
    expect(roster.map(membershipRank)).toEqual([2, 3, 1, 0]);
  });
});
