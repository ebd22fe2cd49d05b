import fc from 'fast-check';
import {
  coversCategory,
  coversRegion,
  deactivationReason,
  leadingPlan,
  levelInForce,
  plansToActivate,
  reaches,
  thresholdOf,
  type ActivationThreshold,
  type IncidentView,
  type MatchedPlan,
} from './activation-rules';

const plan = (overrides: Partial<MatchedPlan> = {}): MatchedPlan => ({
  id: 'p',
  planType: 'SPECIAL',
  level: 'COUNTY',
  category: 'NATURAL_DISASTER',
  subcategories: ['FLOOD', 'DROUGHT'],
  regionCode: '421121',
  jointRegionCodes: [],
  status: 'ISSUED',
  ...overrides,
});

const flood = (overrides: Partial<IncidentView> = {}): IncidentView => ({
  regionCode: '421121',
  category: 'NATURAL_DISASTER',
  subcategory: 'FLOOD',
  grade: 'IV',
  responseLevel: null,
  status: 'REPORTED',
  ...overrides,
});

const DEFAULTS: ActivationThreshold[] = [
  { regionPrefix: '', planLevel: 'PROVINCIAL', fromLevel: 'II' },
  { regionPrefix: '', planLevel: 'PREFECTURAL', fromLevel: 'III' },
  { regionPrefix: '', planLevel: 'COUNTY', fromLevel: 'IV' },
];

describe('the level plans are matched against', () => {
  it('is the response level in force, else the grade, and none once the response is lifted', () => {
    expect(levelInForce(flood({ grade: 'IV' }))).toBe('IV');
    expect(levelInForce(flood({ grade: 'IV', responseLevel: 'II', status: 'RESPONDING' }))).toBe('II');
    expect(levelInForce(flood({ grade: 'III', responseLevel: null, status: 'RECOVERY' }))).toBeNull();
    expect(levelInForce(flood({ grade: null }))).toBeNull();
  });

  it.each([
    ['I', 'II', true],
    ['II', 'II', true],
    ['III', 'II', false],
    ['IV', 'IV', true],
    ['IV', 'III', false],
  ] as const)('%s reaches a threshold of %s: %s', (level, threshold, expected) => {
    expect(reaches(level, threshold)).toBe(expected);
  });
});

describe('matching a plan to an incident', () => {
  it('by category: every category, the whole category, or the subcategory named', () => {
    expect(coversCategory(plan({ category: null, subcategories: [] }), flood())).toBe(true);
    expect(coversCategory(plan({ subcategories: [] }), flood())).toBe(true);
    expect(coversCategory(plan({ subcategories: ['FLOOD'] }), flood())).toBe(true);
    expect(coversCategory(plan({ subcategories: ['EARTHQUAKE'] }), flood())).toBe(false);
    expect(coversCategory(plan({ category: 'ACCIDENT', subcategories: [] }), flood())).toBe(false);
    // An incident of the first contract version names no subcategory: only whole-category plans match it.
    expect(coversCategory(plan({ subcategories: ['FLOOD'] }), flood({ subcategory: null }))).toBe(false);
    expect(coversCategory(plan({ subcategories: [] }), flood({ subcategory: null }))).toBe(true);
  });

  it("by region: the plan's region or one above it, or a joint plan's party", () => {
    expect(coversRegion(plan({ regionCode: '421121' }), '421121')).toBe(true);
    expect(coversRegion(plan({ regionCode: '421100' }), '421121')).toBe(true);
    expect(coversRegion(plan({ regionCode: '420000' }), '421121')).toBe(true);
    // The neighbouring county's plan.
    expect(coversRegion(plan({ regionCode: '421123' }), '421121')).toBe(false);
    expect(coversRegion(plan({ regionCode: '421100' }), '420100')).toBe(false);
    const joint = plan({ planType: 'JOINT', regionCode: '421123', jointRegionCodes: ['421121'] });
    expect(coversRegion(joint, '421121')).toBe(true);
    expect(coversRegion({ ...joint, planType: 'SPECIAL' }, '421121')).toBe(false);
    expect(
      coversRegion(plan({ planType: 'JOINT', regionCode: '360000', jointRegionCodes: ['420000'] }), '421121'),
    ).toBe(true);
  });

  it('by level: the plan level’s threshold in the jurisdiction of the plan’s region, the longest prefix winning as a set', () => {
    const rules: ActivationThreshold[] = [
      ...DEFAULTS,
      { regionPrefix: '42', planLevel: 'PROVINCIAL', fromLevel: 'I' },
    ];
    expect(thresholdOf(rules, { regionCode: '420000', level: 'PROVINCIAL' })).toBe('I');
    // Hubei's set names no county level: a Hubei county plan is never started.
    expect(thresholdOf(rules, { regionCode: '421121', level: 'COUNTY' })).toBeNull();
    expect(thresholdOf(rules, { regionCode: '360000', level: 'PROVINCIAL' })).toBe('II');
  });

  it('starts the plans in force that the incident reaches at its level in force', () => {
    const county = plan({ id: 'county', level: 'COUNTY', regionCode: '421121' });
    const prefecture = plan({ id: 'prefecture', level: 'PREFECTURAL', regionCode: '421100' });
    const province = plan({ id: 'province', level: 'PROVINCIAL', regionCode: '420000' });
    const neighbour = plan({ id: 'neighbour', level: 'COUNTY', regionCode: '421123' });
    const draft = plan({ id: 'draft', level: 'COUNTY', status: 'APPROVED' });
    const plans = [county, prefecture, province, neighbour, draft];
    const ids = (incident: IncidentView) => plansToActivate(plans, incident, DEFAULTS).map((p) => p.id);
    expect(ids(flood({ grade: 'IV' }))).toEqual(['county']);
    expect(ids(flood({ grade: 'III' }))).toEqual(['county', 'prefecture']);
    expect(ids(flood({ grade: 'IV', responseLevel: 'II', status: 'RESPONDING' }))).toEqual([
      'county',
      'prefecture',
      'province',
    ]);
    expect(ids(flood({ grade: 'I', responseLevel: null, status: 'RECOVERY' }))).toEqual([]);
  });

  it('names why an activation ends', () => {
    const province = plan({ level: 'PROVINCIAL', regionCode: '420000' });
    expect(deactivationReason(province, flood({ status: 'RECOVERY' }))).toBe('RESPONSE_LIFTED');
    expect(deactivationReason(province, flood({ responseLevel: 'IV', status: 'RESPONDING' }))).toBe(
      'LEVEL_BELOW_THRESHOLD',
    );
    expect(deactivationReason({ ...province, status: 'RETIRED' }, flood())).toBe('NO_LONGER_APPLIES');
    expect(deactivationReason(undefined, flood())).toBe('NO_LONGER_APPLIES');
  });
});

