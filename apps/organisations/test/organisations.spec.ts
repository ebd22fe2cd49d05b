import { OrganisationDissolved, OrganisationRegistered, OrganisationUpdated } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { eventsOn, registerOrganisation, registerPerson, startWithEvents, stopAll, unique } from './fixtures';
import { UPDATE_PERSON } from './people.operations';

interface Organisation {
  id: string;
  name: string;
  type: string;
  sector: string | null;
  regionCode: string;
  level: string;
  region: { name: string };
  parent: { id: string } | null;
  status: string;
}

const FIELDS = 'id name type sector regionCode level region { name } parent { id } status';
const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { ${FIELDS} } }`;
const DISSOLVE = `mutation($input: DissolveOrganisationInput!) { dissolveOrganisation(input: $input) { ${FIELDS} dissolvedAt } }`;
const LIST = `query($filter: OrganisationFilter, $first: Int, $after: String) {
  organisations(filter: $filter, first: $first, after: $after) {
    edges { node { id name regionCode } } pageInfo { hasNextPage endCursor }
  }
}`;

type ListResult = {
  organisations: {
    edges: { node: { id: string; name: string; regionCode: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/** Organisations in the administrative tree, against the real PostgreSQL and broker, called as the gateway would. */
describe('organisations', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startWithEvents()), 120_000);
  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));

  describe('registering', () => {
    it('registers an organisation at its region’s level and publishes OrganisationRegistered v2', async () => {
      const name = unique('Huangzhou District Water Resources Bureau');
      const { registerOrganisation: created } = await sut.call<{ registerOrganisation: Organisation }>(
        REGISTER,
        {
          input: { name, type: 'FUNCTIONAL_DEPARTMENT', sector: 'WATER_RESOURCES', regionCode: '421102' },
        },
      );
      expect(created).toMatchObject({
        name,
        sector: 'WATER_RESOURCES',
        level: 'COUNTY',
        region: { name: '黄州区' },
        status: 'ACTIVE',
      });
      const [event] = await eventually(async () => {
        const found = eventsOf(created.id, OrganisationRegistered.type);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(event.value).toEqual({
        organisationId: created.id,
        name,
        type: 'FUNCTIONAL_DEPARTMENT',
        sector: 'WATER_RESOURCES',
        regionCode: '421102',
        parentId: null,
      });
    });

    it('registers village committees on 12-digit village codes', async () => {
      const village = await registerOrganisation(sut, {
        name: unique('Village committee'),
        type: 'COMMUNITY_COMMITTEE',
        regionCode: '421121100201', // 临江铺村
      });
      const { organisation } = await sut.call<{ organisation: Organisation }>(
        `query($id: ID!) { organisation(id: $id) { ${FIELDS} } }`,
        { id: village.id },
      );
      expect(organisation.level).toBe('VILLAGE');
    });

    it.each([
      ['an unknown region', { regionCode: '421199' }, 'REGION_NOT_FOUND', 'regionCode'],
      ['a malformed region', { regionCode: '4211' }, 'INVALID_REGION_CODE', 'regionCode'],
      ['a blank name', { name: '  ' }, 'BAD_USER_INPUT', 'name'],
      [
        'a functional department without sector',
        { type: 'FUNCTIONAL_DEPARTMENT' },
        'SECTOR_REQUIRED',
        'sector',
      ],
      [
        'a parent that does not exist',
        { parentId: '00000000-0000-4000-8000-000000000000' },
        'PARENT_ORGANISATION_NOT_FOUND',
        'parentId',
      ],
      ['a parent id that is no UUID', { parentId: 'abc' }, 'BAD_USER_INPUT', 'parentId'],
    ])('refuses %s, writing nothing', async (_label, change, code, field) => {
      const before = await sut.count('organisation');
      const error = await sut.failure(REGISTER, {
        input: {
          name: unique('Bureau'),
          type: 'EMERGENCY_MANAGEMENT_OFFICE',
          regionCode: '421121',
          ...change,
        },
      });
      expect(error).toMatchObject({ code, field });
      expect(await sut.count('organisation')).toBe(before);
    });

    it('refuses a parent whose region does not cover the new organisation’s', async () => {
      const xiaogan = await registerOrganisation(sut, { regionCode: '420900' });
      const error = await sut.failure(REGISTER, {
        input: { name: unique('Bureau'), type: 'GOVERNMENT', regionCode: '421121', parentId: xiaogan.id },
      });
      expect(error).toMatchObject({ code: 'PARENT_OUTSIDE_REGION', field: 'parentId' });
    });

    it('lets a county operator register only in its county, under a parent above its jurisdiction', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const operator = identities.operator('421121');
      const township = await registerOrganisation(
        sut,
        { regionCode: '421121100', parentId: prefecture.id, type: 'GOVERNMENT' },
        operator,
      );
      expect(township.regionCode).toBe('421121100');
      const error = await sut.failure(
        REGISTER,
        { input: { name: unique('Bureau'), type: 'GOVERNMENT', regionCode: '421122' } },
        operator,
      );
      expect(error).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
    });

    it('refuses auditors, who only read', async () => {
      const error = await sut.failure(
        REGISTER,
        { input: { name: unique('Bureau'), type: 'GOVERNMENT', regionCode: '421121' } },
        identities.auditor(),
      );
      expect(error.code).toBe('FORBIDDEN');
    });
  });

  describe('listing', () => {
    it('pages through a region subtree in region, name order without gaps or repeats', async () => {
      const created = [];
      for (const code of ['421181', '421182', '421181', '421182100']) {
        created.push(
          await registerOrganisation(sut, { regionCode: code, name: unique('Macheng list test') }),
        );
      }
      const seen: ListResult['organisations']['edges'] = [];
      let after: string | null = null;
      do {
        const page: ListResult = await sut.call<ListResult>(LIST, {
          filter: { regionCode: '421100', nameContains: 'macheng LIST' },
          first: 3,
          after,
        });
        seen.push(...page.organisations.edges);
        after = page.organisations.pageInfo.hasNextPage ? page.organisations.pageInfo.endCursor : null;
      } while (after);
      expect(seen.map((e) => e.node.id).sort()).toEqual(created.map((c) => c.id).sort());
      const keys = seen.map((e) => [e.node.regionCode, e.node.name]);
      const byRegionThenName = (a: string[], b: string[]) =>
        a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1;
      expect(keys).toEqual([...keys].sort(byRegionThenName));
    });

    it('shows an operator only its jurisdiction, even when asked for a wider region', async () => {
      const inside = await registerOrganisation(sut, { regionCode: '421121', name: unique('Scope test') });
      const outside = await registerOrganisation(sut, { regionCode: '420900', name: unique('Scope test') });
      const operator = identities.operator('421121');
      const asked = await sut.call<ListResult>(
        LIST,
        { filter: { regionCode: '420000', nameContains: 'Scope test' }, first: 100 },
        operator,
      );
      const ids = asked.organisations.edges.map((e) => e.node.id);
      expect(ids).toContain(inside.id);
      expect(ids).not.toContain(outside.id);
      const elsewhere = await sut.call<ListResult>(LIST, { filter: { regionCode: '420900' } }, operator);
      expect(elsewhere.organisations.edges).toEqual([]);
      const { organisation } = await sut.call<{ organisation: null }>(
        `query($id: ID!) { organisation(id: $id) { id } }`,
        { id: outside.id },
        operator,
      );
      expect(organisation).toBeNull();
    });

    it('answers a cursor from another connection with BAD_USER_INPUT', async () => {
      const cursor = Buffer.from(JSON.stringify(['421121'])).toString('base64url');
      expect(await sut.failure(LIST, { after: cursor })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    });
  });

  describe('changing', () => {
    it('renames and re-parents, publishing the new state and what changed', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const county = await registerOrganisation(sut, { regionCode: '421121' });
      const name = unique('Tuanfeng County Emergency Management Bureau (renamed)');
      const { updateOrganisation } = await sut.call<{ updateOrganisation: Organisation }>(UPDATE, {
        input: { id: county.id, name, parentId: prefecture.id },
      });
      expect(updateOrganisation).toMatchObject({ name, parent: { id: prefecture.id } });
      const [event] = await eventually(async () => {
        const found = eventsOf(county.id, OrganisationUpdated.type);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(event.value).toMatchObject({ name, parentId: prefecture.id, changes: ['name', 'parentId'] });
    });

    it('publishes nothing when nothing changed', async () => {
      const county = await registerOrganisation(sut);
      await sut.call(UPDATE, { input: { id: county.id, name: county.name } });
      const { rows } = await sut.db.query(`SELECT count(*)::int AS n FROM outbox WHERE message_key = $1`, [
        county.id,
      ]);
      expect(rows[0]).toEqual({ n: 1 });
    });

    it('refuses to make an organisation its own parent or ancestor', async () => {
      const top = await registerOrganisation(sut, { regionCode: '421100' });
      const middle = await registerOrganisation(sut, { regionCode: '421121', parentId: top.id });
      const bottom = await registerOrganisation(sut, { regionCode: '421121', parentId: middle.id });
      for (const [id, parentId] of [
        [middle.id, bottom.id],
        [bottom.id, bottom.id],
      ]) {
        expect(await sut.failure(UPDATE, { input: { id, parentId } })).toMatchObject({
          code: 'PARENT_CYCLE',
          field: 'parentId',
        });
      }
    });

    it('refuses to dissolve an organisation its people still belong to, naming how many', async () => {
      const office = await registerOrganisation(sut);
      const person = await registerPerson(sut, office.id);
      expect(await sut.failure(DISSOLVE, { input: { id: office.id, reason: 'Merged' } })).toMatchObject({
        code: 'ORGANISATION_STILL_IN_USE',
        field: 'id',
        activePeople: 1,
      });
      await sut.call(UPDATE_PERSON, {
        input: { id: person.id, status: 'LEFT' },
      });
      const { dissolveOrganisation } = await sut.call<{ dissolveOrganisation: Organisation }>(DISSOLVE, {
        input: { id: office.id, reason: 'Merged' },
      });
      expect(dissolveOrganisation.status).toBe('DISSOLVED');
    });

    it('dissolves an organisation once its children are gone, and then takes no new children', async () => {
      const parent = await registerOrganisation(sut, { regionCode: '421100' });
      const child = await registerOrganisation(sut, { regionCode: '421121', parentId: parent.id });
      const refused = await sut.failure(DISSOLVE, { input: { id: parent.id, reason: 'Merged' } });
      expect(refused).toMatchObject({ code: 'ORGANISATION_HAS_ACTIVE_CHILDREN', activeChildren: 1 });

      await sut.call(DISSOLVE, { input: { id: child.id, reason: 'Merged into the prefecture bureau' } });
      const { dissolveOrganisation } = await sut.call<{
        dissolveOrganisation: Organisation & { dissolvedAt: string };
      }>(DISSOLVE, { input: { id: parent.id, reason: 'Institutional reform 2026' } });
      expect(dissolveOrganisation.status).toBe('DISSOLVED');
      expect(dissolveOrganisation.dissolvedAt).toBeTruthy();
      await eventually(async () => expect(eventsOf(parent.id, OrganisationDissolved.type)).toHaveLength(1));

      const again = await sut.failure(REGISTER, {
        input: { name: unique('Bureau'), type: 'GOVERNMENT', regionCode: '421121', parentId: parent.id },
      });
      expect(again).toMatchObject({ code: 'ORGANISATION_DISSOLVED', field: 'parentId' });
      expect(await sut.failure(DISSOLVE, { input: { id: parent.id, reason: 'Twice' } })).toMatchObject({
        code: 'ORGANISATION_DISSOLVED',
      });
    });
  });
});
