import fc from 'fast-check';
import { FIGURE_COUNTS, NO_FIGURES, type IncidentFigures } from './incident-figures';
import {
  gradeRank,
  regionPrefixes,
  regradingWindowEnd,
  requiredRuleSet,
  rulesInForce,
  suggestGrade,
  type GradingCriterion,
  type GradingRule,
} from './incident-grading-rules';

const O493 = 'State Council Order 493, art. 3';
const PLAN = 'National natural-disaster relief plan (2016)';
const rule = (grade: string, metric: string, minimum: bigint, source = O493) =>
  ({ grade, metric, minimum, source }) as GradingCriterion;

/** The seeded national rules for accidents (O493 art. 3). */
const ACCIDENT: GradingCriterion[] = [
  rule('I', 'DEATHS', 30n),
  rule('I', 'SERIOUSLY_INJURED', 100n),
  rule('I', 'DIRECT_LOSS_FEN', 10_000_000_000n),
  rule('II', 'DEATHS', 10n),
  rule('II', 'SERIOUSLY_INJURED', 50n),
  rule('II', 'DIRECT_LOSS_FEN', 5_000_000_000n),
  rule('III', 'DEATHS', 3n),
  rule('III', 'SERIOUSLY_INJURED', 10n),
  rule('III', 'DIRECT_LOSS_FEN', 1_000_000_000n),
  rule('IV', 'EVERY_INCIDENT', 1n),
];

