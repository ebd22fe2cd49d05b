import fc from 'fast-check';
import { apportion, paidBy, type ContributionShare } from './goods-trace';

const fen = fc.bigInt({ min: 0n, max: 10n ** 12n });
/** Sources in order, each a distinct contribution. */
const sources = fc
  .array(fen, { maxLength: 8 })
  .map((amounts) => amounts.map((amountFen, i) => ({ contributionId: `c${i}`, fundId: 'f', amountFen })));
const sumOf = (shares: readonly { amountFen: bigint }[]) => shares.reduce((s, x) => s + x.amountFen, 0n);

describe('apportioning a value over the contributions that paid, by the largest remainder', () => {
  it('adds up to the target exactly, each share within one fen of its exact part, none above its source when the target does not exceed them', () => {
    fc.assert(
      fc.property(sources, fen, (from, target) => {
        const shares = apportion(target, from);
        const total = sumOf(from);
        if (total === 0n || target === 0n) return expect(shares).toEqual([]);
        expect(sumOf(shares)).toBe(target);
        // In the sources' order, none of no amount.
        const order = from.map((x) => x.contributionId);
        expect(shares.map((x) => order.indexOf(x.contributionId))).toEqual(
          shares.map((x) => order.indexOf(x.contributionId)).sort((a, b) => a - b),
        );
        expect(shares.every((x) => x.amountFen > 0n)).toBe(true);
        for (const source of from) {
          const got = shares.find((x) => x.contributionId === source.contributionId)?.amountFen ?? 0n;
          // |got − target × source / total| < 1 fen; in integers, |got × total − target × source| < total.
          const diff = got * total - target * source.amountFen;
          expect(diff < total && -diff < total).toBe(true);
          if (target <= total) expect(got <= source.amountFen).toBe(true);
        }
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
