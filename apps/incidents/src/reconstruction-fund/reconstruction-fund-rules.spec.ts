import { requirePositive, requireRecipientWithin } from './reconstruction-fund-rules';
import { ReconstructionFundException } from './reconstruction-fund.exception';

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
});
