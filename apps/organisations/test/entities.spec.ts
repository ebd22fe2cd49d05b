import { identities, type TestSubgraph } from '@emergency/testing';
import {
  reading,
  registerOrganisation,
  registerPerson,
  startOrganisations,
  statementsDuring,
} from './fixtures';

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Organisation { id name }
    ... on Person { id name }
    ... on Region { code name }
  }
}`;

/**
 * Entity references as the gateway resolves them: batched (one SQL statement per entity type per `_entities`
 * call) and scoped to the caller's jurisdiction like root fields.
 */
describe('entity references', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startOrganisations('421100,420900');
  }, 120_000);

  afterAll(() => sut?.stop());

  it('resolves any number of organisations, people and regions with one statement per type', async () => {
    const organisations = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        registerOrganisation(sut, { regionCode: i % 2 ? '421121' : '420902' }),
      ),
    );
    const people = await Promise.all(organisations.slice(0, 12).map((o) => registerPerson(sut, o.id)));
    const representations = [
      ...organisations.map((o) => ({ __typename: 'Organisation', id: o.id })),
      ...people.map((p) => ({ __typename: 'Person', id: p.id })),
      ...['420000', '421100', '421121', '420902'].map((code) => ({ __typename: 'Region', code })),
    ];
    let result: { _entities: ({ id?: string; code?: string } | null)[] } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(ENTITIES, { representations });
    });
    for (const table of ['organisation', 'person', 'region']) {
      expect(statements.filter(reading(table))).toHaveLength(1);
    }
    expect(result!._entities.map((e) => e?.id ?? e?.code)).toEqual(
      representations.map((r) => ('id' in r ? r.id : r.code)),
    );
  });

  it('answers null for references outside the caller’s jurisdiction, as root fields do', async () => {
    const inside = await registerOrganisation(sut, { regionCode: '421121' });
    const outside = await registerOrganisation(sut, { regionCode: '420902' });
    const outsider = await registerPerson(sut, outside.id);
    const { _entities } = await sut.call<{ _entities: ({ id: string } | null)[] }>(
      ENTITIES,
      {
        representations: [
          { __typename: 'Organisation', id: inside.id },
          { __typename: 'Organisation', id: outside.id },
          { __typename: 'Person', id: outsider.id },
        ],
      },
      identities.operator('421121'),
    );
    expect(_entities).toEqual([{ id: inside.id, name: inside.name }, null, null]);
  });

  it('answers NOT_FOUND at its own path for an organisation that does not exist, resolving the others', async () => {
    const known = await registerOrganisation(sut, { regionCode: '421121' });
    const dangling = '00000000-0000-4000-8000-00000000dead';
    const res = await sut.request<{ _entities: ({ id: string } | null)[] }>(ENTITIES, {
      representations: [
        { __typename: 'Organisation', id: known.id },
        { __typename: 'Organisation', id: dangling },
      ],
    });
    expect(res.data?._entities).toEqual([{ id: known.id, name: known.name }, null]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({
      path: ['_entities', 1],
      extensions: { code: 'NOT_FOUND', id: dangling },
    });
  });

  it('refuses `_entities` that does not come through the gateway', async () => {
    const res = await sut.request(ENTITIES, { representations: [] }, null as never);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
