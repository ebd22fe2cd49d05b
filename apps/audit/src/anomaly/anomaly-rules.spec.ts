import { isWorkingDay } from '@emergency/domain';
import { bind } from './anomaly-detection.sql';
import {
  ANOMALY_RULE_KEYS,
  median,
  moreThanDaysSince,
  priceFarFromMedian,
  ruleSetProblem,
  splitBelowThreshold,
  withinDays,
  type AnomalyRuleInput,
} from './anomaly-rules';

const wholeSet = (): AnomalyRuleInput[] =>
  ANOMALY_RULE_KEYS.map((ruleKey) => ({
    ruleKey,
    enabled: true,
    days: [
      'STAGE_EXCEEDS_PREVIOUS',
      'UNIT_PRICE_FAR_FROM_MEDIAN',
      'HOUSEHOLD_PAID_TWICE',
      'MONEY_TO_DISSOLVED_ORGANISATION',
      'GOODS_EXPIRED_IN_STORE',
      'DIRECTED_DONATION_MISUSED',
    ].includes(ruleKey)
      ? null
      : 30,
    factor: ruleKey === 'UNIT_PRICE_FAR_FROM_MEDIAN' ? 2 : null,
    thresholdFen: ruleKey === 'SPLIT_BELOW_TENDER_THRESHOLD' ? '200000000' : null,
    source: 'local practice',
  }));

describe('anomaly rules', () => {
  it('counts calendar days: more than N days only from the day after the Nth, holidays like any day', () => {
    expect(moreThanDaysSince('2026-07-10', 90, '2026-10-08')).toBe(false);
    expect(moreThanDaysSince('2026-07-10', 90, '2026-10-09')).toBe(true);
    // Across the 2026 National Day holiday (1–8 October): the days count though they are not worked.
    expect(isWorkingDay('2026-10-05')).toBe(false);
    expect(moreThanDaysSince('2026-09-30', 7, '2026-10-07')).toBe(false);
    expect(moreThanDaysSince('2026-09-30', 7, '2026-10-08')).toBe(true);
  });

  it('puts two payments in a window when they are at most its days apart, in either order', () => {
    expect(withinDays('2026-09-28', '2026-10-05', 7)).toBe(true);
    expect(withinDays('2026-10-05', '2026-09-28', 7)).toBe(true);
    expect(withinDays('2026-09-28', '2026-10-06', 7)).toBe(false);
  });

  it('finds a unit price far from the median on either side, not on the boundary', () => {
    expect(median([100n, 49n, 201n, 100n, 50n, 200n, 100n])).toBe(100);
    expect(median([100n, 300n])).toBe(200);
    expect(median([])).toBeNull();
    expect(priceFarFromMedian(200n, 100, 2)).toBe(false);
    expect(priceFarFromMedian(201n, 100, 2)).toBe(true);
    expect(priceFarFromMedian(50n, 100, 2)).toBe(false);
    expect(priceFarFromMedian(49n, 100, 2)).toBe(true);
  });

  it('finds purchases split below a tender threshold within the window, together reaching it', () => {
    const threshold = 200_000_000n;
    const at = (on: string, amountFen: bigint) => ({ on, amountFen });
    expect(
      splitBelowThreshold([at('2026-09-02', 120_000_000n), at('2026-10-02', 80_000_000n)], threshold, 30),
    ).toBe(true);
    expect(
      splitBelowThreshold([at('2026-09-02', 120_000_000n), at('2026-10-03', 90_000_000n)], threshold, 30),
    ).toBe(false);
    expect(
      splitBelowThreshold([at('2026-09-02', 100_000_000n), at('2026-09-03', 99_999_999n)], threshold, 30),
    ).toBe(false);
    // One purchase at the threshold was tendered: it is not part of a split.
    expect(splitBelowThreshold([at('2026-09-02', 200_000_000n), at('2026-09-03', 10n)], threshold, 30)).toBe(
      false,
    );
  });

  it('accepts a whole rule set and says what is wrong with any other', () => {
    expect(ruleSetProblem(wholeSet())).toBeNull();
    expect(ruleSetProblem(wholeSet().slice(1))).toMatchObject({
      field: 'rules',
      ruleKey: 'STAGE_EXCEEDS_PREVIOUS',
    });
    const set = wholeSet();
    expect(ruleSetProblem([...set, set[0]!])).toMatchObject({ field: 'rules[13].ruleKey' });
    expect(ruleSetProblem([{ ...set[0]!, ruleKey: 'EVERYTHING' }, ...set.slice(1)])).toMatchObject({
      field: 'rules[0].ruleKey',
    });
    const idle = set.findIndex((r) => r.ruleKey === 'IDLE_ALLOCATION');
    const withDays = (days: number | null) => set.map((r, i) => (i === idle ? { ...r, days } : r));
    expect(ruleSetProblem(withDays(null))).toMatchObject({ field: `rules[${idle}].days` });
    expect(ruleSetProblem(withDays(0))).toMatchObject({ field: `rules[${idle}].days` });
    expect(ruleSetProblem(withDays(3661))).toMatchObject({ field: `rules[${idle}].days` });
    expect(ruleSetProblem(withDays(3660))).toBeNull();
    const price = set.findIndex((r) => r.ruleKey === 'UNIT_PRICE_FAR_FROM_MEDIAN');
    expect(ruleSetProblem(set.map((r, i) => (i === price ? { ...r, factor: 1 } : r)))).toMatchObject({
      field: `rules[${price}].factor`,
    });
    expect(ruleSetProblem(set.map((r, i) => (i === price ? { ...r, days: 5 } : r)))).toMatchObject({
      field: `rules[${price}].days`,
    });
    const split = set.findIndex((r) => r.ruleKey === 'SPLIT_BELOW_TENDER_THRESHOLD');
    expect(ruleSetProblem(set.map((r, i) => (i === split ? { ...r, thresholdFen: '0' } : r)))).toMatchObject({
      field: `rules[${split}].thresholdFen`,
    });
    expect(ruleSetProblem(set.map((r, i) => (i === 0 ? { ...r, source: ' ' } : r)))).toMatchObject({
      field: 'rules[0].source',
    });
  });

  it('numbers named SQL parameters by first use, once each, leaving casts alone', () => {
    expect(
      bind('SELECT :fund::uuid, :today::date, :fund::uuid::text', { fund: 'f', today: 'd', days: 3 }),
    ).toEqual({
      text: 'SELECT $1::uuid, $2::date, $1::uuid::text',
      params: ['f', 'd'],
    });
    expect(() => bind('SELECT :missing', {})).toThrow('no value for :missing');
  });
});