/** The seeded national triggers for natural disasters. */
const DISASTER: GradingCriterion[] = (
  [
    ['I', 200n, 2_000_000n, 300_000n],
    ['II', 100n, 1_000_000n, 200_000n],
    ['III', 50n, 500_000n, 100_000n],
    ['IV', 20n, 100_000n, 10_000n],
  ] as const
).flatMap(([grade, deaths, people, houses]) => [
  rule(grade, 'DEATHS', deaths, PLAN),
  rule(grade, 'RELOCATED', people, PLAN),
  rule(grade, 'NEEDING_RELIEF', people, PLAN),
  rule(grade, 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED', houses, PLAN),
]);

const figures = (given: Partial<IncidentFigures>): IncidentFigures => ({ ...NO_FIGURES, ...given });

describe('suggestGrade', () => {
  it('grades an accident by O493 art. 3, the bound included ("以上"), at least IV', () => {
    expect(suggestGrade(ACCIDENT, figures({})).grade).toBe('IV');
    expect(suggestGrade(ACCIDENT, figures({ deaths: 2 })).grade).toBe('IV');
    expect(suggestGrade(ACCIDENT, figures({ deaths: 3 })).grade).toBe('III');
    expect(suggestGrade(ACCIDENT, figures({ deaths: 9 })).grade).toBe('III');
    expect(suggestGrade(ACCIDENT, figures({ deaths: 10 })).grade).toBe('II');
    expect(suggestGrade(ACCIDENT, figures({ deaths: 30 })).grade).toBe('I');
    expect(suggestGrade(ACCIDENT, figures({ seriouslyInjured: 100 })).grade).toBe('I');
    expect(suggestGrade(ACCIDENT, figures({ directLossFen: 9_999_999_999n })).grade).toBe('II');
    expect(suggestGrade(ACCIDENT, figures({ directLossFen: 10_000_000_000n })).grade).toBe('I');
  });

  it('takes the highest grade any criterion reaches, with the criteria that reach it', () => {
    // The mine accident: 12 deaths (II), 8 seriously injured (IV), 5,500万 loss (II).
    const suggestion = suggestGrade(
      ACCIDENT,
      figures({ deaths: 12, seriouslyInjured: 8, directLossFen: 5_500_000_000n }),
    );
    expect(suggestion).toEqual({
      grade: 'II',
      reasons: [
        { metric: 'DEATHS', value: 12n, minimum: 10n, grade: 'II', source: O493 },
        {
          metric: 'DIRECT_LOSS_FEN',
          value: 5_500_000_000n,
          minimum: 5_000_000_000n,
          grade: 'II',
          source: O493,
        },
      ],
    });
  });

  it('suggests no grade for a natural disaster below the lowest trigger, and counts houses together', () => {
    expect(suggestGrade(DISASTER, figures({ deaths: 19, relocated: 99_999 }))).toEqual({
      grade: null,
      reasons: [],
    });
    expect(suggestGrade(DISASTER, figures({ deaths: 20 })).grade).toBe('IV');
    const houses = suggestGrade(
      DISASTER,
      figures({ housesCollapsed: 60_000, housesSeverelyDamaged: 40_000 }),
    );
    expect(houses.grade).toBe('III');
    expect(houses.reasons).toEqual([
      {
        metric: 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED',
        value: 100_000n,
        minimum: 100_000n,
        grade: 'III',
        source: PLAN,
      },
    ]);
    expect(suggestGrade(DISASTER, figures({ needingRelief: 2_000_000 })).grade).toBe('I');
  });

  it('counts deaths and missing together for DEATHS_AND_MISSING, unknown when neither is known', () => {
    const rules = [rule('I', 'DEATHS_AND_MISSING', 200n)];
    expect(suggestGrade(rules, figures({ deaths: 150, missing: 50 })).grade).toBe('I');
    expect(suggestGrade(rules, figures({ missing: 199 })).grade).toBeNull();
    expect(suggestGrade(rules, figures({})).grade).toBeNull();
  });

  it('never suggests a lower grade for more of any figure', () => {
    const figure = fc.integer({ min: 0, max: 3_000_000 });
    const arbitraryFigures = fc.record({
      ...Object.fromEntries(FIGURE_COUNTS.map((name) => [name, fc.option(figure, { nil: null })])),
      directLossFen: fc.option(fc.bigInt({ min: 0n, max: 20_000_000_000n }), { nil: null }),
    }) as fc.Arbitrary<IncidentFigures>;
    const names = [...FIGURE_COUNTS, 'directLossFen'] as const;
    const rank = (g: string | null) => (g === null ? 0 : gradeRank(g as 'I'));
    fc.assert(
      fc.property(
        arbitraryFigures,
        fc.constantFrom(...names),
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.constantFrom(ACCIDENT, DISASTER),
        (before, name, more, rules) => {
          const after = { ...before };
          if (name === 'directLossFen') after.directLossFen = (before.directLossFen ?? 0n) + BigInt(more);
          else after[name] = (before[name] ?? 0) + more;
          expect(rank(suggestGrade(rules, after).grade)).toBeGreaterThanOrEqual(
            rank(suggestGrade(rules, before).grade),
          );
        },
      ),
    );
  });
});

describe('rulesInForce', () => {
  const stored = (regionPrefix: string, category: string, subcategory: string | null, grade = 'IV') =>
    ({ ...rule(grade, 'DEATHS', 1n), regionPrefix, category, subcategory }) as GradingRule;
  const national = stored('', 'NATURAL_DISASTER', null);
  const hubei = stored('42', 'NATURAL_DISASTER', null);
  const tuanfengFloods = stored('421121', 'NATURAL_DISASTER', 'FLOOD');
  const all = [national, hubei, tuanfengFloods, stored('4211', 'ACCIDENT', null)];

  it('takes the whole set of the longest prefix that has rules for the category', () => {
    const scope = { regionCode: '421121', category: 'NATURAL_DISASTER', subcategory: 'FLOOD' } as const;
    expect(rulesInForce(all, scope)).toEqual({ regionPrefix: '421121', rules: [tuanfengFloods] });
    expect(rulesInForce(all, { ...scope, subcategory: 'DROUGHT' })).toEqual({
      regionPrefix: '42',
      rules: [hubei],
    });
    expect(rulesInForce(all, { ...scope, regionCode: '421181' })).toEqual({
      regionPrefix: '42',
      rules: [hubei],
    });
    expect(rulesInForce([national], { ...scope, regionCode: '421181' })).toEqual({
      regionPrefix: '',
      rules: [national],
    });
    expect(rulesInForce(all, { ...scope, category: 'PUBLIC_HEALTH' })).toEqual({
      regionPrefix: null,
      rules: [],
    });
  });

  it('lists a region’s prefixes longest first', () => {
    expect(regionPrefixes('421121')).toEqual(['421121', '4211', '42', '']);
  });
});

describe('requiredRuleSet', () => {
  const outOfOrder = (message: string, field: string) => Object.assign(new Error(message), { field });
  const input = (grade: string, metric: string, minimum: string) => ({
    grade,
    metric,
    minimum,
    source: O493,
  });
  const failure = (rules: ReturnType<typeof input>[]) => {
    try {
      requiredRuleSet(rules, 'rules', outOfOrder);
    } catch (e) {
      return e as { field?: string; extensions?: { code: string; field: string } };
    }
    throw new Error('accepted');
  };

  it('accepts ordered grades and reads the minimums as whole numbers', () => {
    expect(
      requiredRuleSet(
        [input('II', 'DEATHS', '10'), input('III', 'DEATHS', '3'), input('IV', 'EVERY_INCIDENT', '1')],
        'rules',
        outOfOrder,
      ),
    ).toEqual([rule('II', 'DEATHS', 10n), rule('III', 'DEATHS', 3n), rule('IV', 'EVERY_INCIDENT', 1n)]);
  });

  it('refuses minimums not above 0 and EVERY_INCIDENT above 1 with BAD_USER_INPUT naming the minimum', () => {
    for (const minimum of ['0', '-1', '1.5', 'x']) {
      expect(failure([input('I', 'DEATHS', minimum)]).extensions).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'rules.0.minimum' }),
      );
    }
    expect(failure([input('IV', 'EVERY_INCIDENT', '2')]).extensions?.field).toBe('rules.0.minimum');
    expect(failure([input('V', 'DEATHS', '1')]).extensions?.field).toBe('rules.0.grade');
  });

  it('refuses a more severe grade with a minimum no larger, or two minimums for one grade', () => {
    expect(failure([input('III', 'DEATHS', '10'), input('II', 'DEATHS', '10')]).field).toBe(
      'rules.1.minimum',
    );
    expect(failure([input('II', 'DEATHS', '10'), input('III', 'DEATHS', '12')]).field).toBe(
      'rules.1.minimum',
    );
    expect(failure([input('II', 'DEATHS', '10'), input('II', 'DEATHS', '12')]).field).toBe('rules.1.minimum');
  });
});

describe('regradingWindowEnd', () => {
  it('ends whole days after the incident occurred', () => {
    expect(regradingWindowEnd(new Date('2026-07-06T04:30:00+08:00'), 7)).toEqual(
      new Date('2026-07-13T04:30:00+08:00'),
    );
  });
});
