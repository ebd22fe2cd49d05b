import { remainingOf } from './donation-rules';

describe(remainingOf.name, () => {
  it('is what the line states less what was received', () => {
    expect(remainingOf({ quantity: 800, receivedQuantity: 500, allocatedOnward: 0 })).toBe(300);
    expect(remainingOf({ quantity: 800, receivedQuantity: 800, allocatedOnward: 0 })).toBe(0);
  });

  it('leaves out what allocations passed on of a contribution', () => {
    expect(remainingOf({ quantity: 2000, receivedQuantity: 0, allocatedOnward: 800 })).toBe(1200);
    expect(remainingOf({ quantity: 2000, receivedQuantity: 1000, allocatedOnward: 800 })).toBe(200);
  });

  it('is never below zero', () => {
    expect(remainingOf({ quantity: 500, receivedQuantity: 400, allocatedOnward: 200 })).toBe(0);
  });
});
