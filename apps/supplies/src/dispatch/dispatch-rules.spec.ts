import {
  againstRequest,
  deliveredLate,
  deliveryHours,
  firstExpiringFirst,
  isHigherLevel,
  paperworkDueAt,
  paperworkLate,
} from './dispatch-rules';

describe('dispatch rules', () => {
  it('lets a request go up only to a prefecture or province strictly above the requester', () => {
    expect(isHigherLevel('421121', '421100')).toBe(true);
    expect(isHigherLevel('421121', '420000')).toBe(true);
    expect(isHigherLevel('421100', '420000')).toBe(true);
    expect(isHigherLevel('421121', '421121')).toBe(false);
    expect(isHigherLevel('421100', '421100')).toBe(false);
    expect(isHigherLevel('421121', '421200')).toBe(false);
    expect(isHigherLevel('421121', '430000')).toBe(false);
    expect(isHigherLevel('420000', '421100')).toBe(false);
    expect(isHigherLevel('421121', '421123')).toBe(false);
  });

  it('dues the paperwork the rule’s hours after the call; exactly on time is not late', () => {
    const at = new Date('2026-09-30T10:00:00Z');
    const due = paperworkDueAt(at, 48);
    // Across National Day: hours are hours, holidays or not.
    expect(due.toISOString()).toBe('2026-10-02T10:00:00.000Z');
    expect(paperworkLate(due, due)).toBe(false);
    expect(paperworkLate(due, new Date(due.getTime() + 1))).toBe(true);
    expect(paperworkLate(due, new Date(due.getTime() + 3_600_000))).toBe(true);
  });

  it('measures delivery hours and lateness against the target', () => {
    const sent = new Date('2026-11-29T02:00:00Z');
    expect(deliveryHours(sent, new Date('2026-11-29T10:00:00Z'))).toBe(8);
    expect(deliveryHours(sent, new Date('2026-11-29T10:20:00Z'))).toBe(8.33);
    expect(deliveredLate(8, 8)).toBe(false);
    expect(deliveredLate(8.01, 8)).toBe(true);
    expect(deliveredLate(100, null)).toBe(false);
  });

  it('compares an instruction with its request per item', () => {
    expect(
      againstRequest(
        [
          { itemCode: '1010101', quantity: 50, ownStock: 0 },
          { itemCode: '1020101', quantity: 100, ownStock: 3 },
        ],
        [
          { itemCode: '1010101', quantity: 30, lotId: null },
          { itemCode: '1010101', quantity: 10, lotId: null },
          { itemCode: '1020101', quantity: 120, lotId: null },
          { itemCode: '1010201', quantity: 5, lotId: null },
        ],
      ),
    ).toEqual([
      { itemCode: '1010101', requestedQuantity: 50, instructedQuantity: 40, shortOfRequest: 10 },
      { itemCode: '1020101', requestedQuantity: 100, instructedQuantity: 120, shortOfRequest: 0 },
      { itemCode: '1010201', requestedQuantity: 0, instructedQuantity: 5, shortOfRequest: 0 },
    ]);
  });

  it('takes the soonest-expiring lots first, undated last, and refuses what the lots do not hold', () => {
    const lots = [
      { id: 'c', quantityOnHand: 10, expiresOn: null, receivedOn: '2026-01-01' },
      { id: 'b', quantityOnHand: 5, expiresOn: '2027-06-01', receivedOn: '2026-01-01' },
      { id: 'a', quantityOnHand: 4, expiresOn: '2027-01-01', receivedOn: '2026-02-01' },
    ];
    expect(firstExpiringFirst(lots, 3)).toEqual([{ lotId: 'a', quantity: 3 }]);
    expect(firstExpiringFirst(lots, 12)).toEqual([
      { lotId: 'a', quantity: 4 },
      { lotId: 'b', quantity: 5 },
      { lotId: 'c', quantity: 3 },
    ]);
    expect(firstExpiringFirst(lots, 20)).toBeNull();
  });
});
