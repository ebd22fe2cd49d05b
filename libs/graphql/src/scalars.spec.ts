import fc from 'fast-check';
import { Kind } from 'graphql';
import { DateTimeScalar, MoneyScalar } from './index';

describe('Money scalar', () => {
  it('carries 10^15 fen exactly, in and out', () => {
    const fen = MoneyScalar.parseValue('1000000000000000');
    expect(fen).toBe(10n ** 15n);
    expect(MoneyScalar.serialize(fen)).toBe('1000000000000000');
  });

  it('round-trips every bigint in the PostgreSQL bigint range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (fen) => {
        expect(MoneyScalar.parseValue(MoneyScalar.serialize(fen))).toBe(fen);
      }),
    );
  });

  it.each([['12.50'], ['1e3'], [''], ['0x10'], ['007'], ['9223372036854775808'], [12.5], [null]])(
    'rejects %p with BAD_USER_INPUT',
    (value) => {
      expect(() => MoneyScalar.parseValue(value)).toThrow(/Money must be a string of integer fen/);
    },
  );

  it('rejects number literals so no client sends a float', () => {
    expect(() => MoneyScalar.parseLiteral({ kind: Kind.INT, value: '100' })).toThrow(/must be strings/);
  });
});

describe('DateTime scalar', () => {
  it('accepts ISO-8601 with an offset and answers in UTC', () => {
    const date = DateTimeScalar.parseValue('2026-07-01T08:00:00+08:00');
    expect(DateTimeScalar.serialize(date)).toBe('2026-07-01T00:00:00.000Z');
  });

  it('rejects timestamps without a zone', () => {
    expect(() => DateTimeScalar.parseValue('2026-07-01 08:00')).toThrow(/ISO-8601/);
  });
});
