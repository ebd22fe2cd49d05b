import fc from 'fast-check';
import { totalFen, type Origin } from '@emergency/domain';
import { takeGoods, takeReturn, type GoodsHeld } from './allocation-rules';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const ALLOCATION = id(999);

const tent = (position: number, left: number, unitValueFen = 150_000n): GoodsHeld => ({
  position,
  description: 'Family tent',
  unit: 'piece',
  left,
  unitValueFen,
});

describe('the rules of goods and returns of an allocation', () => {
  it('takes goods line by line in the order held, at each line’s unit value', () => {
    const held = [tent(0, 2, 100n), { ...tent(1, 5), description: 'Quilt' }, tent(2, 3, 120n)];
    expect(takeGoods(held, [{ description: 'Family tent', unit: 'piece', quantity: 4 }], 'lines')).toEqual([
      {
        from: 0,
        description: 'Family tent',
        unit: 'piece',
        quantity: 2,
        unitValueFen: 100n,
        amountFen: 200n,
      },
      {
        from: 2,
        description: 'Family tent',
        unit: 'piece',
        quantity: 2,
        unitValueFen: 120n,
        amountFen: 240n,
      },
    ]);
  });

  it('refuses more goods than are left with GOODS_NOT_AVAILABLE, however the asks are split', () => {
    const held = [tent(0, 3)];
    const asks = [
      { description: 'Family tent', unit: 'piece', quantity: 2 },
      { description: 'Family tent', unit: 'piece', quantity: 2 },
    ];
    expect(() => takeGoods(held, asks, 'lines')).toThrow(
      expect.objectContaining({ code: 'GOODS_NOT_AVAILABLE' }) as Error,
    );
    expect(() =>
      takeGoods(held, [{ description: 'Family tent', unit: 'box', quantity: 1 }], 'lines'),
    ).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ availableQuantity: 0 }) }) as Error,
    );
  });

  it('returns last drawn first, all that is unspent when revoking, and refuses beyond it', () => {
    const holdings: Origin[] = [
      { contributionId: id(1), amountFen: 300n },
      { contributionId: id(2), amountFen: 0n },
      { contributionId: id(3), amountFen: 200n },
    ];
    expect(takeReturn(ALLOCATION, holdings, 250n)).toEqual([
      { contributionId: id(3), amountFen: 200n },
      { contributionId: id(1), amountFen: 50n },
    ]);
    expect(totalFen(takeReturn(ALLOCATION, holdings, null))).toBe(500n);
    expect(() => takeReturn(ALLOCATION, holdings, 501n)).toThrow(
      expect.objectContaining({
        code: 'RETURN_EXCEEDS_UNSPENT',
        extensions: expect.objectContaining({ unspentFen: '500' }),
      }) as Error,
    );
    expect(() => takeReturn(ALLOCATION, [{ contributionId: id(1), amountFen: 0n }], 1n)).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_RETURN' }) as Error,
    );
  });

  it('property: a return gives back exactly what is asked, never more of a contribution than it holds, newest first', () => {
    const holdings = fc
      .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 10 })
      .map((amounts) => amounts.map((amountFen, i) => ({ contributionId: id(i + 1), amountFen })));
    const returnable = holdings
      .filter((h) => totalFen(h) > 0n)
      .chain((h) => fc.tuple(fc.constant(h), fc.bigInt({ min: 1n, max: totalFen(h) })));
    fc.assert(
      fc.property(returnable, ([held, amount]) => {
        const taken = takeReturn(ALLOCATION, held, amount);
        expect(totalFen(taken)).toBe(amount);
        const position = (o: Origin) => held.findIndex((h) => h.contributionId === o.contributionId);
        taken.forEach((o, i) => {
          expect(o.amountFen).toBeGreaterThan(0n);
          expect(o.amountFen).toBeLessThanOrEqual(held[position(o)].amountFen);
          if (i > 0) expect(position(o)).toBeLessThan(position(taken[i - 1]));
        });
        // Every holding newer than the last one taken from is given back in full.
        const last = position(taken[taken.length - 1]);
        for (const h of held.slice(last + 1)) {
          expect(taken.find((o) => o.contributionId === h.contributionId)?.amountFen ?? 0n).toBe(h.amountFen);
        }
      }),
    );
  });
});
