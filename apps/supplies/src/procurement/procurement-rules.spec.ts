import fc from 'fast-check';
import type { KnownAllocationEntity } from '../allocation/known-allocation.entity';
import { byAllocation, totalFen } from '@emergency/domain';
import {
  drawOn,
  giveBack,
  MAX_QUANTITY,
  paymentsOf,
  purchaseAmount,
  requireAffordable,
  type PaidOrigin,
} from './procurement-rules';

const extensionsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected an error');
};

describe(purchaseAmount.name, () => {
  it('is quantity × unit price, exactly, up to the bigint range', () => {
    expect(purchaseAmount(1500, 128_000n)).toBe(192_000_000n);
    expect(purchaseAmount(1, 1_000_000_000_000_000n)).toBe(1_000_000_000_000_000n);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_QUANTITY }),
        fc.bigInt({ min: 1n, max: 9_223_372_036n }),
        (quantity, unitPriceFen) => {
          expect(purchaseAmount(quantity, unitPriceFen)).toBe(BigInt(quantity) * unitPriceFen);
        },
      ),
    );
  });

  it.each([
    [0, 1n, 'INVALID_QUANTITY', 'quantity'],
    [MAX_QUANTITY + 1, 1n, 'INVALID_QUANTITY', 'quantity'],
    [1.5, 1n, 'INVALID_QUANTITY', 'quantity'],
    [1, 0n, 'INVALID_AMOUNT', 'unitPriceFen'],
    [1, -5n, 'INVALID_AMOUNT', 'unitPriceFen'],
    [1_000_000, 9_223_372_036_854_775n, 'INVALID_AMOUNT', 'unitPriceFen'],
  ])('refuses %p × %p with %s on %s', (quantity, unitPriceFen, code, field) => {
    expect(extensionsOf(() => purchaseAmount(quantity, unitPriceFen))).toMatchObject({ code, field });
  });
});

describe(requireAffordable.name, () => {
  const allocation = {
    id: 'a1',
    amountFen: 1_000_000n,
    spentFen: 0n,
    returnedFen: 0n,
  } as KnownAllocationEntity;

  it('allows spending up to what is left', () => {
    expect(() => requireAffordable(allocation, 1_000_000n)).not.toThrow();
    expect(() => requireAffordable({ ...allocation, spentFen: 999_999n }, 1n)).not.toThrow();
  });

  it('refuses more than is left with ALLOCATION_EXCEEDED, saying what is left and what was asked', () => {
    expect(extensionsOf(() => requireAffordable(allocation, 1_000_008n))).toMatchObject({
      code: 'ALLOCATION_EXCEEDED',
      field: 'allocationId',
      remainingFen: '1000000',
      requestedFen: '1000008',
    });
  });
});

describe(paymentsOf.name, () => {
  it('is the whole amount from the one allocation named', () => {
    expect(paymentsOf(500n, 'a1', undefined)).toEqual([{ allocationId: 'a1', amountFen: 500n }]);
  });

  it('is the split as stated when it adds up', () => {
    const split = [
      { allocationId: 'a2', amountFen: 300n },
      { allocationId: 'a1', amountFen: 200n },
    ];
    expect(paymentsOf(500n, undefined, split)).toEqual(split);
  });

  it.each([
    ['neither an allocation nor payments', undefined, undefined, 'BAD_USER_INPUT'],
    ['both an allocation and payments', 'a1', [{ allocationId: 'a1', amountFen: 500n }], 'BAD_USER_INPUT'],
    ['no payments', undefined, [], 'BAD_USER_INPUT'],
    [
      'an allocation named twice',
      undefined,
      [
        { allocationId: 'a1', amountFen: 250n },
        { allocationId: 'a1', amountFen: 250n },
      ],
      'BAD_USER_INPUT',
    ],
    [
      'a payment of nothing',
      undefined,
      [
        { allocationId: 'a1', amountFen: 500n },
        { allocationId: 'a2', amountFen: 0n },
      ],
      'INVALID_AMOUNT',
    ],
    [
      'payments short of the amount',
      undefined,
      [
        { allocationId: 'a1', amountFen: 200n },
        { allocationId: 'a2', amountFen: 299n },
      ],
      'PAYMENTS_DO_NOT_ADD_UP',
    ],
  ])('refuses %s with %s', (_label, allocationId, payments, code) => {
    expect(extensionsOf(() => paymentsOf(500n, allocationId, payments))).toMatchObject({ code });
  });
});

