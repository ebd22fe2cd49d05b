import fc from 'fast-check';
import { ancestorsOf } from '../region/region-level';
import { mayCoverVillage } from './grid-rules';

describe(mayCoverVillage.name, () => {
  // 临江铺村 of 团风镇, Tuanfeng county, Huanggang.
  const village = '421121100201';

  it.each([
    ['the village committee of the village itself', village],
    ['the township government', '421121100'],
    ['a county bureau', '421121'],
    ['a prefecture bureau', '421100'],
    ['a provincial department', '420000'],
  ])('lets %s cover the village', (_label, region) => {
    expect(mayCoverVillage(region, village)).toBe(true);
  });

  it.each([
    ['another village of the same township', '421121100202'],
    ['another township of the same county', '421121101'],
    ['another county of the same prefecture', '421123'],
    ['another prefecture', '420900'],
  ])('refuses %s', (_label, region) => {
    expect(mayCoverVillage(region, village)).toBe(false);
  });

  it('refuses anything that is not a village, even inside the organisation’s region', () => {
    expect(mayCoverVillage('421121', '421121100')).toBe(false);
    expect(mayCoverVillage('421100', '421121')).toBe(false);
  });

  it('holds exactly for the village and the divisions above it', () => {
    const villages = fc
      .tuple(
        fc.integer({ min: 11, max: 82 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 599 }),
        fc.integer({ min: 1, max: 599 }),
      )
      .map(
        ([p, c, d, t, v]) =>
          [p, c, d].map((n) => String(n).padStart(2, '0')).join('') +
          [t, v].map((n) => String(n).padStart(3, '0')).join(''),
      );
    fc.assert(
      fc.property(villages, villages, (one, other) => {
        for (const region of [...ancestorsOf(one), one]) expect(mayCoverVillage(region, one)).toBe(true);
        const above = new Set([...ancestorsOf(one), one]);
        for (const region of [...ancestorsOf(other), other]) {
          expect(mayCoverVillage(region, one)).toBe(above.has(region));
        }
      }),
    );
  });
});
