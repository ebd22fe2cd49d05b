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
  planInput({ title: 'Plan', level: 'COUNTY', category: 'GENERAL', ...overrides });

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
      expect(plan).toMatchObject({
        title: 'Huanggang Flood Control Emergency Plan',
        level: 'PREFECTURAL',
        category: 'FLOOD_CONTROL',
        owner: { id: HUANGGANG_EMERGENCY.id },
        regionCode: '421100',
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
        category: 'FLOOD_CONTROL',
        ownerOrganisationId: HUANGGANG_EMERGENCY.id,
        regionCode: '421100',
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
      category: 'EARTHQUAKE',
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
      ['Hubei Flood Control Plan', 'FLOOD_CONTROL'],
      ['Hubei Forest Fire Plan', 'FOREST_FIRE'],
      ['Hubei Earthquake Plan', 'EARTHQUAKE'],
    ];
    for (const [title, category] of drafts) {
      await draftPlan(sut, {
        title,
        category,
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
      filter: { regionCode: '420000', category: 'FOREST_FIRE' },
    });
    expect(byCategory.contingencyPlans.edges.map((e) => e.node.title)).toEqual(['Hubei Forest Fire Plan']);
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await sut.request(`{ contingencyPlans { edges { cursor } } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
