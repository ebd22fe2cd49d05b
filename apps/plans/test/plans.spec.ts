import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { PlanDrafted } from '@emergency/contracts';
import { domainTopic } from '@emergency/events';
import { startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  eventually,
  identities,
  dissolveOrganisations,
  organisationIn,
  readTopic,
  registerOrganisations,
  subgraphRequest,
  useTestEnvironment,
} from '@emergency/testing';
import { AppModule } from '../src/app.module';

const HUBEI_EMERGENCY = '00000000-0000-4000-8000-0000000e0001';
const HUANGGANG_EMERGENCY = '00000000-0000-4000-8000-0000000e0002';

interface Plan {
  id: string;
  title: string;
  level: string;
  category: string;
  owner: { id: string };
  regionCode: string;
  status: string;
  reviewDueOn: string;
}

/** The plans subgraph against the real PostgreSQL and broker, called as the gateway would call it. */
describe('plans subgraph', () => {
  let app: INestApplication;
  let url: string;
  let db: Client;
  let topic: string;
  let topicPrefix: string;

  beforeAll(async () => {
    const prefix = await useTestEnvironment('plans', { LOG_LEVEL: 'error' });
    topicPrefix = prefix;
    topic = domainTopic('plans', prefix);
    const running = await startSubgraph(AppModule, 'plans', 4002, 0);
    app = running.app;
    url = running.url;
    db = new Client({ connectionString: process.env.DATABASE_URL, options: '-c search_path=plans' });
    await db.connect();
    await registerOrganisations({ db, topicPrefix }, [
      { id: HUBEI_EMERGENCY, name: 'Hubei Provincial Emergency Management Department', regionCode: '420000' },
      {
        id: HUANGGANG_EMERGENCY,
        name: 'Huanggang Municipal Emergency Management Bureau',
        regionCode: '421100',
      },
    ]);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  const call = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    identity = identities.admin(),
  ) => dataOf(await subgraphRequest<T>(url, query, variables, identity));

  const count = async (table = 'contingency_plan') =>
    ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n;

  const DRAFT = `mutation($input: DraftContingencyPlanInput!) {
    draftContingencyPlan(input: $input) { id title level category owner { id } regionCode status reviewDueOn }
  }`;

  const draft = async (overrides: Record<string, unknown> = {}, identity = identities.admin()) =>
    (
      await call<{ draftContingencyPlan: Plan }>(
        DRAFT,
        {
          input: {
            title: 'Huanggang Flood Control Emergency Plan',
            level: 'PREFECTURAL',
            category: 'FLOOD_CONTROL',
            ownerOrganisationId: HUANGGANG_EMERGENCY,
            regionCode: '421100',
            reviewDueOn: '2027-06-30',
            ...overrides,
          },
        },
        identity,
      )
    ).draftContingencyPlan;

  it('drafts a plan, reads it back and announces it on the plans topic', async () => {
    const reader = await readTopic(topic);
    try {
      const plan = await draft();
      expect(plan).toMatchObject({
        title: 'Huanggang Flood Control Emergency Plan',
        level: 'PREFECTURAL',
        category: 'FLOOD_CONTROL',
        owner: { id: HUANGGANG_EMERGENCY },
        regionCode: '421100',
        status: 'DRAFT',
        reviewDueOn: '2027-06-30',
      });
      const { contingencyPlan } = await call<{ contingencyPlan: Plan }>(
        `query($id: ID!) { contingencyPlan(id: $id) { id reviewDueOn } }`,
        { id: plan.id },
      );
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
        ownerOrganisationId: HUANGGANG_EMERGENCY,
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
    const before = await count();
    const res = await subgraphRequest(url, DRAFT, {
      input: {
        title: 'Plan',
        level: 'COUNTY',
        category: 'GENERAL',
        ownerOrganisationId: HUANGGANG_EMERGENCY,
        regionCode: '421100',
        reviewDueOn: '2027-06-30',
        ...overrides,
      },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('refuses an unserved region or an unknown or dissolved owner with its code and field, writing nothing', async () => {
    const dissolved = organisationIn('421121', 'Tuanfeng County Flood Control Office');
    await registerOrganisations({ db, topicPrefix }, [dissolved]);
    await dissolveOrganisations({ db, topicPrefix }, [dissolved.id]);
    const input = {
      title: 'Plan',
      level: 'COUNTY',
      category: 'GENERAL',
      ownerOrganisationId: HUANGGANG_EMERGENCY,
      regionCode: '421100',
      reviewDueOn: '2027-06-30',
    };
    const before = { plans: await count(), outbox: await count('outbox') };
    const cases: [Record<string, string>, string, string][] = [
      [{ regionCode: '110000' }, 'REGION_NOT_FOUND', 'regionCode'], // Beijing, on a Hubei system
      [{ ownerOrganisationId: organisationIn('421100').id }, 'ORGANISATION_UNKNOWN', 'ownerOrganisationId'],
      [{ ownerOrganisationId: dissolved.id }, 'ORGANISATION_DISSOLVED', 'ownerOrganisationId'],
    ];
    for (const [overrides, code, field] of cases) {
      const res = await subgraphRequest(url, DRAFT, { input: { ...input, ...overrides } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
    }
    expect({ plans: await count(), outbox: await count('outbox') }).toEqual(before);
  });

  it('keeps operators to their jurisdiction and auditors read-only', async () => {
    const input = {
      title: 'Xiaogan Earthquake Plan',
      level: 'PREFECTURAL',
      category: 'EARTHQUAKE',
      ownerOrganisationId: HUANGGANG_EMERGENCY,
      regionCode: '420900',
      reviewDueOn: '2027-06-30',
    };
    const outside = await subgraphRequest(url, DRAFT, { input }, identities.operator('421100'));
    expect(outside.errors?.[0]?.extensions?.code).toBe('OUTSIDE_JURISDICTION');
    const auditor = await subgraphRequest(url, DRAFT, { input }, identities.auditor());
    expect(auditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const xiaogan = await draft(input);
    const seen = await call<{ contingencyPlan: Plan | null }>(
      `query($id: ID!) { contingencyPlan(id: $id) { id } }`,
      { id: xiaogan.id },
      identities.operator('421100'),
    );
    expect(seen.contingencyPlan).toBeNull();
  });

  it('adds plans to the organisations subgraph’s Organisation, newest first and paged', async () => {
    const plans = [
      ['Hubei Flood Control Plan', 'FLOOD_CONTROL'],
      ['Hubei Forest Fire Plan', 'FOREST_FIRE'],
      ['Hubei Earthquake Plan', 'EARTHQUAKE'],
    ];
    for (const [title, category] of plans) {
      await draft({
        title,
        category,
        ownerOrganisationId: HUBEI_EMERGENCY,
        regionCode: '420000',
        level: 'PROVINCIAL',
      });
    }
    const titles = plans.map(([title]) => title);
    type Plans = {
      edges: { node: { title: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    const ENTITIES = `query($reps: [_Any!]!, $after: String) {
      _entities(representations: $reps) {
        ... on Organisation { id plans(first: 2, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } } }
      }
    }`;
    const { _entities } = await call<{ _entities: { id: string; plans: Plans }[] }>(ENTITIES, {
      reps: [
        { __typename: 'Organisation', id: HUBEI_EMERGENCY },
        { __typename: 'Organisation', id: '00000000-0000-4000-8000-0000000e0099' },
      ],
    });
    expect(_entities[0].plans.edges.map((e) => e.node.title)).toEqual([titles[2], titles[1]]);
    expect(_entities[0].plans.pageInfo.hasNextPage).toBe(true);
    expect(_entities[1].plans.edges).toEqual([]);

    const next = await call<{ _entities: { plans: Plans }[] }>(ENTITIES, {
      reps: [{ __typename: 'Organisation', id: HUBEI_EMERGENCY }],
      after: _entities[0].plans.pageInfo.endCursor,
    });
    expect(next._entities[0].plans.edges.map((e) => e.node.title)).toEqual([titles[0]]);
    expect(next._entities[0].plans.pageInfo.hasNextPage).toBe(false);

    const byCategory = await call<{ contingencyPlans: Plans }>(
      `{ contingencyPlans(filter: { regionCode: "420000", category: FOREST_FIRE }) { edges { node { title } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(byCategory.contingencyPlans.edges.map((e) => e.node.title)).toEqual(['Hubei Forest Fire Plan']);
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await subgraphRequest(url, `{ contingencyPlans { edges { cursor } } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
