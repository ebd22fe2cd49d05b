import fc from 'fast-check';
import { EXPERT_FIELDS } from './expert.entity';
import { checkWithdrawal, expertiseOf } from './expert-rules';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected an error');
};

describe(expertiseOf.name, () => {
  it('keeps each field once, in the order of the enumeration', () => {
    expect(expertiseOf(['MEDICAL_RESCUE', 'FLOOD_CONTROL', 'MEDICAL_RESCUE'], 'fields')).toEqual([
      'FLOOD_CONTROL',
      'MEDICAL_RESCUE',
    ]);
  });

  it('refuses an empty set with EXPERTISE_REQUIRED and an unknown field as bad input', () => {
    expect(codeOf(() => expertiseOf([], 'fields'))).toMatchObject({
      code: 'EXPERTISE_REQUIRED',
      field: 'fields',
    });
    expect(codeOf(() => expertiseOf(['FLOOD_CONTROL', 'ASTROLOGY'], 'fields'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'fields',
    });
  });

  it('gives the same stored value for any order or repetition of the same set', () => {
    const field = fc.constantFrom(...EXPERT_FIELDS);
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 30 }), (fields) => {
        const stored = expertiseOf(fields, 'fields');
        expect(expertiseOf([...fields].reverse(), 'fields')).toEqual(stored);
        expect(expertiseOf([...fields, ...fields], 'fields')).toEqual(stored);
        expect(new Set(stored)).toEqual(new Set(fields));
        expect(stored).toEqual(EXPERT_FIELDS.filter((f) => stored.includes(f)));
      }),
    );
  });
});

describe(checkWithdrawal.name, () => {
  it('accepts a withdrawal on or after the admission day and refuses one before it', () => {
    expect(checkWithdrawal('2024-05-01', '2024-05-01', 'withdrawnOn')).toBe('2024-05-01');
    expect(checkWithdrawal('2025-01-01', '2024-05-01', 'withdrawnOn')).toBe('2025-01-01');
    expect(codeOf(() => checkWithdrawal('2024-04-30', '2024-05-01', 'withdrawnOn'))).toMatchObject({
      code: 'WITHDRAWAL_BEFORE_ADMISSION',
      field: 'withdrawnOn',
    });
  });
});
