import { PlanDrafted } from '@emergency/contracts';
import {
  dissolveOrganisations,
  eventually,
  identities,
  organisationIn,
  readTopic,
  type TestSubgraph,
} from '@emergency/testing';
import {
  DRAFT_PLAN,
  draftPlan,
  HUANGGANG_EMERGENCY,
  HUBEI_EMERGENCY,
  planInput,
  registerOwners,
  startPlans,
  type Plan,
} from './fixtures';

interface Plans {
  edges: { node: { title: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

const GET = `query($id: ID!) { contingencyPlan(id: $id) { id reviewDueOn } }`;
const LIST = `query($filter: ContingencyPlanFilter) {
  contingencyPlans(filter: $filter) { edges { node { title } } pageInfo { hasNextPage endCursor } }
}`;
const PLANS_OF = `query($reps: [_Any!]!, $after: String) {
  _entities(representations: $reps) {
    ... on Organisation { id plans(first: 2, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } } }
  }
}`;

/** A draft every refusal below starts from, changing one field. */
const refusable = (overrides: Record<string, unknown> = {}) =>
  planInput({
    title: 'Plan',
    planType: 'OVERALL',
    level: 'COUNTY',
    category: null,
    subcategories: [],
    ...overrides,
  });

/** The plans subgraph against the real PostgreSQL and broker, called as the gateway would call it. */
describe('plans subgraph', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startPlans();
    await registerOwners(sut, [HUBEI_EMERGENCY, HUANGGANG_EMERGENCY]);
  }, 120_000);

  afterAll(async () => {
    await sut?.stop();
  });

  const plans = () => sut.count('contingency_plan');

  it('drafts a plan, reads it back and announces it on the plans topic', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const plan = await draftPlan(sut);
      expect(plan).toEqual({
        id: plan.id,
        title: 'Huanggang Flood Control Emergency Plan',
        planType: 'SPECIAL',
        level: 'PREFECTURAL',
        category: 'NATURAL_DISASTER',
        subcategories: ['FLOOD', 'DROUGHT'],
        owner: { id: HUANGGANG_EMERGENCY.id },
        lead: { id: HUANGGANG_EMERGENCY.id },
        commandBody: null,
        parent: null,
        regionCode: '421100',
        jointRegionCodes: [],
        status: 'DRAFT',
        reviewDueOn: '2027-06-30',
      });
      const { contingencyPlan } = await sut.call<{ contingencyPlan: Plan }>(GET, { id: plan.id });
      expect(contingencyPlan).toEqual({ id: plan.id, reviewDueOn: '2027-06-30' });

      const event = await eventually(async () => {
        const found = reader.messages.find((m) => m.key === plan.id);
        if (!found) throw new Error('PlanDrafted not on the topic yet');
        return found;
      });
      expect(event.headers.ce_type).toBe(PlanDrafted.type);
      expect(event.value).toEqual({
        planId: plan.id,
        title: plan.title,
        planType: 'SPECIAL',
        level: 'PREFECTURAL',
        category: 'NATURAL_DISASTER',
        subcategories: ['FLOOD', 'DROUGHT'],
        ownerOrganisationId: HUANGGANG_EMERGENCY.id,
        leadOrganisationId: HUANGGANG_EMERGENCY.id,
        parentPlanId: null,
        regionCode: '421100',
        jointRegionCodes: [],
      });
    } finally {
      await reader.stop();
    }
  });

  it.each([
    ['a blank title', { title: '  ' }, 'BAD_USER_INPUT'],
    ['a malformed owner id', { ownerOrganisationId: 'huanggang' }, 'BAD_USER_INPUT'],
    ['a malformed region code', { regionCode: '4211' }, 'INVALID_REGION_CODE'],
    ['a day that does not exist', { reviewDueOn: '2027-02-30' }, 'INVALID_DATE'],
    ['a date in another format', { reviewDueOn: '30/06/2027' }, 'INVALID_DATE'],
    ['an overall plan for one category', { category: 'NATURAL_DISASTER' }, 'PLAN_TYPE_MISMATCH'],
    ['a special plan for no category', { planType: 'SPECIAL' }, 'PLAN_TYPE_MISMATCH'],
    ['an overall plan of a township', { level: 'TOWNSHIP' }, 'PLAN_TYPE_MISMATCH'],
    ['a community plan above village level', { planType: 'COMMUNITY' }, 'PLAN_TYPE_MISMATCH'],
    ['a joint plan with no other region', { planType: 'JOINT' }, 'PLAN_TYPE_MISMATCH'],
    ['other regions on a plan not joint', { jointRegionCodes: ['421122'] }, 'PLAN_TYPE_MISMATCH'],
    [
      'a subcategory of another category',
      { planType: 'SPECIAL', category: 'ACCIDENT', subcategories: ['FLOOD'] },
      'BAD_USER_INPUT',
    ],
    ['a category that does not exist', { planType: 'UNIT', category: 'WEATHER' }, 'BAD_USER_INPUT'],
    ['an unknown higher plan', { parentPlanId: '00000000-0000-4000-8000-00000000dead' }, 'PLAN_NOT_FOUND'],
  ])('rejects %s with a stable code and writes nothing', async (_label, overrides, code) => {
    const before = await plans();
    const failure = await sut.failure(DRAFT_PLAN, { input: refusable(overrides) });
    expect(failure.code).toBe(code);
    expect(await plans()).toBe(before);
  });

  it('refuses an unserved region or an unknown or dissolved owner with its code and field, writing nothing', async () => {
    const dissolved = organisationIn('421121', 'Tuanfeng County Flood Control Office');
    await registerOwners(sut, [dissolved]);
    await dissolveOrganisations({ db: sut.db, topicPrefix: sut.topicPrefix }, [dissolved.id]);
    const before = { plans: await plans(), outbox: await sut.count('outbox') };
    const cases: [Record<string, string>, string, string][] = [
      [{ regionCode: '110000' }, 'REGION_NOT_FOUND', 'regionCode'], // Beijing, on a Hubei system
      [{ ownerOrganisationId: organisationIn('421100').id }, 'ORGANISATION_UNKNOWN', 'ownerOrganisationId'],
      [{ ownerOrganisationId: dissolved.id }, 'ORGANISATION_DISSOLVED', 'ownerOrganisationId'],
    ];
    for (const [overrides, code, field] of cases) {
      expect(await sut.failure(DRAFT_PLAN, { input: refusable(overrides) })).toMatchObject({ code, field });
    }
    expect({ plans: await plans(), outbox: await sut.count('outbox') }).toEqual(before);
  });

  it('keeps operators to their jurisdiction and auditors read-only', async () => {
    const xiaogan = {
      title: 'Xiaogan Earthquake Plan',
      level: 'PREFECTURAL',
      subcategories: ['EARTHQUAKE'],
      regionCode: '420900',
    };
    const input = planInput(xiaogan);
    const outside = await sut.failure(DRAFT_PLAN, { input }, identities.operator('421100'));
    expect(outside.code).toBe('OUTSIDE_JURISDICTION');
    const auditor = await sut.failure(DRAFT_PLAN, { input }, identities.auditor());
    expect(auditor.code).toBe('FORBIDDEN');

    const drafted = await draftPlan(sut, xiaogan);
    const seen = await sut.call<{ contingencyPlan: Plan | null }>(
      GET,
      { id: drafted.id },
      identities.operator('421100'),
    );
    expect(seen.contingencyPlan).toBeNull();
  });

  it('adds plans to the organisations subgraph’s Organisation, newest first and paged', async () => {
    const drafts = [
      ['Hubei Flood Control Plan', 'FLOOD'],
      ['Hubei Forest Fire Plan', 'FOREST_AND_GRASSLAND_FIRE'],
      ['Hubei Earthquake Plan', 'EARTHQUAKE'],
    ];
    for (const [title, subcategory] of drafts) {
      await draftPlan(sut, {
        title,
        subcategories: [subcategory],
        ownerOrganisationId: HUBEI_EMERGENCY.id,
        regionCode: '420000',
        level: 'PROVINCIAL',
      });
    }
    const titles = drafts.map(([title]) => title);
    const { _entities } = await sut.call<{ _entities: { id: string; plans: Plans }[] }>(PLANS_OF, {
      reps: [
        { __typename: 'Organisation', id: HUBEI_EMERGENCY.id },
        { __typename: 'Organisation', id: '00000000-0000-4000-8000-0000000e0099' },
      ],
    });
    expect(_entities[0].plans.edges.map((e) => e.node.title)).toEqual([titles[2], titles[1]]);
    expect(_entities[0].plans.pageInfo.hasNextPage).toBe(true);
    expect(_entities[1].plans.edges).toEqual([]);

    const next = await sut.call<{ _entities: { plans: Plans }[] }>(PLANS_OF, {
      reps: [{ __typename: 'Organisation', id: HUBEI_EMERGENCY.id }],
      after: _entities[0].plans.pageInfo.endCursor,
    });
    expect(next._entities[0].plans.edges.map((e) => e.node.title)).toEqual([titles[0]]);
    expect(next._entities[0].plans.pageInfo.hasNextPage).toBe(false);

    const byCategory = await sut.call<{ contingencyPlans: Plans }>(LIST, {
      filter: { regionCode: '420000', subcategory: 'FOREST_AND_GRASSLAND_FIRE' },
    });
    expect(byCategory.contingencyPlans.edges.map((e) => e.node.title)).toEqual(['Hubei Forest Fire Plan']);
  });

  it('places a plan under the higher plan it implements, names its lead and finds it by type and subcategory', async () => {
    const province = await draftPlan(sut, {
      title: 'Hubei Natural Disaster Plan',
      subcategories: [],
      ownerOrganisationId: HUBEI_EMERGENCY.id,
      regionCode: '420000',
      level: 'PROVINCIAL',
      commandBody: '湖北省减灾委员会',
    });
    const county = await draftPlan(sut, {
      title: 'Tuanfeng Flood Plan',
      level: 'COUNTY',
      regionCode: '421121',
      parentPlanId: province.id,
      leadOrganisationId: HUBEI_EMERGENCY.id,
    });
    expect(county).toMatchObject({ parent: { id: province.id }, lead: { id: HUBEI_EMERGENCY.id } });
    expect(province.commandBody).toBe('湖北省减灾委员会');

    // A plan for a region above cannot implement a county's plan.
    const upside = await sut.failure(DRAFT_PLAN, {
      input: planInput({ regionCode: '420000', level: 'PROVINCIAL', parentPlanId: county.id }),
    });
    expect(upside).toMatchObject({ code: 'PLAN_PARENT_OUTSIDE_REGION', field: 'parentPlanId' });

    const joint = await draftPlan(sut, {
      title: 'Ju River Basin Joint Flood Plan',
      planType: 'JOINT',
      level: 'COUNTY',
      regionCode: '421121',
      jointRegionCodes: ['421122', '421122'],
    });
    expect(joint.jointRegionCodes).toEqual(['421122']);

    // A plan covering the whole category is written for each of its subcategories.
    const forLandslides = await sut.call<{ contingencyPlans: Plans }>(LIST, {
      filter: { regionCode: '420000', subcategory: 'LANDSLIDE' },
    });
    expect(forLandslides.contingencyPlans.edges.map((e) => e.node.title)).toEqual([
      'Hubei Natural Disaster Plan',
    ]);
    const joints = await sut.call<{ contingencyPlans: Plans }>(LIST, { filter: { planType: 'JOINT' } });
    expect(joints.contingencyPlans.edges.map((e) => e.node.title)).toEqual([
      'Ju River Basin Joint Flood Plan',
    ]);
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await sut.request(`{ contingencyPlans { edges { cursor } } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
