import fc from 'fast-check';
import { isIdNumber, isPhoneNumber, maskIdNumber, maskPhone, maySeePersonalData } from './personal-data';

/** Appends the GB 11643 check character to 17 digits. */
function withCheck(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

describe(isIdNumber.name, () => {
  it('accepts numbers with a valid birth date and check character', () => {
    expect(isIdNumber(withCheck('42010219900101123'))).toBe(true);
    expect(isIdNumber('11010519491231002X')).toBe(true);
  });

  it.each([
    ['a wrong check character', '420102199001011230'],
    ['an impossible date', withCheck('42010219900230123')],
    ['a future birth date', withCheck('42010230990101123')],
    ['15 digits (the old format)', '420102900101123'],
    ['a lower-case x', '11010519491231002x'],
  ])('rejects %s', (_label, value) => {
    expect(isIdNumber(value)).toBe(false);
  });

  it('rejects any single-digit change of a valid number', () => {
    const valid = withCheck('42112119850615402');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digit = (Number(valid[position]) + delta) % 10;
        const changed = valid.slice(0, position) + digit + valid.slice(position + 1);
        expect(isIdNumber(changed)).toBe(false);
      }),
    );
  });
});

describe('phone numbers', () => {
  it('accepts mobiles and landlines with area code, and masks all but the ends', () => {
    expect(isPhoneNumber('13812345678')).toBe(true);
    expect(isPhoneNumber('027-87654321')).toBe(true);
    expect(isPhoneNumber('12345')).toBe(false);
    expect(isPhoneNumber('23812345678')).toBe(false);
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('027-87654321')).toBe('027-****4321');
  });

  it('masks identity numbers to the region and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});

describe(maySeePersonalData.name, () => {
  it('shows personal data to admins and to operators in their jurisdiction only', () => {
    expect(maySeePersonalData({ subject: 'a', roles: ['admin'] }, '421121')).toBe(true);
    expect(maySeePersonalData({ subject: 'o', roles: ['operator'], regionCode: '421100' }, '421121')).toBe(
      true,
    );
    expect(maySeePersonalData({ subject: 'o', roles: ['operator'], regionCode: '420900' }, '421121')).toBe(
      false,
    );
    expect(maySeePersonalData({ subject: 'x', roles: ['auditor'] }, '421121')).toBe(false);
  });
});
