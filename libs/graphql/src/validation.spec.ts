import { oneOf, optionalText, pastOrToday, requiredCalendarDate, requiredRegionCode } from './validation';

describe(requiredCalendarDate.name, () => {
  it('answers INVALID_DATE naming the field', () => {
    expect(() => requiredCalendarDate('2027-02-30', 'completedOn')).toThrow(
      expect.objectContaining({ extensions: { code: 'INVALID_DATE', field: 'completedOn' } }),
    );
  });
});

describe(requiredRegionCode.name, () => {
  it('accepts a 6-digit code and answers INVALID_REGION_CODE naming the field otherwise', () => {
    expect(requiredRegionCode('421100', 'regionCode')).toBe('421100');
    for (const code of ['42110', '4211000', '021100', '42110a', '']) {
      expect(() => requiredRegionCode(code, 'filter.regionCode')).toThrow(
        expect.objectContaining({ extensions: { code: 'INVALID_REGION_CODE', field: 'filter.regionCode' } }),
      );
    }
  });
});

describe(pastOrToday.name, () => {
  it('accepts today and earlier days', () => {
    expect(pastOrToday('2026-07-01', 'admittedOn', '2026-07-01')).toBe('2026-07-01');
    expect(pastOrToday('2019-02-28', 'admittedOn', '2026-07-01')).toBe('2019-02-28');
  });

  it('refuses tomorrow with DATE_IN_FUTURE and a malformed or impossible day with INVALID_DATE, naming the field', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { extensions: Record<string, unknown> }).extensions;
      }
      throw new Error('expected a refusal');
    };
    expect(codeOf(() => pastOrToday('2026-07-02', 'joinedOn', '2026-07-01'))).toEqual({
      code: 'DATE_IN_FUTURE',
      field: 'joinedOn',
    });
    expect(codeOf(() => pastOrToday('2026-02-30', 'leftOn', '2026-07-01'))).toEqual({
      code: 'INVALID_DATE',
      field: 'leftOn',
    });
    expect(codeOf(() => pastOrToday('1/7/2026', 'withdrawnOn', '2026-07-01'))).toEqual({
      code: 'INVALID_DATE',
      field: 'withdrawnOn',
    });
  });
});

describe(optionalText.name, () => {
  it('turns absent and blank text into null, trims the rest and bounds its length', () => {
    expect(optionalText(undefined, 'note', 10)).toBeNull();
    expect(optionalText('  ', 'note', 10)).toBeNull();
    expect(optionalText(' ok ', 'note', 10)).toBe('ok');
    expect(() => optionalText('x'.repeat(11), 'note', 10)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'note' } }),
    );
  });
});

describe(oneOf.name, () => {
  it('accepts an enum member and refuses anything else with BAD_USER_INPUT naming the field', () => {
    expect(oneOf(['READY', 'DEPLOYED'] as const, 'READY', 'readiness')).toBe('READY');
    expect(() => oneOf(['READY', 'DEPLOYED'] as const, 'SLEEPING', 'readiness')).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'readiness' } }),
    );
  });
});
