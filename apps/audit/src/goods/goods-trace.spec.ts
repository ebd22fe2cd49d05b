import fc from 'fast-check';
import { apportion, paidBy, type ContributionShare } from './goods-trace';

const fen = fc.bigInt({ min: 0n, max: 10n ** 12n });
const sources = fc.array(fc.record({ contributionId: fc.uuid(), fundId: fc.constant('f'), amountFen: fen }), {
  maxLength: 8,
});
const sumOf = (shares: readonly { amountFen: bigint }[]) => shares.reduce((s, x) => s + x.amountFen, 0n);

describe('apportioning a value over the contributions that paid, by the largest remainder', () => {
  it('adds up to the target exactly, each share within one fen of its exact part, none above its source when the target does not exceed them', () => {
    fc.assert(
      fc.property(sources, fen, (from, target) => {
        const shares = apportion(target, from);
        const total = sumOf(from);
        if (total === 0n || target === 0n) return expect(shares).toEqual([]);
        expect(sumOf(shares)).toBe(target);
        const weighed = from.filter((s) => s.amountFen > 0n);
        let n = 0;
        for (const s of weighed) {
          const share =
            shares[n]?.contributionId === s.contributionId && shares[n] !== undefined ? shares[n++]! : null;
          const got = share?.amountFen ?? 0n;
          // |got − target × s / total| < 1, in integers: |got × total − target × s| < total.
          const diff = got * total - target * s.amountFen;
          expect(diff < total && -diff < total).toBe(true);
          if (target <= total) expect(got <= s.amountFen).toBe(true);
        }
        expect(n).toBe(shares.length);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the leftover fen to the largest remainders, the earlier source first on a tie', () => {
    const three = ['a', 'b', 'c'].map((id) => ({ contributionId: id, fundId: 'f', amountFen: 1n }));
    expect(apportion(2n, three).map((s) => [s.contributionId, s.amountFen])).toEqual([
      ['a', 1n],
      ['b', 1n],
    ]);
    const uneven: ContributionShare[] = [
      { contributionId: 'a', fundId: 'f', amountFen: 1_000n },
      { contributionId: 'b', fundId: 'f', amountFen: 2_000n },
    ];
    // 100 × 1/3 = 33.33…, 100 × 2/3 = 66.66…: the second has the larger remainder.
    expect(apportion(100n, uneven).map((s) => s.amountFen)).toEqual([33n, 67n]);
  });
});

describe('who paid for a lot', () => {
  const bought = [
    { contributionId: 'c1', fundId: 'f', amountFen: 900_000n },
    { contributionId: 'c2', fundId: 'f', amountFen: 600_000n },
  ];

  it('apportions a purchase to the origin, and a lot made from it to its own value', () => {
    const origin = { sourceKind: 'PURCHASE', contributionId: null, fundId: 'f' };
    expect(
      paidBy({ origin, originValueFen: 1_500_000n, lotValueFen: 1_500_000n, procurementOrigins: bought }),
    ).toEqual(bought);
    const part = paidBy({
      origin,
      originValueFen: 1_500_000n,
      lotValueFen: 750_001n,
      procurementOrigins: bought,
    });
    expect(part.map((s) => s.amountFen)).toEqual([450_001n, 300_000n]);
  });

  it('names the donor of goods in kind, and no one for an opening balance', () => {
    const donated = { sourceKind: 'DONATION', contributionId: 'c3', fundId: 'f' };
    expect(
      paidBy({ origin: donated, originValueFen: 500n, lotValueFen: 200n, procurementOrigins: [] }),
    ).toEqual([{ contributionId: 'c3', fundId: 'f', amountFen: 200n }]);
    const initial = { sourceKind: 'INITIAL', contributionId: null, fundId: null };
    expect(
      paidBy({ origin: initial, originValueFen: 500n, lotValueFen: 500n, procurementOrigins: [] }),
    ).toEqual([]);
  });
});