describe(drawOn.name, () => {
  const allocation = {
    id: 'a1',
    amountFen: 1_000n,
    spentFen: 100n,
    returnedFen: 0n,
  } as KnownAllocationEntity;

  it('draws on the contributions first in, first out', () => {
    expect(
      drawOn(
        allocation,
        [
          { contributionId: 'c1', amountFen: 0n },
          { contributionId: 'c2', amountFen: 400n },
          { contributionId: 'c3', amountFen: 500n },
        ],
        600n,
      ),
    ).toEqual([
      { contributionId: 'c2', amountFen: 400n },
      { contributionId: 'c3', amountFen: 200n },
    ]);
  });

  it('refuses with ALLOCATION_EXCEEDED what the allocation, or its known contributions, do not hold', () => {
    expect(
      extensionsOf(() => drawOn(allocation, [{ contributionId: 'c1', amountFen: 900n }], 901n)),
    ).toMatchObject({
      code: 'ALLOCATION_EXCEEDED',
      remainingFen: '900',
    });
    expect(
      extensionsOf(() => drawOn(allocation, [{ contributionId: 'c1', amountFen: 10n }], 11n)),
    ).toMatchObject({
      code: 'ALLOCATION_EXCEEDED',
      remainingFen: '10',
      requestedFen: '11',
    });
  });
});

describe(giveBack.name, () => {
  const paid: PaidOrigin[] = [
    { allocationId: 'a1', contributionId: 'c1', amountFen: 300n },
    { allocationId: 'a1', contributionId: 'c2', amountFen: 200n },
    { allocationId: 'a2', contributionId: 'c1', amountFen: 100n },
    { allocationId: 'a2', contributionId: 'c3', amountFen: 0n },
  ];

  it('gives back to the allocation paid last first, its contributions last drawn first', () => {
    expect(giveBack(paid, 250n)).toEqual([
      { allocationId: 'a2', contributionId: 'c1', amountFen: 100n },
      { allocationId: 'a1', contributionId: 'c2', amountFen: 150n },
    ]);
    expect(byAllocation(giveBack(paid, 600n)!)).toEqual([
      { allocationId: 'a2', amountFen: 100n, origins: [{ contributionId: 'c1', amountFen: 100n }] },
      {
        allocationId: 'a1',
        amountFen: 500n,
        origins: [
          { contributionId: 'c2', amountFen: 200n },
          { contributionId: 'c1', amountFen: 300n },
        ],
      },
    ]);
    expect(giveBack(paid, 601n)).toBeNull();
  });

  it('gives back exactly the amount, never more of an origin than it still pays, and an earlier one only once every later one is given back', () => {
    const origin = fc.record({
      allocationId: fc.constantFrom('a1', 'a2', 'a3'),
      contributionId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
      amountFen: fc.bigInt({ min: 0n, max: 1_000_000_000_000n }),
    });
    fc.assert(
      fc.property(
        fc.array(origin, { maxLength: 12 }),
        fc.bigInt({ min: 1n, max: 13_000_000_000_000n }),
        (held, amount) => {
          const given = giveBack(held, amount);
          const total = totalFen(held);
          if (amount > total) {
            expect(given).toBeNull();
            return;
          }
          expect(given).not.toBeNull();
          expect(totalFen(given!)).toBe(amount);
          // Walking from the last origin back, each is given back in full until the amount runs out in one.
          let rest = amount;
          const expected: PaidOrigin[] = [];
          for (const o of [...held].reverse()) {
            if (rest === 0n) break;
            if (o.amountFen === 0n) continue;
            const part = o.amountFen < rest ? o.amountFen : rest;
            expected.push({ ...o, amountFen: part });
            rest -= part;
          }
          expect(given).toEqual(expected);
          for (const g of given!) expect(g.amountFen).toBeGreaterThan(0n);
        },
      ),
    );
  });
});
