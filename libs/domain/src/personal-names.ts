/**
 * A natural person's name as it may be published (a donor on a donation list, a household head on a village
 * list): the family name and one asterisk per other character, 张** for 张三丰, W*** for Wang. Names that are
 * one character long are left as they are; an organisation's name is never masked.
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}
