import fc from 'fast-check';
import { isWorkingDay } from '@emergency/domain';
import { expiryOf, missingIssueReference, movementValue, nextBalance, replay } from './stock-rules';

describe('stock rules', () => {
  it('never lets a lot go below zero', () => {
    expect(nextBalance(10, -10)).toBe(0);
    expect(nextBalance(10, -11)).toBeNull();
    expect(nextBalance(0, 3)).toBe(3);
  });

  it('keeps stock equal to receipts minus issues, never negative, for any sequence of movements', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0),
          { maxLength: 200 },
        ),
        (deltas) => {
          const { balance, journal, refused } = replay(deltas.map((delta) => ({ delta })));
          const receipts = journal.filter((d) => d > 0).reduce((a, b) => a + b, 0);
          const issues = journal.filter((d) => d < 0).reduce((a, b) => a - b, 0);
          expect(balance).toBe(receipts - issues);
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(journal.length + refused).toBe(deltas.length);
          // Every prefix of the accepted journal is non-negative.
          let running = 0;
          for (const d of journal) {
            running += d;
            expect(running).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('values a movement as its signed quantity × the unit value in fen', () => {
    expect(movementValue(-30, 128000n)).toBe(-3840000n);
    expect(movementValue(3, 9007199254740993n)).toBe(27021597764222979n);
  });

  it('takes the given expiry, else receipt plus shelf life, else none', () => {
    expect(expiryOf('2026-11-01', '2027-01-01', 365)).toBe('2027-01-01');
    expect(expiryOf('2026-11-01', null, 365)).toBe('2027-11-01');
    expect(expiryOf('2026-11-01', null, null)).toBeNull();
  });

  it('counts shelf life in calendar days, holidays included (National Day 2026)', () => {
    expect(expiryOf('2026-09-30', null, 10)).toBe('2026-10-10');
    expect(isWorkingDay('2026-10-07')).toBe(false);
    // Expiry falls on a Saturday worked in exchange: a calendar day like any other.
    expect(isWorkingDay('2026-10-10')).toBe(true);
  });

  it('asks each issue for what it is for', () => {
    const none = { incidentId: null, shelterId: null, distributionReference: null, reason: null };
    expect(missingIssueReference('DISPATCH', none)?.field).toBe('incidentId');
    expect(missingIssueReference('USE', { ...none, distributionReference: 'HH-1' })).toBeNull();
    expect(missingIssueReference('WRITE_OFF', none)?.field).toBe('reason');
  });
});
