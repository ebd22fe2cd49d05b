import fc from 'fast-check';
import { takeInOrder, takeLastFirst, totalFen, type Origin } from './money';

const holdings = fc.array(
  fc.record({
    contributionId: fc.uuid(),
    amountFen: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  }),
  { maxLength: 12 },
);

describe('taking money from holdings', () => {
  it('takes exactly the amount, never more of a holding than it holds, in order', () => {
    fc.assert(
      fc.property(holdings, fc.bigInt({ min: 1n, max: 10n ** 13n }), (held, amount) => {
        const taken = takeInOrder(held, amount);
        if (totalFen(held) < amount) return expect(taken).toBeNull();
        expect(taken).not.toBeNull();
        expect(totalFen(taken!)).toBe(amount);
        // Every part positive, and each holding drawn fully before the next one is touched.
        const positive = held.filter((h) => h.amountFen > 0n);
        taken!.forEach((part, i) => {
          expect(part.amountFen > 0n).toBe(true);
          expect(part.contributionId).toBe(positive[i].contributionId);
          if (i < taken!.length - 1) expect(part.amountFen).toBe(positive[i].amountFen);
          else expect(part.amountFen <= positive[i].amountFen).toBe(true);
        });
      }),
    );
  });

  it('gives back from the end: last in, first out', () => {
    const held: Origin[] = [
      { contributionId: 'a', amountFen: 100n },
      { contributionId: 'b', amountFen: 50n },
    ];
    expect(takeLastFirst(held, 70n)).toEqual([
      { contributionId: 'b', amountFen: 50n },
      { contributionId: 'a', amountFen: 20n },
    ]);
    expect(takeLastFirst(held, 151n)).toBeNull();
  });

  it('refuses a non-positive amount', () => {
    expect(() => takeInOrder([], 0n)).toThrow(RangeError);
  });
});