describe('who leads', () => {
  const activation = (
    id: string,
    level: MatchedPlan['level'],
    planType: MatchedPlan['planType'],
    at: string,
  ) => ({
    id,
    activatedAt: new Date(at),
    plan: { level, planType },
  });

  it('the highest-level plan, a special plan over an overall plan at the same level', () => {
    const county = activation('a', 'COUNTY', 'SPECIAL', '2026-07-06T00:00:00Z');
    const provinceOverall = activation('b', 'PROVINCIAL', 'OVERALL', '2026-07-06T01:00:00Z');
    const provinceSpecial = activation('c', 'PROVINCIAL', 'SPECIAL', '2026-07-06T02:00:00Z');
    const prefecture = activation('d', 'PREFECTURAL', 'SPECIAL', '2026-07-06T00:30:00Z');
    expect(leadingPlan([county, prefecture])?.id).toBe('d');
    expect(leadingPlan([county, provinceOverall, prefecture, provinceSpecial])?.id).toBe('c');
    expect(leadingPlan([])).toBeNull();
  });
});

describe('the matching rule, for any plan and level', () => {
  const levelArb = fc.constantFrom('I' as const, 'II' as const, 'III' as const, 'IV' as const);
  const planArb = fc.record({
    id: fc.uuid(),
    planType: fc.constantFrom('SPECIAL' as const, 'OVERALL' as const, 'JOINT' as const),
    level: fc.constantFrom('PROVINCIAL' as const, 'PREFECTURAL' as const, 'COUNTY' as const),
    category: fc.constantFrom(null, 'NATURAL_DISASTER', 'ACCIDENT'),
    subcategories: fc.subarray(['FLOOD', 'DROUGHT', 'EARTHQUAKE']),
    regionCode: fc.constantFrom('420000', '421100', '421121', '421123', '420100'),
    jointRegionCodes: fc.subarray(['421121', '421123']),
    status: fc.constantFrom('ISSUED' as const, 'DRAFT' as const),
  });

  it('starts at a higher level every plan it starts at a lower one', () => {
    fc.assert(
      fc.property(fc.array(planArb, { maxLength: 8 }), levelArb, levelArb, (plans, a, b) => {
        const [low, high] = reaches(a, b) ? [b, a] : [a, b];
        const started = (level: typeof a) =>
          plansToActivate(plans, flood({ grade: level }), DEFAULTS).map((p) => p.id);
        expect(started(high)).toEqual(expect.arrayContaining(started(low)));
      }),
    );
  });

  it('never starts a plan that is not in force, nor one whose region does not cover the incident', () => {
    fc.assert(
      fc.property(fc.array(planArb, { maxLength: 8 }), levelArb, (plans, level) => {
        for (const plan of plansToActivate(
          plans,
          flood({ responseLevel: level, status: 'RESPONDING' }),
          DEFAULTS,
        )) {
          expect(plan.status).toBe('ISSUED');
          expect(coversRegion(plan, '421121')).toBe(true);
          expect(coversCategory(plan, flood())).toBe(true);
        }
      }),
    );
  });
});
