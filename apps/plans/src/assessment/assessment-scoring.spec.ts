import { childRegions, earnedHundredths, scoreItem, total, type SheetItem } from './assessment-scoring';

const item = (key: string, points: number): SheetItem => ({
  regionPrefix: '',
  key,
  indicator: key,
  title: key,
  points,
  basis: 'test',
  position: 0,
});

describe('assessment scoring', () => {
  it('earns an item’s points in proportion to the obligations met, in hundredths rounded half up', () => {
    expect(earnedHundredths(15, 4, 4)).toBe(1500);
    expect(earnedHundredths(15, 4, 3)).toBe(1125);
    expect(earnedHundredths(10, 3, 1)).toBe(333);
    expect(earnedHundredths(10, 3, 2)).toBe(667);
    expect(earnedHundredths(1, 8, 1)).toBe(13); // 12.5 rounds up
    expect(earnedHundredths(20, 5, 0)).toBe(0);
  });

  it('gives the whole item to an organisation with nothing due', () => {
    expect(earnedHundredths(20, 0, 0)).toBe(2000);
  });

  it('sums a region’s organisations before scoring, and counts every unmet obligation', () => {
    const unmet = (id: string) => ({ kind: 'Drill', id, reason: 'overdue' });
    const score = scoreItem(item('DRILLS', 20), [
      { organisationId: 'a', due: 2, met: 2, unmet: [] },
      { organisationId: 'b', due: 3, met: 0, unmet: [unmet('b1')] },
    ]);
    expect(score).toMatchObject({ due: 5, met: 2, hundredths: 800, unmetCount: 3 });
    expect(score.unmet).toEqual([unmet('b1')]);
    expect(total([score, scoreItem(item('PLANS', 10), [])])).toEqual({ hundredths: 1800, maxScore: 30 });
  });

  it('finds the regions one level down', () => {
    const codes = ['420000', '420100', '420102', '421100', '421102', '421121', '421122'];
    expect(childRegions('420000', codes)).toEqual(['420100', '421100']);
    expect(childRegions('421100', codes)).toEqual(['421102', '421121', '421122']);
    expect(childRegions('421121', codes)).toEqual(['421121']);
  });
});
