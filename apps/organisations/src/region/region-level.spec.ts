import fc from 'fast-check';
import { ancestorsOf, levelOf } from './region-level';

describe(levelOf.name, () => {
  it.each([
    ['420000', 'PROVINCE'],
    ['421100', 'PREFECTURE'],
    ['429000', 'PREFECTURE'],
    ['421121', 'COUNTY'],
    ['429004', 'COUNTY'],
    ['421121100', 'TOWNSHIP'],
    ['421121100200', 'VILLAGE'],
  ])('reads %s as %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
  });
});

describe(ancestorsOf.name, () => {
  it('lists the chain above a village, province first', () => {
    expect(ancestorsOf('421121100200')).toEqual(['420000', '421100', '421121', '421121100']);
    expect(ancestorsOf('421100')).toEqual(['420000']);
    expect(ancestorsOf('420000')).toEqual([]);
  });

  it('gives every code a chain of strictly higher levels, each a prefix-parent of the next', () => {
    const code = fc
      .tuple(
        fc.integer({ min: 11, max: 82 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 99 }),
        fc.option(fc.tuple(fc.integer({ min: 1, max: 599 }), fc.option(fc.integer({ min: 1, max: 599 })))),
      )
      .map(([p, c, d, rest]) => {
        const base = `${p}${String(c).padStart(2, '0')}${String(d).padStart(2, '0')}`;
        if (!rest) return base;
        const [t, v] = rest;
        return `${base}${String(t).padStart(3, '0')}${v === null ? '' : String(v).padStart(3, '0')}`;
      });
    const rank = ['PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE'];
    fc.assert(
      fc.property(code, (c) => {
        const chain = [...ancestorsOf(c), c];
        for (let i = 1; i < chain.length; i++) {
          expect(rank.indexOf(levelOf(chain[i - 1]))).toBeLessThan(rank.indexOf(levelOf(chain[i])));
        }
        expect(chain[0]).toBe(`${c.slice(0, 2)}0000`);
      }),
    );
  });
});
