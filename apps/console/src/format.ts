/**
 * Amounts and instants as an auditor reads them: yuan with every fen (1,234,567,890.12), from the gateway's fen
 * strings, in exact integer arithmetic; dates and times in China Standard Time whatever the browser's zone.
 */

/** `fen` (a decimal string of integer fen, or a bigint) as yuan with thousands separators and two decimals. */
export function yuan(fen: string | bigint): string {
  const value = typeof fen === 'bigint' ? fen : BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}`;
}

/** The sum of fen strings, exactly. */
export function sumFen(amounts: readonly (string | bigint)[]): bigint {
  return amounts.reduce<bigint>((total, a) => total + BigInt(a), 0n);
}

/**
 * An amount typed in yuan ("1,100,000.00", "1100000", "12.5") as fen, exactly; null when it is not one (more than two
 * decimals, a sign, letters).
 */
export function fenOfYuan(typed: string): bigint | null {
  const match = /^(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(typed.trim());
  if (!match) return null;
  return BigInt(match[1].replace(/,/g, '')) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

const CST = 'Asia/Shanghai';

/** An instant's calendar day in China Standard Time, as YYYY-MM-DD. */
export function chinaDay(instant: string | Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: CST,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

/** An instant in China Standard Time, as YYYY-MM-DD HH:mm. */
export function chinaTime(instant: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CST,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
