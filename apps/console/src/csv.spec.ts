import fc from 'fast-check';
import { parseCsv, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes what needs quoting', () => {
    expect(toCsv(['项目', '金额'], [['a, "b"', '1,234.00']])).toBe('项目,金额\r\n"a, ""b""","1,234.00"\r\n');
  });

  it('reads back exactly the table it wrote, whatever the cells hold', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.string(), { minLength: 1, maxLength: 4 })
          .chain((header) =>
            fc.tuple(
              fc.constant(header),
              fc.array(fc.array(fc.string(), { minLength: header.length, maxLength: header.length })),
            ),
          ),
        ([header, rows]) => {
          expect(parseCsv(toCsv(header, rows))).toEqual([header, ...rows]);
        },
      ),
    );
  });
});
