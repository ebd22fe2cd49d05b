import { childClassLength, requiredClassOf, supplyCodeProblem } from './catalogue-rules';

describe('catalogue rules', () => {
  it.each(['1010101', '2020201', '3010101', '1999999', '1019901', '1010199'])('accepts %s', (code) => {
    expect(supplyCodeProblem(code)).toBeNull();
  });

  it.each([
    ['101010', '7 digits'],
    ['10101011', '7 digits'],
    ['10101a1', '7 digits'],
    ['4010101', 'layer 1'],
    ['0010101', 'layer 1'],
    ['1000101', '01 to 99'],
    ['1010001', '01 to 99'],
    ['1010100', '01 to 99'],
    ['1990101', 'after 99 comes 99'],
  ])('refuses %s (%s)', (code, why) => {
    expect(supplyCodeProblem(code)).toContain(why);
  });

  it('asks for the small class, or the parent of a catch-all layer', () => {
    expect(requiredClassOf('1010101')).toBe('10101');
    expect(requiredClassOf('1019901')).toBe('101');
    expect(requiredClassOf('1999901')).toBe('1');
    expect(requiredClassOf('1010199')).toBe('10101');
  });

  it('knows how long the codes of a parent’s children are', () => {
    expect(childClassLength(null)).toBe(1);
    expect(childClassLength('1')).toBe(3);
    expect(childClassLength('101')).toBe(5);
    expect(childClassLength('10101')).toBeNull();
  });
});
