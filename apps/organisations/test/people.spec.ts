import { PersonRegistered, PersonUpdated } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  idNumber,
  registerOrganisation,
  registerPerson,
  startWithEvents,
  stopAll,
  unique,
  withTuanfeng,
  type OrganisationRef,
} from './fixtures';

interface Person {
  id: string;
  name: string;
  post: string | null;
  phone: string | null;
  idNumber: string | null;
  personalDataMasked: boolean;
  status: string;
  organisation: { id: string } | null;
}

const FIELDS = 'id name post phone idNumber personalDataMasked status organisation { id }';
const REGISTER = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { person(id: $id) { ${FIELDS} } }`;

/** People and their personal data, against the real PostgreSQL and broker. */
describe('people', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;
  let ids = 0;

  beforeAll(async () => ({ sut, events, tuanfeng } = await startWithEvents('421100', withTuanfeng)), 120_000);
  afterAll(() => stopAll(events, sut));

  const nextIdNumber = () => idNumber(++ids);

  it('registers a person and publishes PersonRegistered without their personal data', async () => {
    const number = nextIdNumber();
    const { registerPerson: person } = await sut.call<{ registerPerson: Person }>(REGISTER, {
      input: {
        organisationId: tuanfeng.id,
        name: '李强',
        post: '局长',
        phone: '138 1234 5678',
        idNumber: number,
      },
    });
    expect(person).toMatchObject({
      name: '李强',
      post: '局长',
      phone: '13812345678',
      idNumber: number,
      personalDataMasked: false,
      status: 'ACTIVE',
      organisation: { id: tuanfeng.id },
    });
    const message = await eventually(async () => {
      const found = events.messages.find(
        (m) => m.key === person.id && m.headers.ce_type === PersonRegistered.type,
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(message.value).toEqual({
      personId: person.id,
      organisationId: tuanfeng.id,
      name: '李强',
      post: '局长',
    });
    expect(JSON.stringify(message)).not.toContain('5678');
  });

  it('shows personal data to admins and operators in the jurisdiction, masked to auditors and other counties', async () => {
    const number = nextIdNumber();
    const person = await registerPerson(sut, tuanfeng.id, { phone: '027-87654321', idNumber: number });
    const as = async (identity: ReturnType<typeof identities.admin>) =>
      (await sut.call<{ person: Person | null }>(GET, { id: person.id }, identity)).person;

    expect(await as(identities.operator('421121'))).toMatchObject({
      phone: '027-87654321',
      idNumber: number,
    });
    expect(await as(identities.auditor())).toMatchObject({
      phone: '027-****4321',
      idNumber: `421121********${number.slice(-4)}`,
      personalDataMasked: true,
    });
    // An operator of another county does not see the person at all.
    expect(await as(identities.operator('421122'))).toBeNull();
  });

  it.each([
    ['a malformed phone number', { phone: '12345' }, 'INVALID_PHONE_NUMBER', 'phone'],
    [
      'an identity number with a wrong check character',
      { idNumber: '421121198506150010' },
      'INVALID_ID_NUMBER',
      'idNumber',
    ],
    [
      'an organisation that does not exist',
      { organisationId: '00000000-0000-4000-8000-000000000000' },
      'NOT_FOUND',
      'organisationId',
    ],
    ['a blank name', { name: ' ' }, 'BAD_USER_INPUT', 'name'],
  ])('refuses %s, writing nothing', async (_label, change, code, field) => {
    const before = await sut.count('person');
    const error = await sut.failure(REGISTER, {
      input: { organisationId: tuanfeng.id, name: unique('Zhang Wei'), ...change },
    });
    expect(error).toMatchObject({ code, field });
    expect(await sut.count('person')).toBe(before);
  });

  it('refuses a second person with the same identity number, even when both arrive at once', async () => {
    const number = nextIdNumber();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        sut.request(REGISTER, {
          input: { organisationId: tuanfeng.id, name: unique('Twin'), idNumber: number },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    for (const refused of results.filter((r) => r.errors)) {
      expect(refused.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_ID_NUMBER', field: 'idNumber' });
    }
    const { rows } = await sut.db.query(`SELECT count(*)::int AS n FROM person WHERE id_number = $1`, [
      number,
    ]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('refuses an operator registering people in another county’s organisation', async () => {
    const luotian = await registerOrganisation(sut, { regionCode: '421123' });
    const error = await sut.failure(
      REGISTER,
      { input: { organisationId: luotian.id, name: unique('Chen Jing') } },
      identities.operator('421121'),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'organisationId' });
  });

  it('moves a person to another organisation and records that they left, publishing what changed', async () => {
    const person = await registerPerson(sut, tuanfeng.id, { post: '副局长' });
    const huangzhou = await registerOrganisation(sut, { regionCode: '421102' });
    const { updatePerson: moved } = await sut.call<{ updatePerson: Person }>(UPDATE, {
      input: { id: person.id, organisationId: huangzhou.id, post: '局长', phone: '13900001111' },
    });
    expect(moved).toMatchObject({ post: '局长', organisation: { id: huangzhou.id } });
    // The person now counts for Huangzhou's jurisdiction, not Tuanfeng's.
    expect(
      (await sut.call<{ person: Person | null }>(GET, { id: person.id }, identities.operator('421121')))
        .person,
    ).toBeNull();

    await sut.call(UPDATE, { input: { id: person.id, status: 'LEFT' } });
    const updates = await eventually(async () => {
      const found = events.messages.filter(
        (m) => m.key === person.id && m.headers.ce_type === PersonUpdated.type,
      );
      expect(found).toHaveLength(2);
      return found;
    });
    expect(updates[0].value).toMatchObject({
      organisationId: huangzhou.id,
      post: '局长',
      changes: expect.arrayContaining(['organisationId', 'post', 'personalData']),
    });
    expect(JSON.stringify(updates[0].value)).not.toContain('13900001111');
    expect(updates[1].value).toMatchObject({ status: 'LEFT', changes: ['status'] });
  });

  it('lists an organisation’s people by name, across pages', async () => {
    const office = await registerOrganisation(sut, { regionCode: '421121' });
    const names = ['赵六', '王五', '张三', '李四', '钱七'];
    for (const name of names) await registerPerson(sut, office.id, { name });
    const query = `query($id: ID!, $after: String) {
      organisation(id: $id) { people(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }
    }`;
    type Page = {
      organisation: {
        people: {
          edges: { node: { name: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { organisation } = await sut.call<Page>(query, { id: office.id, after });
      seen.push(...organisation.people.edges.map((e) => e.node.name));
      if (!organisation.people.pageInfo.hasNextPage) break;
      after = organisation.people.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(names));
  });
});
