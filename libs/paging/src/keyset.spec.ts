import {
  afterKey,
  decodeCursor,
  encodeCursor,
  readPage,
  readSeqKey,
  readTimeKey,
  timeKeyOf,
  type Page,
} from './index';

const ID = '00000000-0000-4000-8000-000000000001';
const pageAfter = (...key: string[]): Page => readPage({ after: encodeCursor(key) });
const forged = (cursorText: string) => Buffer.from(cursorText).toString('base64url');

describe('pagination', () => {
  it('defaults to 20 and bounds first to 1..100', () => {
    expect(readPage({}).limit).toBe(20);
    expect(() => readPage({ first: 0 })).toThrow(/first must be between 1 and 100/);
    expect(() => readPage({ first: 101 })).toThrow(/first must be between 1 and 100/);
  });

  it('round-trips cursors and rejects forged ones', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01', 'abc']))).toEqual(['2026-01-01', 'abc']);
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(/not a cursor/);
  });

  describe('forged cursors are refused before they reach the database', () => {
    it('refuses a NUL or any other control character in any part of the key', () => {
      for (const part of ['a\u0000b', '\u0000', 'line\nbreak', 'bell\u0007', 'del\u007f', 'c1\u0085']) {
        expect(() => decodeCursor(encodeCursor(['x', part]))).toThrow(/not a cursor/);
      }
      expect(() => readPage({ after: forged('["2026-01-01T00:00:00.000Z\\u0000","x"]') })).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
      expect(decodeCursor(encodeCursor(['汉字 and spaces', 'ok']))).toEqual(['汉字 and spaces', 'ok']);
    });

    it('refuses a cursor that is not JSON, not a list of strings, or absurdly long', () => {
      for (const text of ['{', '[]', '[1]', '"x"', '{"a":"b"}', '[null]']) {
        expect(() => decodeCursor(forged(text))).toThrow(/not a cursor/);
      }
      expect(() => decodeCursor(encodeCursor(['x'.repeat(2000)]))).toThrow(/not a cursor/);
    });

    it('reads a time key only when the time round-trips and fits timestamptz', () => {
      const at = new Date('2026-07-06T04:30:00.000Z');
      expect(readTimeKey(pageAfter(...timeKeyOf(at, ID)))).toEqual({ at, id: ID });
      expect(readTimeKey(pageAfter('-004713-11-24T00:00:00.000Z', ID))?.at.getUTCFullYear()).toBe(-4713);
      for (const time of [
        '-271821-04-20T00:00:00.000Z', // JavaScript's earliest date, long before PostgreSQL's
        '-004713-11-23T23:59:59.999Z', // a millisecond before timestamptz begins
        '2026-02-30T00:00:00.000Z', // no such day: Date would roll it over to March
        '2026-07-06', // a date, not the instant this API writes
        '2026-07-06T04:30:00+08:00', // another spelling of an instant
        'Mon, 06 Jul 2026 04:30:00 GMT',
        '',
      ]) {
        expect(() => readTimeKey(pageAfter(time, ID))).toThrow(/not a cursor returned by this connection/);
      }
      expect(() => readTimeKey(pageAfter('2026-07-06T04:30:00.000Z', 'not-a-uuid'))).toThrow(/not a cursor/);
    });

    it('reads a sequence key as a number within int8', () => {
      expect(readSeqKey(pageAfter('9'))).toBe(9n);
      expect(readSeqKey(pageAfter('9223372036854775807'))).toBe(9223372036854775807n);
      for (const seq of [
        '9223372036854775808',
        '99999999999999999999',
        '-1',
        '010',
        '1e3',
        '1.5',
        ' 1',
        '',
      ]) {
        expect(() => readSeqKey(pageAfter(seq))).toThrow(/not a cursor returned by this connection/);
      }
      expect(() => readSeqKey(pageAfter('1', '2'))).toThrow(/not a cursor returned by this connection/);
    });

    it('checks each part of a keyset key against its shape', () => {
      const shape = ['int', 'date', 'time', 'int8', 'uuid', 'text'] as const;
      const good = ['2', '2026-07-06', '2026-07-06T04:30:00.000Z', '12', ID, 'Huanggang'];
      expect(afterKey(pageAfter(...good), shape)).toEqual(good);
      const bad: [number, string][] = [
        [0, '2147483648'],
        [0, 'abc'],
        [1, '2026-02-30'],
        [1, '12026-01-01'],
        [2, '+275760-09-14T00:00:00.000Z'],
        [3, '9223372036854775808'],
        [4, 'x'],
      ];
      for (const [i, part] of bad) {
        const key = [...good];
        key[i] = part;
        expect(() => afterKey(pageAfter(...key), shape)).toThrow(/not a cursor returned by this connection/);
      }
      expect(() => afterKey(pageAfter(...good.slice(1)), shape)).toThrow(/not a cursor/);
      // The length form keeps its meaning: text parts, then an id.
      expect(afterKey(pageAfter('Huanggang', ID), 2)).toEqual(['Huanggang', ID]);
      expect(() => afterKey(pageAfter('Huanggang', 'x'), 2)).toThrow(/not a cursor/);
      expect(afterKey(pageAfter('421100'), 1, false)).toEqual(['421100']);
    });
  });
});
