import fc from 'fast-check';
import type { KnownAllocationEntity } from '../allocation/known-allocation.entity';
import { MAX_QUANTITY, purchaseAmount, requireAffordable } from './procurement-rules';

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
  const allocation = { id: 'a1', amountFen: 1_000_000n, spentFen: 0n } as KnownAllocationEntity;

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
