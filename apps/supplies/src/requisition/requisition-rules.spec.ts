import { outstandingOf, publishedOwnerName, statusOf, strictlyBelow } from './requisition-rules';

describe('requisition rules', () => {
  it.each([
    ['420000', '421121', true],
    ['420000', '421100', true],
    ['421100', '421121', true],
    ['421100', '421100', false],
    ['421100', '420000', false],
    ['421100', '421200', false],
    ['421121', '421121', false],
    ['421121', '421123', false],
  ])('a point of %s may take stock at %s: %s', (requisitioner, region, expected) => {
    expect(strictlyBelow(requisitioner, region)).toBe(expected);
  });

  const owner = (owed: bigint, kind: bigint, money: bigint) => ({
    owedFen: owed,
    repaidInKindFen: kind,
    repaidInMoneyFen: money,
  });

  it('is OPEN until something is repaid, PARTLY_REPAID until every owner is, then REPAID', () => {
    expect(statusOf([owner(100n, 0n, 0n), owner(50n, 0n, 0n)])).toBe('OPEN');
    expect(statusOf([owner(100n, 100n, 0n), owner(50n, 0n, 0n)])).toBe('PARTLY_REPAID');
    expect(statusOf([owner(100n, 50n, 49n)])).toBe('PARTLY_REPAID');
    expect(statusOf([owner(100n, 50n, 50n), owner(50n, 0n, 50n)])).toBe('REPAID');
    expect(outstandingOf(owner(100n, 30n, 20n))).toBe(50n);
  });

  it("masks a person's name, never an enterprise's", () => {
    expect(publishedOwnerName('PERSON', '张三丰')).not.toBe('张三丰');
    expect(publishedOwnerName('PERSON', '张三丰')).toContain('张');
    expect(publishedOwnerName('ENTERPRISE', '团风县安达运输有限公司')).toBe('团风县安达运输有限公司');
  });
});
