import {
  availableOf,
  contributionDescription,
  contributionStage,
  requireAvailable,
  requirePositive,
  requireRecipientWithin,
} from './reconstruction-fund-rules';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';

const FUND = '00000000-0000-4000-8000-000000000002';
const huanggang = { id: 'manager', name: 'Huanggang bureau', regionCode: '421100' };
const tuanfeng = { id: 'recipient', name: 'Tuanfeng bureau', regionCode: '421121' };
const xiaogan = { id: 'other', name: 'Xiaogan bureau', regionCode: '420902' };

describe('reconstruction fund rules', () => {
  describe('requirePositive', () => {
    it.each([0n, -1n])('refuses %s fen with INVALID_AMOUNT naming amountFen', (amountFen) => {
      expect(() => requirePositive(amountFen)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'INVALID_AMOUNT', field: 'amountFen' }),
        }),
      );
    });

    it('accepts one fen and amounts beyond 2^53', () => {
      expect(() => requirePositive(1n)).not.toThrow();
      expect(() => requirePositive(10n ** 15n)).not.toThrow();
    });
  });

  describe('requireAvailable', () => {
    it('accepts an allocation of exactly what is left', () => {
      expect(() => requireAvailable(FUND, 1000n, 1000n)).not.toThrow();
    });

    it('refuses one fen more with INSUFFICIENT_FUNDS, saying what was left and asked', () => {
      let error: unknown;
      try {
        requireAvailable(FUND, 1000n, 1001n);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ReconstructionFundException);
      expect(error).toMatchObject({
        code: ReconstructionFundErrorCode.InsufficientFunds,
        extensions: { field: 'amountFen', availableFen: '1000', requestedFen: '1001' },
      });
    });
  });

  it('counts only paid money not yet allocated as available', () => {
    expect(availableOf({ raisedFen: 1000n, allocatedFen: 400n })).toBe(600n);
  });

  describe('requireRecipientWithin', () => {
    it('lets a prefecture’s fund pass money to an organisation of its counties', () => {
      expect(() => requireRecipientWithin(huanggang, tuanfeng)).not.toThrow();
      expect(() => requireRecipientWithin(huanggang, huanggang)).not.toThrow();
    });

    it('refuses another prefecture’s organisation with RECIPIENT_OUTSIDE_JURISDICTION', () => {
      expect(() => requireRecipientWithin(huanggang, xiaogan)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'RECIPIENT_OUTSIDE_JURISDICTION',
            field: 'organisationId',
            organisationId: 'other',
          }),
        }),
      );
    });

    it('refuses an organisation above the managing organisation', () => {
      expect(() => requireRecipientWithin(tuanfeng, huanggang)).toThrow(ReconstructionFundException);
    });
  });

  it('raises money only when it is paid', () => {
    expect(contributionStage('PAID')).toBe('RAISED');
    expect(contributionStage('COMMITTED')).toBe('PLEDGED');
    expect(contributionStage('PLEDGED')).toBe('PLEDGED');
  });

  it('describes a contribution by its kind and contributor', () => {
    expect(contributionDescription('APPROPRIATION', 'Hubei finance department')).toBe(
      'Appropriation from Hubei finance department',
    );
    expect(contributionDescription('DONATION', 'Donor')).toBe('Donation from Donor');
  });
});
