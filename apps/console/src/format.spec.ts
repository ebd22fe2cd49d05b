import { chinaDay, chinaTime, fenOfYuan, sumFen, yuan } from './format';

describe('amounts and instants as the console shows them', () => {
  it('shows fen as yuan with every fen and thousands separators, exactly beyond a float’s precision', () => {
    expect(yuan('123456789012')).toBe('1,234,567,890.12');
    expect(yuan('5')).toBe('0.05');
    expect(yuan('0')).toBe('0.00');
    expect(yuan('-110000000')).toBe('-1,100,000.00');
    expect(yuan(900719925474099312n)).toBe('9,007,199,254,740,993.12');
  });

  it('reads an amount typed in yuan as fen, and refuses what is not one', () => {
    expect(fenOfYuan('1,100,000.00')).toBe(110000000n);
    expect(fenOfYuan(' 12.5 ')).toBe(1250n);
    expect(fenOfYuan('90071992547409931')).toBe(9007199254740993100n);
    for (const bad of ['', '-1', '1.234', '1,00', '1e3', 'abc', '1,000,0.00'])
      expect(fenOfYuan(bad)).toBeNull();
  });

  it('sums fen exactly', () => {
    expect(sumFen(['9007199254740993', '1', '-4'])).toBe(9007199254740990n);
    expect(sumFen([])).toBe(0n);
  });

  it('dates an instant in China Standard Time, whatever the zone it is written in', () => {
    expect(chinaDay('2026-07-05T16:30:00Z')).toBe('2026-07-06');
    expect(chinaTime('2026-07-05T16:30:00Z')).toBe('2026-07-06 00:30');
    expect(chinaTime('2026-07-06T04:30:00+08:00')).toBe('2026-07-06 04:30');
  });
});
