import type { Identity } from '@emergency/auth';
import { ExpertAdmitted, ExpertUpdated, ExpertWithdrawn } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import {
  eventsOn,
  reading,
  registerOrganisation,
  registerPerson,
  startWithEvents,
  statementsDuring,
  stopAll,
  unique,
  withTuanfeng,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { UPDATE_PERSON } from './people.operations';

interface Expert {
  id: string;
  person: { id: string; name: string };
  fields: string[];
  title: string;
  poolLevel: string;
  summary: string | null;
  availability: string;
  admittedOn: string;
  status: string;
  withdrawnOn: string | null;
  withdrawalReason: string | null;
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIELDS = `id person { id name } fields title poolLevel summary availability admittedOn status withdrawnOn
  withdrawalReason`;
const ADMIT = `mutation($input: AdmitExpertInput!) { admitExpert(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateExpertInput!) { updateExpert(input: $input) { ${FIELDS} } }`;
const WITHDRAW = `mutation($input: WithdrawExpertInput!) { withdrawExpert(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { expert(id: $id) { ${FIELDS} } }`;
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Expert { id title } }
}`;
const EXPERT_OF_PERSON = `query($id: ID!) { person(id: $id) { expert { id } } }`;
const LIST = `query($filter: ExpertFilter, $first: Int, $after: String) {
  experts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id person { name } } } pageInfo { hasNextPage endCursor }
  }
}`;

/** The expert pool (专家库), against the real PostgreSQL and broker. */
describe('expert pool', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;

  beforeAll(async () => ({ sut, events, tuanfeng } = await startWithEvents('421100', withTuanfeng)), 120_000);
  afterAll(() => stopAll(events, sut));

  const admission = (person: PersonRef, input: Record<string, unknown> = {}) => ({
    personId: person.id,
    fields: ['FLOOD_CONTROL', 'HYDROLOGY'],
    title: '教授级高级工程师',
    poolLevel: 'COUNTY',
    summary: '长江中游堤防险情处置',
    admittedOn: '2021-04-15',
    ...input,
  });

  const admit = async (
    person: PersonRef,
    input: Record<string, unknown> = {},
    identity: Identity = identities.admin(),
  ) =>
    (await sut.call<{ admitExpert: Expert }>(ADMIT, { input: admission(person, input) }, identity))
      .admitExpert;

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));

  /** The expert's row as stored, to prove a refused change left it alone. */
  const stored = async (id: string) =>
    (await sut.db.query(`SELECT * FROM expert WHERE id = $1`, [id])).rows[0] as Record<string, unknown>;

  it('admits a person to the pool and publishes ExpertAdmitted without personal data or the summary', async () => {
    const person = await registerPerson(sut, tuanfeng.id, { name: '胡建国', phone: '13912345678' });
    const expert = await admit(person, { fields: ['HYDROLOGY', 'FLOOD_CONTROL', 'HYDROLOGY'] });
    expect(expert).toEqual({
      id: expect.any(String),
      person: { id: person.id, name: '胡建国' },
      fields: ['FLOOD_CONTROL', 'HYDROLOGY'],
      title: '教授级高级工程师',
      poolLevel: 'COUNTY',
      summary: '长江中游堤防险情处置',
      availability: 'AVAILABLE',
      admittedOn: '2021-04-15',
      status: 'ACTIVE',
      withdrawnOn: null,
      withdrawalReason: null,
    });
    const [event] = await eventually(async () => {
      const found = eventsOf(expert.id, ExpertAdmitted.type);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event!.value).toEqual({
      expertId: expert.id,
      personId: person.id,
      organisationId: tuanfeng.id,
      fields: ['FLOOD_CONTROL', 'HYDROLOGY'],
      title: '教授级高级工程师',
      poolLevel: 'COUNTY',
      availability: 'AVAILABLE',
      admittedOn: '2021-04-15',
    });
    expect(JSON.stringify(event)).not.toContain('5678');

    // Reachable from the person, and by id.
    const { person: withExpert } = await sut.call<{ person: { expert: { id: string } | null } }>(
      EXPERT_OF_PERSON,
      { id: person.id },
    );
    expect(withExpert.expert).toEqual({ id: expert.id });
    expect((await sut.call<{ expert: Expert }>(GET, { id: expert.id })).expert).toEqual(expert);
  });

  it('answers null for the expert record of a person who has none', async () => {
    const person = await registerPerson(sut, tuanfeng.id);
    const { person: found } = await sut.call<{ person: { expert: null } }>(EXPERT_OF_PERSON, {
      id: person.id,
    });
    expect(found.expert).toBeNull();
  });

  it.each([
    ['no field of expertise', { fields: [] }, 'EXPERTISE_REQUIRED', 'fields'],
    ['an admission in the future', { admittedOn: '2999-01-01' }, 'DATE_IN_FUTURE', 'admittedOn'],
    ['an admission day that does not exist', { admittedOn: '2023-02-29' }, 'INVALID_DATE', 'admittedOn'],
    ['a blank title', { title: '  ' }, 'BAD_USER_INPUT', 'title'],
    ['a summary past 500 characters', { summary: '堤'.repeat(501) }, 'BAD_USER_INPUT', 'summary'],
    [
      'a person who does not exist',
      { personId: '00000000-0000-4000-8000-000000000000' },
      'NOT_FOUND',
      'personId',
    ],
  ])('refuses %s, writing nothing', async (_label, change, code, field) => {
    const person = await registerPerson(sut, tuanfeng.id);
    const before = await sut.count('expert');
    const error = await sut.failure(ADMIT, { input: admission(person, change) });
    expect(error).toMatchObject({ code, field });
    expect(await sut.count('expert')).toBe(before);
  });

  it('refuses a person who has left their organisation with PERSON_LEFT, writing nothing', async () => {
    const person = await registerPerson(sut, tuanfeng.id);
    await sut.call(UPDATE_PERSON, {
      input: { id: person.id, status: 'LEFT' },
    });
    const before = await sut.count('expert');
    expect(await sut.failure(ADMIT, { input: admission(person) })).toMatchObject({
      code: 'PERSON_LEFT',
      field: 'personId',
    });
    expect(await sut.count('expert')).toBe(before);
  });

  it('keeps one record per person, even when admissions arrive at once', async () => {
    const person = await registerPerson(sut, tuanfeng.id);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => sut.request(ADMIT, { input: admission(person, { title: `高级工程师 ${n}` }) })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const refused of results.filter((r) => r.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'EXPERT_EXISTS', field: 'personId' });
    }
    const { rows } = await sut.db.query(`SELECT count(*)::int AS n FROM expert WHERE person_id = $1`, [
      person.id,
    ]);
    expect(rows[0]).toEqual({ n: 1 });
    // Published once, for the admission that won.
    const winner = (results.find((r) => !r.errors)!.data as { admitExpert: Expert }).admitExpert;
    await eventually(async () => expect(eventsOf(winner.id, ExpertAdmitted.type)).toHaveLength(1));
    const admissions = events.messages.filter(
      (m) =>
        m.headers.ce_type === ExpertAdmitted.type && (m.value as { personId: string }).personId === person.id,
    );
    expect(admissions).toHaveLength(1);
  });

  it('updates an expert, publishing the new state and what changed, and nothing when nothing changed', async () => {
    const person = await registerPerson(sut, tuanfeng.id);
    const expert = await admit(person);
    const { updateExpert: updated } = await sut.call<{ updateExpert: Expert }>(UPDATE, {
      input: {
        id: expert.id,
        fields: ['GEOLOGICAL_HAZARDS', 'FLOOD_CONTROL'],
        availability: 'UNAVAILABLE',
        poolLevel: 'PROVINCIAL',
        summary: null,
      },
    });
    expect(updated).toMatchObject({
      fields: ['FLOOD_CONTROL', 'GEOLOGICAL_HAZARDS'],
      availability: 'UNAVAILABLE',
      poolLevel: 'PROVINCIAL',
      summary: null,
      title: '教授级高级工程师',
    });
    // The same set in another order, the same title: no change, no event.
    await sut.call(UPDATE, {
      input: { id: expert.id, fields: ['GEOLOGICAL_HAZARDS', 'FLOOD_CONTROL'], title: '教授级高级工程师' },
    });
    await sut.call(UPDATE, { input: { id: expert.id, title: '正高级工程师', admittedOn: '2020-12-01' } });
    const updates = await eventually(async () => {
      const found = eventsOf(expert.id, ExpertUpdated.type);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(updates[0]!.value).toEqual({
      expertId: expert.id,
      personId: person.id,
      organisationId: tuanfeng.id,
      fields: ['FLOOD_CONTROL', 'GEOLOGICAL_HAZARDS'],
      title: '教授级高级工程师',
      poolLevel: 'PROVINCIAL',
      availability: 'UNAVAILABLE',
      admittedOn: '2021-04-15',
      changes: ['fields', 'poolLevel', 'summary', 'availability'],
    });
    expect(updates[1]!.value).toMatchObject({
      title: '正高级工程师',
      admittedOn: '2020-12-01',
      changes: ['title', 'admittedOn'],
    });
  });

  it.each([
    ['an empty set of fields', { fields: [] }, 'EXPERTISE_REQUIRED', 'fields'],
    ['an admission day in the future', { admittedOn: '2999-12-31' }, 'DATE_IN_FUTURE', 'admittedOn'],
    ['a blank title', { title: '' }, 'BAD_USER_INPUT', 'title'],
  ])('refuses an update with %s, changing nothing', async (_label, change, code, field) => {
    const expert = await admit(await registerPerson(sut, tuanfeng.id));
    const before = await stored(expert.id);
    expect(await sut.failure(UPDATE, { input: { id: expert.id, ...change } })).toMatchObject({ code, field });
    expect(await stored(expert.id)).toEqual(before);
  });

  it('withdraws an expert, who then takes no updates and cannot be withdrawn again', async () => {
    const person = await registerPerson(sut, tuanfeng.id);
    const expert = await admit(person);
    const { withdrawExpert: withdrawn } = await sut.call<{ withdrawExpert: Expert }>(WITHDRAW, {
      input: { id: expert.id, reason: '年龄超过65周岁' },
    });
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnOn: chinaToday(),
      withdrawalReason: '年龄超过65周岁',
    });
    const [event] = await eventually(async () => {
      const found = eventsOf(expert.id, ExpertWithdrawn.type);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event!.value).toEqual({
      expertId: expert.id,
      personId: person.id,
      withdrawnOn: withdrawn.withdrawnOn,
      reason: '年龄超过65周岁',
    });

    const before = await stored(expert.id);
    expect(await sut.failure(UPDATE, { input: { id: expert.id, availability: 'AVAILABLE' } })).toMatchObject({
      code: 'EXPERT_WITHDRAWN',
      field: 'id',
    });
    expect(await sut.failure(WITHDRAW, { input: { id: expert.id, reason: '重复' } })).toMatchObject({
      code: 'EXPERT_WITHDRAWN',
      field: 'id',
    });
    // Still one record per person: a withdrawn expert is not admitted again.
    expect(await sut.failure(ADMIT, { input: admission(person) })).toMatchObject({
      code: 'EXPERT_EXISTS',
      field: 'personId',
    });
    expect(await stored(expert.id)).toEqual(before);
    expect(eventsOf(expert.id, ExpertUpdated.type)).toHaveLength(0);
  });

  it.each([
    ['before the admission', '2021-04-14', 'WITHDRAWAL_BEFORE_ADMISSION', 'withdrawnOn'],
    ['in the future', '2999-01-01', 'DATE_IN_FUTURE', 'withdrawnOn'],
    ['on a day that does not exist', '2024-13-01', 'INVALID_DATE', 'withdrawnOn'],
  ])('refuses a withdrawal %s, changing nothing', async (_label, withdrawnOn, code, field) => {
    const expert = await admit(await registerPerson(sut, tuanfeng.id));
    const before = await stored(expert.id);
    expect(
      await sut.failure(WITHDRAW, { input: { id: expert.id, reason: '调离', withdrawnOn } }),
    ).toMatchObject({ code, field });
    expect(await stored(expert.id)).toEqual(before);
  });

  it('keeps experts to the caller’s jurisdiction and refuses auditors any change', async () => {
    const person = await registerPerson(sut, tuanfeng.id);
    const expert = await admit(person, {}, identities.operator('421121'));
    const luotian = identities.operator('421123');
    const auditor = identities.auditor();
    const before = await stored(expert.id);
    const count = await sut.count('expert');

    expect((await sut.call<{ expert: Expert | null }>(GET, { id: expert.id }, luotian)).expert).toBeNull();
    const listed = await sut.call<{ experts: Connection<Expert> }>(
      LIST,
      { filter: { regionCode: '421121' } },
      luotian,
    );
    expect(listed.experts.edges).toEqual([]);
    expect(await sut.failure(UPDATE, { input: { id: expert.id, title: '研究员' } }, luotian)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    expect(await sut.failure(WITHDRAW, { input: { id: expert.id, reason: '调离' } }, luotian)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    const other = await registerPerson(sut, tuanfeng.id);
    expect(await sut.failure(ADMIT, { input: admission(other) }, luotian)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'personId',
    });

    // Auditors read everything in their jurisdiction and change nothing.
    expect((await sut.call<{ expert: Expert | null }>(GET, { id: expert.id }, auditor)).expert?.id).toBe(
      expert.id,
    );
    for (const [query, input] of [
      [ADMIT, admission(other)],
      [UPDATE, { id: expert.id, title: '研究员' }],
      [WITHDRAW, { id: expert.id, reason: '调离' }],
    ] as const) {
      expect(await sut.failure(query, { input }, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await stored(expert.id)).toEqual(before);
    expect(await sut.count('expert')).toBe(count);
  });

  it('lists experts by person name then id, filtered by field, region, pool level, availability and status, across pages', async () => {
    // 黄州区 (421102) is this test's own: no other test admits experts there.
    const huangzhou = await registerOrganisation(sut, { regionCode: '421102' });
    const hospital = await registerOrganisation(sut, {
      name: unique('Huangzhou People’s Hospital'),
      type: 'FUNCTIONAL_DEPARTMENT',
      sector: 'HEALTH',
      regionCode: '421102',
    });
    const made: { id: string; name: string; fields: string[]; level: string; available: boolean }[] = [];
    const add = async (
      organisation: OrganisationRef,
      name: string,
      fields: string[],
      level: string,
      available = true,
    ) => {
      const expert = await admit(await registerPerson(sut, organisation.id, { name }), {
        fields,
        poolLevel: level,
        availability: available ? 'AVAILABLE' : 'UNAVAILABLE',
      });
      made.push({ id: expert.id, name, fields, level, available });
      return expert;
    };
    await add(huangzhou, 'Emery', ['EARTHQUAKE'], 'PROVINCIAL');
    await add(hospital, 'Casey', ['MEDICAL_RESCUE', 'PUBLIC_HEALTH'], 'PREFECTURAL');
    await add(huangzhou, 'Dana', ['FLOOD_CONTROL'], 'COUNTY', false);
    await add(hospital, 'Avery', ['MEDICAL_RESCUE'], 'COUNTY');
    await add(huangzhou, 'Dana', ['FLOOD_CONTROL', 'EMERGENCY_MANAGEMENT'], 'COUNTY');
    const withdrawn = await add(huangzhou, 'Blake', ['FLOOD_CONTROL'], 'NATIONAL');
    await sut.call(WITHDRAW, { input: { id: withdrawn.id, reason: '调离' } });

    const list = async (filter: Record<string, unknown>, first = 2, identity = identities.admin()) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { experts }: { experts: Connection<Expert> } = await sut.call(
          LIST,
          { filter: { regionCode: '421102', ...filter }, first, after },
          identity,
        );
        ids.push(...experts.edges.map((e) => e.node.id));
        if (!experts.pageInfo.hasNextPage) return ids;
        after = experts.pageInfo.endCursor;
      }
    };
    const expected = (keep: (m: (typeof made)[number]) => boolean) =>
      made
        .filter(keep)
        .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1))
        .map((m) => m.id);

    expect(await list({})).toEqual(expected(() => true));
    expect(await list({ field: 'FLOOD_CONTROL' })).toEqual(
      expected((m) => m.fields.includes('FLOOD_CONTROL')),
    );
    expect(await list({ field: 'MEDICAL_RESCUE' }, 1)).toEqual(
      expected((m) => m.fields.includes('MEDICAL_RESCUE')),
    );
    expect(await list({ poolLevel: 'COUNTY' })).toEqual(expected((m) => m.level === 'COUNTY'));
    expect(await list({ availability: 'UNAVAILABLE' })).toEqual(expected((m) => !m.available));
    expect(await list({ status: 'WITHDRAWN' })).toEqual([withdrawn.id]);
    expect(await list({ status: 'ACTIVE', field: 'FLOOD_CONTROL', availability: 'AVAILABLE' })).toEqual(
      expected((m) => m.id !== withdrawn.id && m.available && m.fields.includes('FLOOD_CONTROL')),
    );
    // A prefecture operator sees them; Tuanfeng's operator asking for Huangzhou sees nothing.
    expect(await list({}, 10, identities.operator('421100'))).toHaveLength(made.length);
    expect(await list({}, 10, identities.operator('421121'))).toEqual([]);
    // The subtree filter: Tuanfeng's experts are not Huangzhou's.
    const tuanfengIds = await list({ regionCode: '421121' }, 100);
    expect(tuanfengIds.some((id) => made.some((m) => m.id === id))).toBe(false);
  });

  it.each([
    ['a malformed region code', { regionCode: '4211' }, 'INVALID_REGION_CODE', 'filter.regionCode'],
    ['a page size past the limit', { first: 101 }, 'BAD_USER_INPUT', 'first'],
    ['a cursor of another list', { after: 'WyI0MjExMjEiXQ' }, 'BAD_USER_INPUT', 'after'],
  ])('refuses to list experts with %s', async (_label, args, code, field) => {
    const { regionCode, ...page } = args as { regionCode?: string; first?: number; after?: string };
    expect(await sut.failure(LIST, { filter: regionCode ? { regionCode } : {}, ...page })).toMatchObject({
      code,
      field,
    });
  });

  it('resolves expert references in one statement on the pool, hiding those outside the caller’s jurisdiction', async () => {
    const inside = await admit(await registerPerson(sut, tuanfeng.id));
    const luotian = await registerOrganisation(sut, { regionCode: '421123' });
    const outside = await admit(await registerPerson(sut, luotian.id));
    let result!: { _entities: ({ id: string } | null)[] };
    const statements = await statementsDuring(async () => {
      result = await sut.call(
        ENTITIES,
        { representations: [inside, outside].map((e) => ({ __typename: 'Expert', id: e.id })) },
        identities.operator('421121'),
      );
    });
    expect(statements.filter(reading('expert'))).toHaveLength(1);
    expect(result._entities).toEqual([{ id: inside.id, title: inside.title }, null]);
  });
});
