import { buildClientSchema, getIntrospectionQuery, getNamedType, isObjectType, isUnionType } from 'graphql';
import type { IntrospectionQuery } from 'graphql';
import { identities, type TestSubgraph } from '@emergency/testing';
import {
  registerOrganisation,
  registerPerson,
  startOrganisations,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { DAY, HOUR, MINUTE, scheduleDutyShift } from './duty.fixtures';
import { CANCEL, ROSTER, SCHEDULE } from './duty.operations';

/** The types that carry duty data; a field of another type returning one of them is a path to duty data. */
const DUTY_TYPES = new Set([
  'DutyShift',
  'DutyShiftConnection',
  'DutyShiftEdge',
  'OnDuty',
  'DutyCoverage',
  'DutyGap',
]);

const onMinute = (ms: number) => new Date(Math.floor(ms / MINUTE) * MINUTE).toISOString();

/**
 * Every path by which duty data is reachable in the organisations subgraph, each with its jurisdiction rule
 * (docs/access.md): within the caller's jurisdiction everything; above it (the offices it reports to) who is on
 * duty now and nothing else; beside it (a sibling county) nothing.
 */
describe('duty access on every path', () => {
  let sut: TestSubgraph;
  /** Xiaogan city's emergency office, above both districts. */
  let city: OrganisationRef;
  /** Xiaonan district's emergency office, under the city's: the in-jurisdiction caller's own. */
  let xiaonan: OrganisationRef;
  /** Dawu county's emergency office, a sibling of Xiaonan under the city. */
  let dawu: OrganisationRef;
  let xiaonanOfficer: PersonRef;
  let cityOfficer: PersonRef;
  let xiaonanShiftNow: string;
  let xiaonanShiftLater: string;
  const inside = identities.operator('420902');
  const sibling = identities.operator('420922');

  const schedule = async (organisation: OrganisationRef, person: PersonRef, from: number, to: number) =>
    (await scheduleDutyShift(sut, organisation, person, 'DUTY_OFFICER', onMinute(from), onMinute(to))).id;

  beforeAll(async () => {
    sut = await startOrganisations('420900');
    const government = await registerOrganisation(sut, {
      name: unique('孝感市人民政府'),
      type: 'GOVERNMENT',
      regionCode: '420900',
    });
    city = await registerOrganisation(sut, {
      name: unique('孝感市应急管理局'),
      regionCode: '420900',
      parentId: government.id,
    });
    xiaonan = await registerOrganisation(sut, {
      name: unique('孝南区应急管理局'),
      regionCode: '420902',
      parentId: city.id,
    });
    dawu = await registerOrganisation(sut, {
      name: unique('大悟县应急管理局'),
      regionCode: '420922',
      parentId: city.id,
    });
    xiaonanOfficer = await registerPerson(sut, xiaonan.id, { name: '刘洋' });
    cityOfficer = await registerPerson(sut, city.id, { name: '陈静' });
    const now = Date.now();
    xiaonanShiftNow = await schedule(xiaonan, xiaonanOfficer, now - HOUR, now + 2 * HOUR);
    xiaonanShiftLater = await schedule(xiaonan, xiaonanOfficer, now + 10 * DAY, now + 10 * DAY + 8 * HOUR);
    await schedule(city, cityOfficer, now - HOUR, now + 2 * HOUR);
    await schedule(city, cityOfficer, now + 10 * DAY, now + 10 * DAY + 8 * HOUR);
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  /** `Type.field` for every field of a non-duty type whose type is, or is a union holding, a duty type. */
  async function pathsToDutyData(): Promise<string[]> {
    const introspection = await sut.call<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(introspection);
    const carriesDuty = (name: string) => {
      const type = schema.getType(name);
      if (isUnionType(type)) return type.getTypes().some((member) => DUTY_TYPES.has(member.name));
      return DUTY_TYPES.has(name);
    };
    const paths: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || DUTY_TYPES.has(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        if (carriesDuty(getNamedType(field.type).name)) paths.push(`${type.name}.${field.name}`);
      }
    }
    return paths.sort();
  }

  const ON_DUTY_FIELDS = 'dutyOfficers { id person { id } } leadersOnDuty { id }';
  const SHIFT_PAGE = 'edges { node { id } }';

  type OnDutyView = { dutyOfficers: { id: string; person: { id: string } }[] };
  type ShiftIds = { edges: { node: { id: string } }[] };
  const idsOf = (page: ShiftIds) => page.edges.map((e) => e.node.id);

  /**
   * Each path's rule, checked for an in-jurisdiction caller and for a sibling county's operator. Checks run in any
   * order: the mutations' shifts come on top of the ones made before, so lists are checked for what they contain.
   */
  const checks: Record<string, () => Promise<void>> = {
    'Query.dutyShift': async () => {
      const GET = `query($id: ID!) { dutyShift(id: $id) { id } }`;
      expect((await sut.call(GET, { id: xiaonanShiftNow }, inside)).dutyShift).toEqual({
        id: xiaonanShiftNow,
      });
      expect((await sut.call(GET, { id: xiaonanShiftNow }, sibling)).dutyShift).toBeNull();
    },

    'Query.dutyShifts': async () => {
      const LIST = `query($id: ID) { dutyShifts(filter: { organisationId: $id }, first: 100) { ${SHIFT_PAGE} } }`;
      const list = async (id: string, identity = inside) =>
        idsOf((await sut.call<{ dutyShifts: ShiftIds }>(LIST, { id }, identity)).dutyShifts);
      expect(await list(xiaonan.id)).toEqual(expect.arrayContaining([xiaonanShiftNow, xiaonanShiftLater]));
      expect(await list(xiaonan.id, sibling)).toEqual([]);
      expect(await list(city.id)).toEqual([]); // the roster above is not the caller's
    },

    'Query.onDuty': async () => {
      const ON_DUTY = `query($id: ID!, $at: DateTime) { onDuty(organisationId: $id, at: $at) { ${ON_DUTY_FIELDS} } }`;
      const { onDuty } = await sut.call<{ onDuty: OnDutyView }>(ON_DUTY, { id: xiaonan.id }, inside);
      expect(onDuty.dutyOfficers.map((s) => s.person.id)).toEqual([xiaonanOfficer.id]);
      expect(await sut.failure(ON_DUTY, { id: xiaonan.id }, sibling)).toMatchObject({
        code: 'NOT_FOUND',
        field: 'organisationId',
      });
      // Above: who is on duty now at the city's office, and only now.
      const above = await sut.call<{ onDuty: OnDutyView }>(ON_DUTY, { id: city.id }, inside);
      expect(above.onDuty.dutyOfficers.map((s) => s.person.id)).toEqual([cityOfficer.id]);
      const later = onMinute(Date.now() + 10 * DAY + HOUR);
      expect(await sut.failure(ON_DUTY, { id: city.id, at: later }, inside)).toMatchObject({
        code: 'OUTSIDE_JURISDICTION',
        field: 'at',
      });
    },

    'Query.dutyCoverage': async () => {
      const COVERAGE = `query($id: ID!, $from: DateTime!, $to: DateTime!) {
        dutyCoverage(organisationId: $id, from: $from, to: $to) { complete gaps { role } }
      }`;
      const period = { from: onMinute(Date.now()), to: onMinute(Date.now() + HOUR) };
      const { dutyCoverage } = await sut.call<{ dutyCoverage: { gaps: { role: string }[] } }>(
        COVERAGE,
        { id: xiaonan.id, ...period },
        inside,
      );
      expect(dutyCoverage.gaps.map((g) => g.role)).toEqual(['LEADER_ON_DUTY']);
      expect(await sut.failure(COVERAGE, { id: xiaonan.id, ...period }, sibling)).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await sut.failure(COVERAGE, { id: city.id, ...period }, inside)).toMatchObject({
        code: 'NOT_FOUND',
      });
    },

    'Query._entities': async () => {
      const ENTITIES = `query($reps: [_Any!]!) {
        _entities(representations: $reps) {
          ... on DutyShift { id }
          ... on Organisation { id onDuty { ${ON_DUTY_FIELDS} } dutyShifts(first: 100) { ${SHIFT_PAGE} } }
        }
      }`;
      const reps = [
        { __typename: 'DutyShift', id: xiaonanShiftNow },
        { __typename: 'Organisation', id: xiaonan.id },
      ];
      const seen = await sut.call<{ _entities: unknown[] }>(ENTITIES, { reps }, inside);
      expect(seen._entities).toEqual([
        { id: xiaonanShiftNow },
        {
          id: xiaonan.id,
          onDuty: {
            dutyOfficers: [{ id: xiaonanShiftNow, person: { id: xiaonanOfficer.id } }],
            leadersOnDuty: [],
          },
          dutyShifts: {
            edges: expect.arrayContaining([
              { node: { id: xiaonanShiftNow } },
              { node: { id: xiaonanShiftLater } },
            ]),
          },
        },
      ]);
      expect((await sut.call<{ _entities: unknown[] }>(ENTITIES, { reps }, sibling))._entities).toEqual([
        null,
        null,
      ]);
    },

    'Organisation.onDuty': async () => {
      // From the caller's own office, and up its parent: the path to the prefecture's duty.
      const OWN = `query($id: ID!) {
        organisation(id: $id) { onDuty { ${ON_DUTY_FIELDS} } parent { onDuty { ${ON_DUTY_FIELDS} } } }
      }`;
      const { organisation } = await sut.call<{
        organisation: { onDuty: OnDutyView; parent: { onDuty: OnDutyView } };
      }>(OWN, { id: xiaonan.id }, inside);
      expect(organisation.onDuty.dutyOfficers.map((s) => s.person.id)).toEqual([xiaonanOfficer.id]);
      expect(organisation.parent.onDuty.dutyOfficers.map((s) => s.person.id)).toEqual([cityOfficer.id]);
      const AT = `query($id: ID!, $at: DateTime) { organisation(id: $id) { parent { onDuty(at: $at) { at } } } }`;
      const later = onMinute(Date.now() + 10 * DAY + HOUR);
      expect(await sut.failure(AT, { id: xiaonan.id, at: later }, inside)).toMatchObject({
        code: 'OUTSIDE_JURISDICTION',
        field: 'at',
      });
      // A sibling county reaches Xiaonan's office by no path: not by id, not in a list, not down from the city.
      const SIBLING = `query($id: ID!, $dawu: ID!) {
        organisation(id: $id) { onDuty { ${ON_DUTY_FIELDS} } }
        organisations(filter: { regionCode: "420902" }, first: 100) { edges { node { onDuty { at } } } }
        dawu: organisation(id: $dawu) { parent { children(first: 100) { edges { node { id onDuty { at } } } } } }
      }`;
      const seen = await sut.call<{
        organisation: unknown;
        organisations: { edges: unknown[] };
        dawu: { parent: { children: { edges: { node: { id: string } }[] } } };
      }>(SIBLING, { id: xiaonan.id, dawu: dawu.id }, sibling);
      expect(seen.organisation).toBeNull();
      expect(seen.organisations.edges).toEqual([]);
      expect(seen.dawu.parent.children.edges.map((e) => e.node.id)).toEqual([dawu.id]);
    },

    'Organisation.dutyShifts': async () => {
      const OWN = `query($id: ID!) {
        organisation(id: $id) {
          dutyShifts(first: 100) { ${SHIFT_PAGE} } parent { dutyShifts(first: 100) { ${SHIFT_PAGE} } }
        }
      }`;
      const { organisation } = await sut.call<{
        organisation: { dutyShifts: ShiftIds; parent: { dutyShifts: ShiftIds } };
      }>(OWN, { id: xiaonan.id }, inside);
      expect(idsOf(organisation.dutyShifts)).toEqual(
        expect.arrayContaining([xiaonanShiftNow, xiaonanShiftLater]),
      );
      // The prefecture's roster is not the county's to read, though its own office reports there.
      expect(idsOf(organisation.parent.dutyShifts)).toEqual([]);
      const fromDawu = await sut.call<{ organisation: { parent: { dutyShifts: ShiftIds } } }>(
        `query($id: ID!) { organisation(id: $id) { parent { dutyShifts(first: 100) { ${SHIFT_PAGE} } } } }`,
        { id: dawu.id },
        sibling,
      );
      expect(idsOf(fromDawu.organisation.parent.dutyShifts)).toEqual([]);
      const direct = await sut.call<{ organisation: unknown }>(
        `query($id: ID!) { organisation(id: $id) { dutyShifts { ${SHIFT_PAGE} } } }`,
        { id: xiaonan.id },
        sibling,
      );
      expect(direct.organisation).toBeNull();
    },

    'Mutation.scheduleDutyShift': async () => {
      const start = Date.now() + 20 * DAY;
      const input = {
        organisationId: xiaonan.id,
        personId: xiaonanOfficer.id,
        role: 'LEADER_ON_DUTY',
        startsAt: onMinute(start),
        endsAt: onMinute(start + HOUR),
      };
      expect(await sut.failure(SCHEDULE, { input }, sibling)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await sut.call(SCHEDULE, { input }, inside)).toMatchObject({
        scheduleDutyShift: { id: expect.any(String) },
      });
    },

    'Mutation.scheduleDutyRoster': async () => {
      const start = Date.now() + 21 * DAY;
      const input = {
        organisationId: xiaonan.id,
        shifts: [
          {
            personId: xiaonanOfficer.id,
            role: 'DUTY_OFFICER',
            startsAt: onMinute(start),
            endsAt: onMinute(start + HOUR),
          },
        ],
      };
      expect(await sut.failure(ROSTER, { input }, sibling)).toMatchObject({ code: 'NOT_FOUND' });
      const { scheduleDutyRoster } = await sut.call<{ scheduleDutyRoster: unknown[] }>(
        ROSTER,
        { input },
        inside,
      );
      expect(scheduleDutyRoster).toHaveLength(1);
    },

    'Mutation.cancelDutyShift': async () => {
      const start = Date.now() + 22 * DAY;
      const id = await schedule(xiaonan, xiaonanOfficer, start, start + HOUR);
      const input = { id, reason: '调整' };
      expect(await sut.failure(CANCEL, { input }, sibling)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect(await sut.call(CANCEL, { input }, inside)).toMatchObject({
        cancelDutyShift: { id, cancelledAt: expect.any(String) },
      });
    },
  };

  it('has a jurisdiction rule for every path to duty data in the schema, and no rule for a path that is gone', async () => {
    expect(await pathsToDutyData()).toEqual(Object.keys(checks).sort());
  });

  it.each(Object.keys(checks).sort())(
    '%s: data within the jurisdiction, on-duty-now above it, nothing beside it',
    async (path) => {
      await checks[path]!();
    },
  );
});
