import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Identity } from '@emergency/auth';
import {
  PersonUpdated,
  RescueTeamDisbanded,
  RescueTeamMemberJoined,
  RescueTeamMemberLeft,
  RescueTeamReadinessChanged,
  RescueTeamRegistered,
  RescueTeamUpdated,
} from '@emergency/contracts';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import {
  registerOrganisation,
  registerPerson,
  startOrganisations,
  unique,
  type OrganisationRef,
} from './fixtures';

interface Team {
  id: string;
  name: string;
  type: string;
  organisation: { id: string } | null;
  baseRegionCode: string;
  baseRegion: { name: string };
  headcount: number;
  memberCount: number;
  captain: { id: string } | null;
  specialties: string[];
  equipment: { name: string; quantity: number; unit: string; notes: string | null }[];
  readiness: string;
  readinessNote: string | null;
  readinessChangedAt: string;
  status: string;
  disbandedAt: string | null;
  disbandReason: string | null;
  updatedAt: string;
}

interface Membership {
  id: string;
  team: { id: string };
  person: { id: string } | null;
  role: string;
  joinedOn: string;
  leftOn: string | null;
  leftReason: string | null;
  current: boolean;
}

const FIELDS = `id name type organisation { id } baseRegionCode baseRegion { name } headcount memberCount
  captain { id } specialties equipment { name quantity unit notes } readiness readinessNote readinessChangedAt
  status disbandedAt disbandReason updatedAt`;
const MEMBERSHIP = 'id team { id } person { id } role joinedOn leftOn leftReason current';
const REGISTER = `mutation($input: RegisterRescueTeamInput!) { registerRescueTeam(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateRescueTeamInput!) { updateRescueTeam(input: $input) { ${FIELDS} } }`;
const ADD = `mutation($input: AddRescueTeamMemberInput!) { addRescueTeamMember(input: $input) { ${MEMBERSHIP} } }`;
const REMOVE = `mutation($input: RemoveRescueTeamMemberInput!) {
  removeRescueTeamMember(input: $input) { ${MEMBERSHIP} }
}`;
const EQUIP = `mutation($input: SetRescueTeamEquipmentInput!) { setRescueTeamEquipment(input: $input) { ${FIELDS} } }`;
const READINESS = `mutation($input: ChangeRescueTeamReadinessInput!) {
  changeRescueTeamReadiness(input: $input) { ${FIELDS} }
}`;
const DISBAND = `mutation($input: DisbandRescueTeamInput!) { disbandRescueTeam(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { rescueTeam(id: $id) { ${FIELDS} } }`;
const ROSTER = `query($id: ID!, $includeLeft: Boolean, $first: Int, $after: String) {
  rescueTeam(id: $id) {
    members(includeLeft: $includeLeft, first: $first, after: $after) {
      edges { node { ${MEMBERSHIP} } } pageInfo { hasNextPage endCursor }
    }
  }
}`;
const LIST = `query($filter: RescueTeamFilter, $first: Int, $after: String) {
  rescueTeams(filter: $filter, first: $first, after: $after) {
    edges { node { id name } } pageInfo { hasNextPage endCursor }
  }
}`;
const MEMBERSHIPS_OF = `query($id: ID!) { person(id: $id) { rescueTeamMemberships { ${MEMBERSHIP} } } }`;
const UPDATE_PERSON = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id status } }`;
const DISSOLVE = `mutation($input: DissolveOrganisationInput!) {
  dissolveOrganisation(input: $input) { id status }
}`;

type ListResult = {
  rescueTeams: {
    edges: { node: { id: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
type RosterResult = {
  rescueTeam: {
    members: {
      edges: { node: Membership }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Rescue teams (应急救援队伍) against the real PostgreSQL and broker, called as the gateway would. Huanggang
 * (421100) hosts every test's data except the Jingzhou (421000) readiness question, which owns that prefecture so
 * its answer can be asserted exactly.
 */
describe('rescue teams', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;

  beforeAll(async () => {
    sut = await startOrganisations('421100,421000');
    events = await readTopic(sut.topic);
    tuanfeng = await registerOrganisation(sut, { regionCode: '421121' });
  }, 120_000);

  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

  const eventsOf = (key: string, type: string) =>
    events.messages.filter((m) => m.key === key && m.headers.ce_type === type);

  /** Waits for exactly `count` events of `type` keyed by `key` and returns them in order. */
  const published = (key: string, type: string, count = 1) =>
    eventually(async () => {
      const found = eventsOf(key, type);
      expect(found).toHaveLength(count);
      return found;
    });

  /** Events of `type` keyed by `key` ever written to the outbox: what was not written is never published. */
  const written = (key: string, type: string) =>
    sut.count(`outbox WHERE message_key = '${key}' AND event_type = '${type}'`);

  async function registerTeam(
    input: Record<string, unknown> = {},
    identity: Identity = identities.admin(),
  ): Promise<Team> {
    const { registerRescueTeam } = await sut.call<{ registerRescueTeam: Team }>(
      REGISTER,
      {
        input: {
          organisationId: tuanfeng.id,
          name: unique('Tuanfeng Flood Rescue Team'),
          type: 'FLOOD_CONTROL',
          baseRegionCode: '421121',
          headcount: 20,
          ...input,
        },
      },
      identity,
    );
    return registerRescueTeam;
  }

  async function addMember(
    teamId: string,
    personId: string,
    role = 'MEMBER',
    extra: Record<string, unknown> = {},
  ): Promise<Membership> {
    const { addRescueTeamMember } = await sut.call<{ addRescueTeamMember: Membership }>(ADD, {
      input: { teamId, personId, role, ...extra },
    });
    return addRescueTeamMember;
  }

  const getTeam = async (id: string, identity: Identity = identities.admin()) =>
    (await sut.call<{ rescueTeam: Team | null }>(GET, { id }, identity)).rescueTeam;

  const people = (organisationId: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => registerPerson(sut, organisationId)));

  /** Every page of a team list, as ids. */
  async function listAll(filter: Record<string, unknown>, identity = identities.admin(), first = 2) {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { rescueTeams }: ListResult = await sut.call<ListResult>(
        LIST,
        { filter, first, after },
        identity,
      );
      seen.push(...rescueTeams.edges.map((e) => e.node.id));
      if (!rescueTeams.pageInfo.hasNextPage) return seen;
      after = rescueTeams.pageInfo.endCursor;
    }
  }

  describe('registering', () => {
    it('registers a team with its base region, headcount and specialties, and publishes RescueTeamRegistered', async () => {
      const name = unique('Tuanfeng County Flood Rescue Team');
      const team = await registerTeam({
        name,
        baseRegionCode: '421121100', // 团风镇
        headcount: 30,
        specialties: ['FLOOD_DEFENCE', 'WATER_RESCUE', 'FLOOD_DEFENCE'],
      });
      expect(team).toMatchObject({
        name,
        type: 'FLOOD_CONTROL',
        organisation: { id: tuanfeng.id },
        baseRegionCode: '421121100',
        baseRegion: { name: '团风镇' },
        headcount: 30,
        memberCount: 0,
        captain: null,
        specialties: ['WATER_RESCUE', 'FLOOD_DEFENCE'],
        equipment: [],
        readiness: 'READY',
        readinessNote: null,
        status: 'ACTIVE',
        disbandedAt: null,
      });
      const [event] = await published(team.id, RescueTeamRegistered.type);
      expect(event.value).toEqual({
        teamId: team.id,
        organisationId: tuanfeng.id,
        name,
        type: 'FLOOD_CONTROL',
        baseRegionCode: '421121100',
        headcount: 30,
        specialties: ['WATER_RESCUE', 'FLOOD_DEFENCE'],
        readiness: 'READY',
      });
    });

    it('registers a team with the readiness and note it starts with', async () => {
      const team = await registerTeam({ readiness: 'STANDING_DOWN', readinessNote: '汛后休整' });
      expect(team).toMatchObject({ readiness: 'STANDING_DOWN', readinessNote: '汛后休整' });
    });

    it.each([
      ['a blank name', { name: '  ' }, 'BAD_USER_INPUT', 'name'],
      ['a headcount of 0', { headcount: 0 }, 'INVALID_HEADCOUNT', 'headcount'],
      ['a negative headcount', { headcount: -5 }, 'INVALID_HEADCOUNT', 'headcount'],
      ['an unknown base region', { baseRegionCode: '421199' }, 'REGION_NOT_FOUND', 'baseRegionCode'],
      ['a malformed base region', { baseRegionCode: '4211' }, 'INVALID_REGION_CODE', 'baseRegionCode'],
      [
        'a base region outside the organisation’s region',
        { baseRegionCode: '421123' }, // Luotian, while the organisation is Tuanfeng's
        'BASE_REGION_OUTSIDE_ORGANISATION',
        'baseRegionCode',
      ],
      ['an organisation that does not exist', { organisationId: NO_SUCH_ID }, 'NOT_FOUND', 'organisationId'],
      ['an organisation id that is no UUID', { organisationId: 'abc' }, 'BAD_USER_INPUT', 'organisationId'],
    ])('refuses %s, writing nothing', async (_label, change, code, field) => {
      const before = await sut.count('rescue_team');
      const outbox = await sut.count('outbox');
      const error = await sut.failure(REGISTER, {
        input: {
          organisationId: tuanfeng.id,
          name: unique('Team'),
          type: 'FLOOD_CONTROL',
          baseRegionCode: '421121',
          headcount: 10,
          ...change,
        },
      });
      expect(error).toMatchObject({ code, field });
      expect(await sut.count('rescue_team')).toBe(before);
      expect(await sut.count('outbox')).toBe(outbox);
    });

    it('refuses a team of a dissolved organisation', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      await sut.call(
        `mutation($input: DissolveOrganisationInput!) { dissolveOrganisation(input: $input) { id } }`,
        {
          input: { id: office.id, reason: 'merged' },
        },
      );
      const before = await sut.count('rescue_team');
      const error = await sut.failure(REGISTER, {
        input: {
          organisationId: office.id,
          name: unique('Team'),
          type: 'MILITIA',
          baseRegionCode: '421121',
          headcount: 10,
        },
      });
      expect(error).toMatchObject({ code: 'ORGANISATION_DISSOLVED', field: 'organisationId' });
      expect(await sut.count('rescue_team')).toBe(before);
    });

    it('refuses auditors (FORBIDDEN) and operators registering for another county’s organisation', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const before = await sut.count('rescue_team');
      const input = {
        organisationId: luotian.id,
        name: unique('Luotian Team'),
        type: 'VOLUNTEER',
        baseRegionCode: '421123',
        headcount: 10,
      };
      expect(await sut.failure(REGISTER, { input }, identities.auditor())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.failure(REGISTER, { input }, identities.operator('421121'))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'organisationId',
      });
      expect(await sut.count('rescue_team')).toBe(before);
      // The county's own operator may.
      await registerTeam(input, identities.operator('421123'));
      expect(await sut.count('rescue_team')).toBe(before + 1);
    });
  });

  describe('jurisdiction', () => {
    it('shows a team to callers whose jurisdiction covers its base region, and to nobody else', async () => {
      const team = await registerTeam({ baseRegionCode: '421121100' });
      expect(await getTeam(team.id, identities.operator('421121'))).toMatchObject({ id: team.id });
      expect(await getTeam(team.id, identities.operator('421100'))).toMatchObject({ id: team.id });
      expect(await getTeam(team.id, identities.auditor('421121'))).toMatchObject({ id: team.id });
      expect(await getTeam(team.id, identities.operator('421123'))).toBeNull();
      expect(await getTeam(team.id, identities.auditor('421000'))).toBeNull();
      const seen = await listAll({ organisationId: tuanfeng.id }, identities.operator('421123'));
      expect(seen).toEqual([]);
      expect(await listAll({ organisationId: tuanfeng.id }, identities.operator('421121'))).toContain(
        team.id,
      );
    });

    it('lets a county operator manage a prefecture’s team based in the county, within the county only', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const team = await registerTeam({ organisationId: prefecture.id, baseRegionCode: '421121' });
      const operator = identities.operator('421121');
      // The owning organisation sits above the operator's jurisdiction; the team shows it all the same.
      expect(await getTeam(team.id, operator)).toMatchObject({
        id: team.id,
        organisation: { id: prefecture.id },
      });
      const { updateRescueTeam } = await sut.call<{ updateRescueTeam: Team }>(
        UPDATE,
        { input: { id: team.id, headcount: 25 } },
        operator,
      );
      expect(updateRescueTeam.headcount).toBe(25);
      // Moving the team to Luotian is within the organisation's region but outside the operator's.
      const error = await sut.failure(UPDATE, { input: { id: team.id, baseRegionCode: '421123' } }, operator);
      expect(error).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'baseRegionCode' });
      expect((await getTeam(team.id))!.baseRegionCode).toBe('421121');
    });

    it('refuses every change from an operator of another county (NOT_FOUND) and from auditors (FORBIDDEN)', async () => {
      const team = await registerTeam();
      const [person] = await people(tuanfeng.id, 1);
      const mutations: [string, Record<string, unknown>, string][] = [
        [UPDATE, { id: team.id, name: 'Renamed' }, 'id'],
        [ADD, { teamId: team.id, personId: person!.id, role: 'MEMBER' }, 'teamId'],
        [REMOVE, { teamId: team.id, personId: person!.id, reason: 'moved' }, 'teamId'],
        [EQUIP, { teamId: team.id, items: [{ name: 'Pump', quantity: 1, unit: '台' }] }, 'teamId'],
        [READINESS, { id: team.id, readiness: 'DEPLOYED' }, 'id'],
        [DISBAND, { id: team.id, reason: 'no longer needed' }, 'id'],
      ];
      const outbox = await sut.count('outbox');
      for (const [mutation, input, field] of mutations) {
        expect(await sut.failure(mutation, { input }, identities.operator('421123'))).toMatchObject({
          code: 'NOT_FOUND',
          field,
        });
        expect(await sut.failure(mutation, { input }, identities.auditor())).toMatchObject({
          code: 'FORBIDDEN',
        });
      }
      expect(await sut.count('outbox')).toBe(outbox);
      expect(await getTeam(team.id)).toMatchObject({ name: team.name, readiness: 'READY', status: 'ACTIVE' });
      expect(await sut.count(`rescue_team_membership WHERE team_id = '${team.id}'`)).toBe(0);
      expect(await sut.count(`rescue_team_equipment WHERE team_id = '${team.id}'`)).toBe(0);
    });
  });

  describe('which flood-rescue teams in Jingzhou are ready', () => {
    it('answers exactly the ready flood-control teams, and the ready water-rescue teams, based in Jingzhou', async () => {
      const honghu = await registerOrganisation(sut, { regionCode: '421083' }); // 洪湖市
      const jianli = await registerOrganisation(sut, { regionCode: '421088' }); // 监利市
      const shashi = await registerOrganisation(sut, { regionCode: '421002' }); // 沙市区
      const jingzhou = await registerOrganisation(sut, { regionCode: '421000' }); // the prefecture
      const huanggang = await registerOrganisation(sut, { regionCode: '421100' });
      const team = (
        name: string,
        organisation: OrganisationRef,
        type: string,
        baseRegionCode: string,
        specialties: string[],
        readiness = 'READY',
      ) =>
        registerTeam({ name, organisationId: organisation.id, type, baseRegionCode, specialties, readiness });

      const honghuFlood = await team('Alpha Honghu Flood Team', honghu, 'FLOOD_CONTROL', '421083100', [
        'WATER_RESCUE',
        'FLOOD_DEFENCE',
      ]); // 螺山镇
      const jianliFlood = await team('Bravo Jianli Dyke Team', jianli, 'FLOOD_CONTROL', '421088', [
        'FLOOD_DEFENCE',
      ]);
      const cityFlood = await team('Charlie Jingzhou City Flood Team', jingzhou, 'FLOOD_CONTROL', '421000', [
        'WATER_RESCUE',
        'SWIFT_WATER_RESCUE',
      ]);
      await team(
        'Delta Honghu Deployed Team',
        honghu,
        'FLOOD_CONTROL',
        '421083',
        ['WATER_RESCUE'],
        'DEPLOYED',
      );
      await team(
        'Echo Jianli Resting Team',
        jianli,
        'FLOOD_CONTROL',
        '421088',
        ['WATER_RESCUE'],
        'STANDING_DOWN',
      );
      const shashiFire = await team('Foxtrot Shashi Fire Team', shashi, 'FIRE', '421002', [
        'FIREFIGHTING',
        'WATER_RESCUE',
      ]);
      await team('Golf Shashi Hazmat Team', shashi, 'HAZMAT', '421002', ['HAZMAT_DETECTION']);
      const disbanded = await team('Hotel Honghu Old Flood Team', honghu, 'FLOOD_CONTROL', '421083', [
        'WATER_RESCUE',
      ]);
      await sut.call(DISBAND, { input: { id: disbanded.id, reason: 'merged into the city team' } });
      const unavailable = await team('India Jingzhou Volunteer Team', jingzhou, 'VOLUNTEER', '421003', [
        'WATER_RESCUE',
      ]);
      await sut.call(READINESS, {
        input: { id: unavailable.id, readiness: 'UNAVAILABLE', note: 'training away' },
      });
      // Ready flood-control and water-rescue teams outside Jingzhou.
      await team('Juliet Huanggang Flood Team', huanggang, 'FLOOD_CONTROL', '421102', ['WATER_RESCUE']);
      await team('Kilo Tuanfeng Flood Team', tuanfeng, 'FLOOD_CONTROL', '421121', ['WATER_RESCUE']);

      const byType = { regionCode: '421000', type: 'FLOOD_CONTROL', readiness: 'READY' };
      const bySpecialty = { regionCode: '421000', specialty: 'WATER_RESCUE', readiness: 'READY' };
      const { rescueTeams } = await sut.call<ListResult>(LIST, { filter: byType });
      expect(rescueTeams.edges.map((e) => e.node)).toEqual([
        { id: honghuFlood.id, name: 'Alpha Honghu Flood Team' },
        { id: jianliFlood.id, name: 'Bravo Jianli Dyke Team' },
        { id: cityFlood.id, name: 'Charlie Jingzhou City Flood Team' },
      ]);
      expect(rescueTeams.pageInfo.hasNextPage).toBe(false);
      expect(await listAll(bySpecialty)).toEqual([honghuFlood.id, cityFlood.id, shashiFire.id]);

      // The same question, asked page by page and by callers of narrower or other jurisdictions.
      expect(await listAll(byType, identities.admin(), 1)).toEqual([
        honghuFlood.id,
        jianliFlood.id,
        cityFlood.id,
      ]);
      expect(await listAll(byType, identities.operator('421000'))).toEqual([
        honghuFlood.id,
        jianliFlood.id,
        cityFlood.id,
      ]);
      expect(await listAll(byType, identities.operator('421083'))).toEqual([honghuFlood.id]);
      expect(await listAll(byType, identities.operator('421121'))).toEqual([]);
      // Both filters together: flood-control teams that can do water rescue.
      expect(await listAll({ ...byType, specialty: 'WATER_RESCUE' })).toEqual([honghuFlood.id, cityFlood.id]);
      // The subtree of a county: Honghu's ready flood teams, whichever township they are based in.
      expect(await listAll({ ...byType, regionCode: '421083' })).toEqual([honghuFlood.id]);
    });
  });

  describe('listing', () => {
    it('filters by name, type, status and organisation, ordered by name then id', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421123' });
      const make = (name: string, type = 'MEDICAL') =>
        registerTeam({ organisationId: office.id, name, type, baseRegionCode: '421123' });
      const b = await make('Luotian Medical Team B');
      const a = await make('Luotian Medical Team A');
      const twin = await make('Luotian Medical Team A');
      const militia = await make('Luotian Militia', 'MILITIA');
      await sut.call(DISBAND, { input: { id: militia.id, reason: 'reorganised' } });
      const sameName = [a.id, twin.id].sort();
      expect(await listAll({ organisationId: office.id })).toEqual([...sameName, b.id, militia.id]);
      expect(await listAll({ organisationId: office.id, nameContains: 'medical team a' })).toEqual(sameName);
      expect(await listAll({ organisationId: office.id, type: 'MILITIA' })).toEqual([militia.id]);
      expect(await listAll({ organisationId: office.id, status: 'ACTIVE' })).toEqual([...sameName, b.id]);
      expect(await listAll({ organisationId: office.id, status: 'DISBANDED' })).toEqual([militia.id]);
    });

    it('lists an organisation’s teams by name across pages, only those based in the caller’s jurisdiction', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const names = ['Zeta', 'Eta', 'Theta', 'Iota', 'Kappa'];
      const teams = new Map<string, string>();
      for (const [i, name] of names.entries()) {
        const t = await registerTeam({
          organisationId: prefecture.id,
          name,
          baseRegionCode: i < 3 ? '421121' : '421123',
        });
        teams.set(name, t.id);
      }
      const query = `query($id: ID!, $after: String) {
        organisation(id: $id) { rescueTeams(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }
      }`;
      type Page = {
        organisation: {
          rescueTeams: {
            edges: { node: { name: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      };
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const { organisation } = await sut.call<Page>(query, { id: prefecture.id, after });
        seen.push(...organisation.rescueTeams.edges.map((e) => e.node.name));
        if (!organisation.rescueTeams.pageInfo.hasNextPage) break;
        after = organisation.rescueTeams.pageInfo.endCursor;
      }
      expect(seen).toEqual(['Eta', 'Iota', 'Kappa', 'Theta', 'Zeta']);
      // A Tuanfeng operator reaches the prefecture's organisation through the team list only.
      const inTuanfeng = await listAll({ organisationId: prefecture.id }, identities.operator('421121'));
      expect(inTuanfeng).toEqual([teams.get('Eta'), teams.get('Theta'), teams.get('Zeta')]);
    });

    it.each([
      ['a malformed region', { filter: { regionCode: '42' } }, 'INVALID_REGION_CODE', 'filter.regionCode'],
      [
        'an organisation id that is no UUID',
        { filter: { organisationId: 'x' } },
        'BAD_USER_INPUT',
        'filter.organisationId',
      ],
      ['a page size above 100', { first: 101 }, 'BAD_USER_INPUT', 'first'],
      ['a cursor of another connection', { after: 'bm90LWEtY3Vyc29y' }, 'BAD_USER_INPUT', 'after'],
    ])('refuses %s', async (_label, variables, code, field) => {
      expect(await sut.failure(LIST, variables)).toMatchObject({ code, field });
    });

    it('lists 20 teams with member counts, captains, specialties and equipment in a fixed number of statements', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const crew = await people(office.id, 20);
      for (let i = 0; i < 20; i++) {
        const team = await registerTeam({
          organisationId: office.id,
          specialties: ['WATER_RESCUE', 'DIVING'],
        });
        await addMember(team.id, crew[i]!.id, 'CAPTAIN');
        if (i % 2) await addMember(team.id, crew[(i + 1) % 20]!.id);
        await sut.call(EQUIP, {
          input: { teamId: team.id, items: [{ name: '冲锋舟', quantity: i + 1, unit: '艘' }] },
        });
      }
      const query = `query($filter: RescueTeamFilter) {
        rescueTeams(filter: $filter, first: 20) {
          edges { node { id memberCount specialties equipment { name quantity } captain { name } baseRegion { name } } }
        }
      }`;
      type Result = {
        rescueTeams: {
          edges: {
            node: {
              memberCount: number;
              equipment: { quantity: number }[];
              captain: { name: string } | null;
            };
          }[];
        };
      };
      let result: Result | undefined;
      const statements = await statementsDuring(async () => {
        result = await sut.call<Result>(query, { filter: { organisationId: office.id } });
      });
      const nodes = result!.rescueTeams.edges.map((e) => e.node);
      expect(nodes).toHaveLength(20);
      expect(nodes.map((n) => n.memberCount).sort()).toEqual([...Array(10).fill(1), ...Array(10).fill(2)]);
      expect(nodes.every((n) => n.captain !== null && n.equipment.length === 1)).toBe(true);
      // One statement for the page, one each for member counts, captains, equipment, the captains' people and regions.
      expect(statements.filter(reading('rescue_team'))).toHaveLength(1);
      expect(statements.filter(reading('rescue_team_membership'))).toHaveLength(2);
      expect(statements.filter(reading('rescue_team_equipment'))).toHaveLength(1);
      expect(statements.filter(reading('person'))).toHaveLength(1);
      expect(statements.filter(reading('region'))).toHaveLength(1);
    });
  });

  describe('entity references', () => {
    const ENTITIES = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on RescueTeam { id name baseRegionCode } }
    }`;

    it('resolves any number of teams with one statement', async () => {
      const teams = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          registerTeam({ baseRegionCode: i % 2 ? '421121' : '421121100' }),
        ),
      );
      const representations = teams.map((t) => ({ __typename: 'RescueTeam', id: t.id }));
      let result: { _entities: ({ id: string } | null)[] } | undefined;
      const statements = await statementsDuring(async () => {
        result = await sut.call(ENTITIES, { representations });
      });
      expect(statements.filter(reading('rescue_team'))).toHaveLength(1);
      expect(statements.filter((s) => /rescue_team/.test(s))).toHaveLength(1);
      expect(result!._entities.map((e) => e?.id)).toEqual(teams.map((t) => t.id));
    });

    it('answers null for teams based outside the caller’s jurisdiction', async () => {
      const luotianOffice = await registerOrganisation(sut, { regionCode: '421123' });
      const inside = await registerTeam();
      const outside = await registerTeam({ organisationId: luotianOffice.id, baseRegionCode: '421123' });
      const { _entities } = await sut.call<{ _entities: ({ id: string } | null)[] }>(
        ENTITIES,
        {
          representations: [
            { __typename: 'RescueTeam', id: inside.id },
            { __typename: 'RescueTeam', id: outside.id },
            { __typename: 'RescueTeam', id: NO_SUCH_ID },
          ],
        },
        identities.operator('421121'),
      );
      expect(_entities).toEqual([{ id: inside.id, name: inside.name, baseRegionCode: '421121' }, null, null]);
    });
  });

  describe('updating', () => {
    it('renames, resizes, re-specialises and moves a team, publishing what changed', async () => {
      const team = await registerTeam({ specialties: ['WATER_RESCUE'] });
      const { updateRescueTeam: updated } = await sut.call<{ updateRescueTeam: Team }>(UPDATE, {
        input: {
          id: team.id,
          name: 'Tuanfeng Swift Water Team',
          headcount: 12,
          specialties: ['DIVING', 'SWIFT_WATER_RESCUE'],
          baseRegionCode: '421121100201', // 临江铺村
        },
      });
      expect(updated).toMatchObject({
        name: 'Tuanfeng Swift Water Team',
        headcount: 12,
        specialties: ['SWIFT_WATER_RESCUE', 'DIVING'],
        baseRegionCode: '421121100201',
        baseRegion: { name: '临江铺村民委员会' },
      });
      const [event] = await published(team.id, RescueTeamUpdated.type);
      expect(event.value).toEqual({
        teamId: team.id,
        organisationId: tuanfeng.id,
        name: 'Tuanfeng Swift Water Team',
        type: 'FLOOD_CONTROL',
        baseRegionCode: '421121100201',
        headcount: 12,
        specialties: ['SWIFT_WATER_RESCUE', 'DIVING'],
        changes: ['name', 'headcount', 'specialties', 'baseRegionCode'],
      });
    });

    it('changes and publishes nothing when the values are the ones the team has', async () => {
      const team = await registerTeam({ specialties: ['DIVING', 'WATER_RESCUE'] });
      const { updateRescueTeam } = await sut.call<{ updateRescueTeam: Team }>(UPDATE, {
        input: {
          id: team.id,
          name: ` ${team.name} `,
          headcount: team.headcount,
          specialties: ['WATER_RESCUE', 'DIVING'],
          baseRegionCode: '421121',
        },
      });
      expect(updateRescueTeam.updatedAt).toBe(team.updatedAt);
      expect(await written(team.id, RescueTeamUpdated.type)).toBe(0);
    });

    it.each([
      ['a headcount of 0', { headcount: 0 }, 'INVALID_HEADCOUNT', 'headcount'],
      ['a blank name', { name: '' }, 'BAD_USER_INPUT', 'name'],
      [
        'a base region outside the organisation',
        { baseRegionCode: '421123' },
        'BASE_REGION_OUTSIDE_ORGANISATION',
        'baseRegionCode',
      ],
      ['an unknown base region', { baseRegionCode: '421121999' }, 'REGION_NOT_FOUND', 'baseRegionCode'],
      ['an unknown team', { id: NO_SUCH_ID }, 'NOT_FOUND', 'id'],
    ])('refuses %s, changing nothing', async (_label, change, code, field) => {
      const team = await registerTeam();
      const error = await sut.failure(UPDATE, { input: { id: team.id, ...change } });
      expect(error).toMatchObject({ code, field });
      expect(await getTeam(team.id)).toEqual(team);
    });

    it('refuses a headcount below the current members (HEADCOUNT_BELOW_MEMBERS), changing nothing', async () => {
      const team = await registerTeam({ headcount: 5 });
      for (const person of await people(tuanfeng.id, 3)) await addMember(team.id, person.id);
      const outbox = await sut.count('outbox');
      const error = await sut.failure(UPDATE, { input: { id: team.id, headcount: 2, name: 'Smaller' } });
      expect(error).toMatchObject({
        code: 'HEADCOUNT_BELOW_MEMBERS',
        field: 'headcount',
        headcount: 2,
        members: 3,
      });
      expect(await getTeam(team.id)).toMatchObject({ headcount: 5, name: team.name, memberCount: 3 });
      expect(await sut.count('outbox')).toBe(outbox);
      // Exactly the members is fine.
      const { updateRescueTeam } = await sut.call<{ updateRescueTeam: Team }>(UPDATE, {
        input: { id: team.id, headcount: 3 },
      });
      expect(updateRescueTeam.headcount).toBe(3);
    });

    it('refuses changes to a team whose organisation was dissolved, but lets it be disbanded', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const team = await registerTeam({ organisationId: office.id });
      // Dissolving is refused while the organisation has active teams (see 'dissolving the organisation'); only an
      // organisation dissolved before that rule held can still have one, so the test writes that state directly.
      await sut.db.query(
        `UPDATE organisation SET status = 'DISSOLVED', dissolved_at = now(), dissolution_reason = $2 WHERE id = $1`,
        [office.id, 'merged into the county bureau'],
      );
      for (const [mutation, input, field] of [
        [UPDATE, { id: team.id, headcount: 3 }, 'id'],
        [READINESS, { id: team.id, readiness: 'DEPLOYED' }, 'id'],
        [EQUIP, { teamId: team.id, items: [] }, 'teamId'],
      ] as const) {
        expect(await sut.failure(mutation, { input })).toMatchObject({
          code: 'ORGANISATION_DISSOLVED',
          field,
        });
      }
      expect(await getTeam(team.id)).toMatchObject({ headcount: 20, readiness: 'READY' });
      const { disbandRescueTeam } = await sut.call<{ disbandRescueTeam: Team }>(DISBAND, {
        input: { id: team.id, reason: 'organisation dissolved' },
      });
      expect(disbandRescueTeam.status).toBe('DISBANDED');
    });
  });

  describe('members', () => {
    it('adds a captain, a deputy and members, counts them and lists the roster in rank order', async () => {
      const team = await registerTeam({ headcount: 6 });
      const [captain, deputy, first, second] = await people(tuanfeng.id, 4);
      const m1 = await addMember(team.id, second!.id, 'MEMBER', { joinedOn: '2024-03-01' });
      const m2 = await addMember(team.id, first!.id, 'MEMBER', { joinedOn: '2020-05-04' });
      const m3 = await addMember(team.id, deputy!.id, 'DEPUTY_CAPTAIN');
      const m4 = await addMember(team.id, captain!.id, 'CAPTAIN', { joinedOn: '2021-01-01' });
      expect(m4).toMatchObject({
        team: { id: team.id },
        person: { id: captain!.id },
        role: 'CAPTAIN',
        joinedOn: '2021-01-01',
        leftOn: null,
        current: true,
      });
      expect(m3.joinedOn).toBe(chinaToday());
      expect(await getTeam(team.id)).toMatchObject({ memberCount: 4, captain: { id: captain!.id } });

      const roster: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { rescueTeam }: RosterResult = await sut.call<RosterResult>(ROSTER, {
          id: team.id,
          first: 3,
          after,
        });
        roster.push(...rescueTeam.members.edges.map((e) => e.node.id));
        if (!rescueTeam.members.pageInfo.hasNextPage) break;
        after = rescueTeam.members.pageInfo.endCursor;
      }
      expect(roster).toEqual([m4.id, m3.id, m2.id, m1.id]);

      const [joined] = await eventually(async () => {
        const found = eventsOf(team.id, RescueTeamMemberJoined.type);
        expect(found).toHaveLength(4);
        return found;
      });
      expect(joined!.value).toEqual({
        teamId: team.id,
        membershipId: m1.id,
        personId: second!.id,
        role: 'MEMBER',
        joinedOn: '2024-03-01',
        memberCount: 1,
      });
    });

    it('counts each change of a request that holds several, in the order they ran', async () => {
      const team = await registerTeam();
      const [first, second] = await people(tuanfeng.id, 2);
      const both = `mutation($teamId: ID!, $first: ID!, $second: ID!) {
        a: addRescueTeamMember(input: { teamId: $teamId, personId: $first, role: CAPTAIN }) { team { memberCount } }
        b: addRescueTeamMember(input: { teamId: $teamId, personId: $second, role: MEMBER }) { team { memberCount } }
      }`;
      const result = await sut.call<Record<'a' | 'b', { team: { memberCount: number } }>>(both, {
        teamId: team.id,
        first: first!.id,
        second: second!.id,
      });
      expect([result.a.team.memberCount, result.b.team.memberCount]).toEqual([1, 2]);
    });

    it('lets a person serve in several teams, listing their current memberships on Person', async () => {
      const flood = await registerTeam({ name: unique('Flood') });
      const militia = await registerTeam({ name: unique('Militia'), type: 'MILITIA' });
      const gone = await registerTeam({ name: unique('Old') });
      const [person] = await people(tuanfeng.id, 1);
      const a = await addMember(flood.id, person!.id, 'CAPTAIN', { joinedOn: '2019-01-01' });
      const b = await addMember(militia.id, person!.id, 'MEMBER', { joinedOn: '2022-01-01' });
      await addMember(gone.id, person!.id);
      await sut.call(REMOVE, { input: { teamId: gone.id, personId: person!.id, reason: 'transferred' } });
      const { person: found } = await sut.call<{ person: { rescueTeamMemberships: Membership[] } }>(
        MEMBERSHIPS_OF,
        { id: person!.id },
      );
      expect(found.rescueTeamMemberships.map((m) => [m.id, m.team.id, m.role])).toEqual([
        [a.id, flood.id, 'CAPTAIN'],
        [b.id, militia.id, 'MEMBER'],
      ]);
    });

    it('hides memberships in teams outside the caller’s jurisdiction from Person.rescueTeamMemberships', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const [person] = await people(tuanfeng.id, 1);
      const inTuanfeng = await registerTeam();
      const inLuotian = await registerTeam({ organisationId: luotian.id, baseRegionCode: '421123' });
      await addMember(inTuanfeng.id, person!.id, 'MEMBER', { joinedOn: '2023-04-01' });
      await addMember(inLuotian.id, person!.id, 'MEMBER', { joinedOn: '2024-04-01' });
      const memberships = async (identity: Identity) =>
        (
          await sut.call<{ person: { rescueTeamMemberships: Membership[] } | null }>(
            MEMBERSHIPS_OF,
            { id: person!.id },
            identity,
          )
        ).person?.rescueTeamMemberships.map((m) => m.team.id);
      expect(await memberships(identities.admin())).toEqual([inTuanfeng.id, inLuotian.id]);
      expect(await memberships(identities.operator('421100'))).toEqual([inTuanfeng.id, inLuotian.id]);
      // Tuanfeng's operator sees the person, and only the Tuanfeng team among their memberships.
      expect(await memberships(identities.operator('421121'))).toEqual([inTuanfeng.id]);
    });

    it('lists the memberships of a page of people in one statement', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const crew = await people(office.id, 10);
      const team = await registerTeam({ organisationId: office.id });
      for (const person of crew) await addMember(team.id, person.id);
      const query = `query($filter: PersonFilter) {
        people(filter: $filter, first: 20) { edges { node { id rescueTeamMemberships { role team { id } } } } }
      }`;
      type Result = { people: { edges: { node: { rescueTeamMemberships: unknown[] } }[] } };
      let result: Result | undefined;
      const statements = await statementsDuring(async () => {
        result = await sut.call<Result>(query, { filter: { organisationId: office.id } });
      });
      expect(result!.people.edges.map((e) => e.node.rescueTeamMemberships)).toHaveLength(10);
      expect(result!.people.edges.every((e) => e.node.rescueTeamMemberships.length === 1)).toBe(true);
      expect(statements.filter(reading('rescue_team_membership'))).toHaveLength(1);
      expect(statements.filter(reading('rescue_team'))).toHaveLength(1);
    });

    it.each([
      ['a person already in the team', 'again', 'ALREADY_TEAM_MEMBER', 'personId'],
      ['a second captain', 'captain', 'CAPTAIN_ALREADY_APPOINTED', 'role'],
      ['one member beyond the headcount', 'full', 'HEADCOUNT_BELOW_MEMBERS', 'teamId'],
      ['a person who left their organisation', 'left', 'PERSON_LEFT', 'personId'],
      ['a person unknown', 'unknown', 'NOT_FOUND', 'personId'],
      ['a joining date in the future', 'future', 'DATE_IN_FUTURE', 'joinedOn'],
      ['a joining date that is no calendar day', 'baddate', 'INVALID_DATE', 'joinedOn'],
      ['an unknown team', 'noteam', 'NOT_FOUND', 'teamId'],
    ])('refuses %s, writing nothing', async (_label, situation, code, field) => {
      const team = await registerTeam({ headcount: 2 });
      const [captain, other, newcomer] = await people(tuanfeng.id, 3);
      await addMember(team.id, captain!.id, 'CAPTAIN');
      if (situation === 'full') await addMember(team.id, other!.id);
      if (situation === 'left') {
        await sut.call(`mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id } }`, {
          input: { id: newcomer!.id, status: 'LEFT' },
        });
      }
      const input = {
        teamId: situation === 'noteam' ? NO_SUCH_ID : team.id,
        personId: situation === 'again' ? captain!.id : situation === 'unknown' ? NO_SUCH_ID : newcomer!.id,
        role: situation === 'captain' ? 'CAPTAIN' : 'MEMBER',
        joinedOn: situation === 'future' ? '2999-01-01' : situation === 'baddate' ? '2024-02-30' : undefined,
      };
      const before = await sut.count('rescue_team_membership');
      const outbox = await sut.count('outbox');
      expect(await sut.failure(ADD, { input })).toMatchObject({ code, field });
      expect(await sut.count('rescue_team_membership')).toBe(before);
      expect(await sut.count('outbox')).toBe(outbox);
    });

    it('refuses adding a person from another county for a county operator (NOT_FOUND)', async () => {
      const team = await registerTeam();
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const [outsider] = await people(luotian.id, 1);
      const before = await sut.count('rescue_team_membership');
      const error = await sut.failure(
        ADD,
        { input: { teamId: team.id, personId: outsider!.id, role: 'MEMBER' } },
        identities.operator('421121'),
      );
      expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
      expect(await sut.count('rescue_team_membership')).toBe(before);
    });

    it('records a member leaving, publishes RescueTeamMemberLeft without the reason, and keeps the history', async () => {
      const team = await registerTeam();
      const [captain, member] = await people(tuanfeng.id, 2);
      await addMember(team.id, captain!.id, 'CAPTAIN', { joinedOn: '2020-01-01' });
      const joined = await addMember(team.id, member!.id, 'MEMBER', { joinedOn: '2020-01-01' });
      const { removeRescueTeamMember: left } = await sut.call<{ removeRescueTeamMember: Membership }>(
        REMOVE,
        {
          input: { teamId: team.id, personId: captain!.id, reason: '因病退出', leftOn: '2025-06-30' },
        },
      );
      expect(left).toMatchObject({
        leftOn: '2025-06-30',
        leftReason: '因病退出',
        current: false,
        role: 'CAPTAIN',
      });
      expect(await getTeam(team.id)).toMatchObject({ memberCount: 1, captain: null });
      const [event] = await published(team.id, RescueTeamMemberLeft.type);
      expect(event.value).toEqual({
        teamId: team.id,
        membershipId: left.id,
        personId: captain!.id,
        role: 'CAPTAIN',
        leftOn: '2025-06-30',
        memberCount: 1,
      });
      expect(JSON.stringify(event)).not.toContain('因病');

      const roster = async (includeLeft: boolean) =>
        (await sut.call<RosterResult>(ROSTER, { id: team.id, includeLeft })).rescueTeam.members.edges.map(
          (e) => e.node.id,
        );
      expect(await roster(false)).toEqual([joined.id]);
      expect(await roster(true)).toEqual([joined.id, left.id]);

      // The captaincy is free again, and the former captain may come back, from the day they left.
      const [successor] = await people(tuanfeng.id, 1);
      await addMember(team.id, successor!.id, 'CAPTAIN');
      const overlap = await sut.failure(ADD, {
        input: { teamId: team.id, personId: captain!.id, role: 'MEMBER', joinedOn: '2025-06-29' },
      });
      expect(overlap).toMatchObject({ code: 'MEMBERSHIP_OVERLAP', field: 'joinedOn' });
      const back = await addMember(team.id, captain!.id, 'DEPUTY_CAPTAIN', { joinedOn: '2025-06-30' });
      expect(back.current).toBe(true);
      expect(await getTeam(team.id)).toMatchObject({ memberCount: 3, captain: { id: successor!.id } });
    });

    it.each([
      ['a person who is not a current member', { stranger: true }, 'NOT_TEAM_MEMBER', 'personId'],
      ['a leaving date before the joining date', { leftOn: '2019-12-31' }, 'LEFT_BEFORE_JOINED', 'leftOn'],
      ['a leaving date in the future', { leftOn: '2999-12-31' }, 'DATE_IN_FUTURE', 'leftOn'],
      ['a blank reason', { reason: ' ' }, 'BAD_USER_INPUT', 'reason'],
    ] as [string, { stranger?: boolean; leftOn?: string; reason?: string }, string, string][])(
      'refuses removing with %s, changing nothing',
      async (_label, change, code, field) => {
        const team = await registerTeam();
        const [member, stranger] = await people(tuanfeng.id, 2);
        await addMember(team.id, member!.id, 'MEMBER', { joinedOn: '2020-01-01' });
        const { stranger: notMember, ...rest } = change;
        const input = {
          teamId: team.id,
          personId: (notMember ? stranger : member)!.id,
          reason: 'retired',
          ...rest,
        };
        const outbox = await sut.count('outbox');
        expect(await sut.failure(REMOVE, { input })).toMatchObject({ code, field });
        expect(
          await sut.count(`rescue_team_membership WHERE team_id = '${team.id}' AND left_on IS NULL`),
        ).toBe(1);
        expect(await sut.count('outbox')).toBe(outbox);
      },
    );

    it('appoints exactly one captain when several are named at once', async () => {
      const team = await registerTeam();
      const candidates = await people(tuanfeng.id, 6);
      const results = await Promise.all(
        candidates.map((p) =>
          sut.request(ADD, { input: { teamId: team.id, personId: p.id, role: 'CAPTAIN' } }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({
          code: 'CAPTAIN_ALREADY_APPOINTED',
          field: 'role',
        });
      }
      expect(await sut.count(`rescue_team_membership WHERE team_id = '${team.id}'`)).toBe(1);
    });

    it('never lets concurrent additions take a team beyond its headcount', async () => {
      const team = await registerTeam({ headcount: 3 });
      const candidates = await people(tuanfeng.id, 7);
      const results = await Promise.all(
        candidates.map((p) =>
          sut.request(ADD, { input: { teamId: team.id, personId: p.id, role: 'MEMBER' } }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(3);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({
          code: 'HEADCOUNT_BELOW_MEMBERS',
          field: 'teamId',
        });
      }
      expect(await getTeam(team.id)).toMatchObject({ memberCount: 3, headcount: 3 });
    });

    it('adds the same person once when the request arrives twice at once', async () => {
      const team = await registerTeam();
      const [person] = await people(tuanfeng.id, 1);
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          sut.request(ADD, { input: { teamId: team.id, personId: person!.id, role: 'MEMBER' } }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({
          code: 'ALREADY_TEAM_MEMBER',
          field: 'personId',
        });
      }
    });

    it('has the database refuse a second current captain and a second current membership too', async () => {
      const team = await registerTeam();
      const [captain, other] = await people(tuanfeng.id, 2);
      await addMember(team.id, captain!.id, 'CAPTAIN');
      const insert = (personId: string, role: string) =>
        sut.db.query(
          `INSERT INTO rescue_team_membership (id, team_id, person_id, role, joined_on)
           VALUES (gen_random_uuid(), $1, $2, $3, CURRENT_DATE)`,
          [team.id, personId, role],
        );
      await expect(insert(other!.id, 'CAPTAIN')).rejects.toMatchObject({
        constraint: 'rescue_team_captain_key',
      });
      await expect(insert(captain!.id, 'MEMBER')).rejects.toMatchObject({
        constraint: 'rescue_team_membership_current_key',
      });
    });

    it('shows members from above the caller’s jurisdiction', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const [fromPrefecture] = await people(prefecture.id, 1);
      const team = await registerTeam();
      await addMember(team.id, fromPrefecture!.id, 'CAPTAIN');
      const { rescueTeam } = await sut.call<RosterResult>(
        ROSTER,
        { id: team.id },
        identities.operator('421121'),
      );
      expect(rescueTeam.members.edges.map((e) => e.node.person)).toEqual([{ id: fromPrefecture!.id }]);
      expect(await getTeam(team.id, identities.operator('421121'))).toMatchObject({
        memberCount: 1,
        captain: { id: fromPrefecture!.id },
      });
      // Shown, not opened up: their personal data stays masked for a caller whose jurisdiction does not cover them.
      const { rescueTeam: masked } = await sut.call<{
        rescueTeam: { captain: { personalDataMasked: boolean } };
      }>(
        `query($id: ID!) { rescueTeam(id: $id) { captain { personalDataMasked } } }`,
        { id: team.id },
        identities.operator('421121'),
      );
      expect(masked.captain.personalDataMasked).toBe(true);
    });
  });

  describe('equipment', () => {
    it('replaces the list as a whole, keeps its order, and publishes RescueTeamUpdated with equipment', async () => {
      const team = await registerTeam();
      const items = [
        { name: '冲锋舟', quantity: 4, unit: '艘', notes: '40 hp outboard' },
        { name: 'Life jacket', quantity: 60, unit: '件', notes: null },
        { name: 'Submersible pump', quantity: 2, unit: '台', notes: null },
      ];
      const { setRescueTeamEquipment: set } = await sut.call<{ setRescueTeamEquipment: Team }>(EQUIP, {
        input: { teamId: team.id, items },
      });
      expect(set.equipment).toEqual(items);
      expect(new Date(set.updatedAt).getTime()).toBeGreaterThan(new Date(team.updatedAt).getTime());
      const [first] = await published(team.id, RescueTeamUpdated.type);
      expect(first.value).toMatchObject({ teamId: team.id, changes: ['equipment'] });

      // The same list again: nothing changes, nothing is published.
      const { setRescueTeamEquipment: same } = await sut.call<{ setRescueTeamEquipment: Team }>(EQUIP, {
        input: { teamId: team.id, items },
      });
      expect(same.updatedAt).toBe(set.updatedAt);
      expect(await written(team.id, RescueTeamUpdated.type)).toBe(1);

      const replacement = [{ name: 'life jacket', quantity: 80, unit: '件', notes: 'new stock' }];
      await sut.call(EQUIP, { input: { teamId: team.id, items: replacement } });
      expect((await getTeam(team.id))!.equipment).toEqual(replacement);
      await sut.call(EQUIP, { input: { teamId: team.id, items: [] } });
      expect((await getTeam(team.id))!.equipment).toEqual([]);
      await published(team.id, RescueTeamUpdated.type, 3);
    });

    it.each([
      [
        'a name twice in another case',
        [
          { name: 'Drone', quantity: 1, unit: '架' },
          { name: 'DRONE', quantity: 2, unit: '架' },
        ],
        'DUPLICATE_EQUIPMENT_NAME',
        'items[1].name',
      ],
      [
        'a quantity of 0',
        [{ name: 'Pump', quantity: 0, unit: '台' }],
        'INVALID_EQUIPMENT_QUANTITY',
        'items[0].quantity',
      ],
      ['a blank unit', [{ name: 'Pump', quantity: 1, unit: ' ' }], 'BAD_USER_INPUT', 'items[0].unit'],
    ])('refuses %s, keeping the list it had', async (_label, items, code, field) => {
      const team = await registerTeam();
      const kept = [{ name: 'Rope', quantity: 10, unit: '根', notes: null }];
      await sut.call(EQUIP, { input: { teamId: team.id, items: kept } });
      const before = await sut.count('rescue_team_equipment');
      const outbox = await sut.count('outbox');
      expect(await sut.failure(EQUIP, { input: { teamId: team.id, items } })).toMatchObject({ code, field });
      expect(await sut.count('rescue_team_equipment')).toBe(before);
      expect(await sut.count('outbox')).toBe(outbox);
      expect((await getTeam(team.id))!.equipment).toEqual(kept);
    });
  });

  describe('readiness', () => {
    it('records a change with its note and publishes RescueTeamReadinessChanged', async () => {
      const team = await registerTeam({ baseRegionCode: '421121100' });
      const { changeRescueTeamReadiness: changed } = await sut.call<{ changeRescueTeamReadiness: Team }>(
        READINESS,
        {
          input: { id: team.id, readiness: 'DEPLOYED', note: '赴黄州区支援抗洪' },
        },
      );
      expect(changed).toMatchObject({ readiness: 'DEPLOYED', readinessNote: '赴黄州区支援抗洪' });
      expect(new Date(changed.readinessChangedAt).getTime()).toBeGreaterThan(
        new Date(team.readinessChangedAt).getTime(),
      );
      const [event] = await published(team.id, RescueTeamReadinessChanged.type);
      expect(event.value).toEqual({
        teamId: team.id,
        organisationId: tuanfeng.id,
        type: 'FLOOD_CONTROL',
        baseRegionCode: '421121100',
        previousReadiness: 'READY',
        readiness: 'DEPLOYED',
        note: '赴黄州区支援抗洪',
        changedAt: new Date(changed.readinessChangedAt).toISOString(),
      });

      await sut.call(READINESS, { input: { id: team.id, readiness: 'STANDING_DOWN' } });
      const [, rest] = await published(team.id, RescueTeamReadinessChanged.type, 2);
      expect(rest!.value).toMatchObject({
        previousReadiness: 'DEPLOYED',
        readiness: 'STANDING_DOWN',
        note: null,
      });
    });

    it('changes and publishes nothing when the team already has that readiness', async () => {
      const team = await registerTeam({ readiness: 'DEPLOYED', readinessNote: 'at the Huangzhou dyke' });
      const { changeRescueTeamReadiness: same } = await sut.call<{ changeRescueTeamReadiness: Team }>(
        READINESS,
        {
          input: { id: team.id, readiness: 'DEPLOYED', note: 'another note' },
        },
      );
      expect(same).toMatchObject({
        readiness: 'DEPLOYED',
        readinessNote: 'at the Huangzhou dyke',
        readinessChangedAt: team.readinessChangedAt,
        updatedAt: team.updatedAt,
      });
      expect(await written(team.id, RescueTeamReadinessChanged.type)).toBe(0);
    });
  });

  describe('disbanding', () => {
    it('ends every membership, makes the team UNAVAILABLE and publishes it all in order', async () => {
      const team = await registerTeam();
      const [captain, member] = await people(tuanfeng.id, 2);
      const a = await addMember(team.id, captain!.id, 'CAPTAIN');
      const b = await addMember(team.id, member!.id);
      const { disbandRescueTeam: gone } = await sut.call<{ disbandRescueTeam: Team }>(DISBAND, {
        input: { id: team.id, reason: '并入县综合救援队' },
      });
      expect(gone).toMatchObject({
        status: 'DISBANDED',
        disbandReason: '并入县综合救援队',
        readiness: 'UNAVAILABLE',
        readinessNote: '并入县综合救援队',
        memberCount: 0,
        captain: null,
      });
      expect(gone.disbandedAt).not.toBeNull();
      const ofTeam = await eventually(async () => {
        const found = events.messages.filter((m) => m.key === team.id);
        expect(found.map((m) => m.headers.ce_type)).toEqual([
          RescueTeamRegistered.type,
          RescueTeamMemberJoined.type,
          RescueTeamMemberJoined.type,
          RescueTeamMemberLeft.type,
          RescueTeamMemberLeft.type,
          RescueTeamReadinessChanged.type,
          RescueTeamDisbanded.type,
        ]);
        return found;
      });
      expect(ofTeam.slice(3, 5).map((m) => m.value)).toEqual([
        // The roster order: the captain first.
        expect.objectContaining({
          membershipId: a.id,
          role: 'CAPTAIN',
          leftOn: chinaToday(),
          memberCount: 1,
        }),
        expect.objectContaining({ membershipId: b.id, role: 'MEMBER', leftOn: chinaToday(), memberCount: 0 }),
      ]);
      expect(ofTeam[5]!.value).toMatchObject({ previousReadiness: 'READY', readiness: 'UNAVAILABLE' });
      expect(ofTeam[6]!.value).toEqual({
        teamId: team.id,
        organisationId: tuanfeng.id,
        reason: '并入县综合救援队',
        disbandedAt: gone.disbandedAt,
      });
      const { person } = await sut.call<{ person: { rescueTeamMemberships: Membership[] } }>(MEMBERSHIPS_OF, {
        id: captain!.id,
      });
      expect(person.rescueTeamMemberships).toEqual([]);
    });

    it('refuses every change to a disbanded team (RESCUE_TEAM_DISBANDED), writing nothing', async () => {
      const team = await registerTeam({ readiness: 'UNAVAILABLE' });
      await sut.call(DISBAND, { input: { id: team.id, reason: 'merged' } });
      await published(team.id, RescueTeamDisbanded.type);
      // A team that was already unavailable publishes no readiness change when disbanded.
      expect(await written(team.id, RescueTeamReadinessChanged.type)).toBe(0);
      const [person] = await people(tuanfeng.id, 1);
      const mutations: [string, Record<string, unknown>, string][] = [
        [UPDATE, { id: team.id, name: 'Revived' }, 'id'],
        [ADD, { teamId: team.id, personId: person!.id, role: 'MEMBER' }, 'teamId'],
        [EQUIP, { teamId: team.id, items: [] }, 'teamId'],
        [READINESS, { id: team.id, readiness: 'READY' }, 'id'],
        [DISBAND, { id: team.id, reason: 'again' }, 'id'],
      ];
      const outbox = await sut.count('outbox');
      for (const [mutation, input, field] of mutations) {
        expect(await sut.failure(mutation, { input })).toMatchObject({
          code: 'RESCUE_TEAM_DISBANDED',
          field,
        });
      }
      expect(await sut.count('outbox')).toBe(outbox);
      expect(await getTeam(team.id)).toMatchObject({
        name: team.name,
        readiness: 'UNAVAILABLE',
        memberCount: 0,
      });
    });
  });

  describe('when a person leaves their organisation', () => {
    /** Every period the person ever had, by team then joining date, as `teamId leftOn leftReason`. */
    const periodsOf = async (personId: string) =>
      (
        await sut.db.query(
          `SELECT team_id AS "teamId", left_on::text AS "leftOn", left_reason AS "leftReason"
           FROM rescue_team_membership WHERE person_id = $1 ORDER BY team_id, joined_on, id`,
          [personId],
        )
      ).rows as { teamId: string; leftOn: string | null; leftReason: string | null }[];

    const leave = (personId: string, identity: Identity = identities.admin()) =>
      sut.call<{ updatePerson: { status: string } }>(
        UPDATE_PERSON,
        { input: { id: personId, status: 'LEFT' } },
        identity,
      );

    it('ends every team membership they hold, that day, publishing RescueTeamMemberLeft for each', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const [leaver, colleague] = await people(tuanfeng.id, 2);
      const flood = await registerTeam({ name: unique('Flood') });
      const militia = await registerTeam({ name: unique('Militia'), type: 'MILITIA' });
      const earlier = await registerTeam({ name: unique('Earlier') });
      const inLuotian = await registerTeam({ organisationId: luotian.id, baseRegionCode: '421123' });
      const captaincy = await addMember(flood.id, leaver!.id, 'CAPTAIN', { joinedOn: '2020-01-01' });
      const stays = await addMember(flood.id, colleague!.id, 'DEPUTY_CAPTAIN', { joinedOn: '2020-01-01' });
      const inMilitia = await addMember(militia.id, leaver!.id);
      await addMember(earlier.id, leaver!.id, 'MEMBER', { joinedOn: '2019-01-01' });
      await sut.call(REMOVE, {
        input: { teamId: earlier.id, personId: leaver!.id, reason: 'transferred', leftOn: '2024-05-01' },
      });
      const lent = await addMember(inLuotian.id, leaver!.id);

      // Tuanfeng's operator records it; the Luotian team, outside their jurisdiction, is left all the same.
      const { updatePerson } = await leave(leaver!.id, identities.operator('421121'));
      expect(updatePerson.status).toBe('LEFT');

      const today = chinaToday();
      const ended = { leftOn: today, leftReason: 'left their organisation' };
      expect(await periodsOf(leaver!.id)).toEqual(
        [
          { teamId: flood.id, ...ended },
          { teamId: militia.id, ...ended },
          // A period that had already ended keeps its day and reason.
          { teamId: earlier.id, leftOn: '2024-05-01', leftReason: 'transferred' },
          { teamId: inLuotian.id, ...ended },
        ].sort((a, b) => (a.teamId < b.teamId ? -1 : 1)),
      );
      // The captain's team is left without one; the colleague stays.
      expect(await getTeam(flood.id)).toMatchObject({ memberCount: 1, captain: null });
      expect(await getTeam(militia.id)).toMatchObject({ memberCount: 0 });
      expect(await getTeam(inLuotian.id)).toMatchObject({ memberCount: 0 });
      const { rescueTeam } = await sut.call<RosterResult>(ROSTER, { id: flood.id });
      expect(rescueTeam.members.edges.map((e) => e.node.id)).toEqual([stays.id]);
      const { person } = await sut.call<{ person: { rescueTeamMemberships: Membership[] } }>(MEMBERSHIPS_OF, {
        id: leaver!.id,
      });
      expect(person.rescueTeamMemberships).toEqual([]);

      const left = async (teamId: string) => {
        const [event] = await published(teamId, RescueTeamMemberLeft.type);
        return event!;
      };
      const fromFlood = await left(flood.id);
      expect(fromFlood.value).toEqual({
        teamId: flood.id,
        membershipId: captaincy.id,
        personId: leaver!.id,
        role: 'CAPTAIN',
        leftOn: today,
        memberCount: 1,
      });
      expect(JSON.stringify(fromFlood)).not.toContain('left their organisation');
      expect((await left(militia.id)).value).toEqual({
        teamId: militia.id,
        membershipId: inMilitia.id,
        personId: leaver!.id,
        role: 'MEMBER',
        leftOn: today,
        memberCount: 0,
      });
      expect((await left(inLuotian.id)).value).toMatchObject({ membershipId: lent.id, memberCount: 0 });
      // The team that was left earlier hears nothing more.
      expect(await written(earlier.id, RescueTeamMemberLeft.type)).toBe(1);

      // As after removeRescueTeamMember, the captaincy is free for a successor.
      const [successor] = await people(tuanfeng.id, 1);
      await addMember(flood.id, successor!.id, 'CAPTAIN');
      expect(await getTeam(flood.id)).toMatchObject({ memberCount: 2, captain: { id: successor!.id } });
    });

    it('ends nothing when the departure is not recorded: refused, or failing after the memberships ended', async () => {
      const [person] = await people(tuanfeng.id, 1);
      const team = await registerTeam();
      await addMember(team.id, person!.id, 'CAPTAIN');
      const unchanged = async () => {
        expect(await sut.count(`person WHERE id = '${person!.id}' AND status = 'ACTIVE'`)).toBe(1);
        expect(await periodsOf(person!.id)).toEqual([{ teamId: team.id, leftOn: null, leftReason: null }]);
        expect(await written(team.id, RescueTeamMemberLeft.type)).toBe(0);
      };
      const input = { id: person!.id, status: 'LEFT' };
      expect(await sut.failure(UPDATE_PERSON, { input }, identities.auditor())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.failure(UPDATE_PERSON, { input }, identities.operator('421123'))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });
      await unchanged();

      // The departure's own event is written after every feature has ended what the person held: failing it here
      // shows the memberships end in the departure's transaction, rolled back with it.
      const trigger = `refuse_departure_${person!.id.replace(/-/g, '')}`;
      await sut.db.query(`
        CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'the departure fails after the memberships ended'; END $$`);
      await sut.db.query(`
        CREATE TRIGGER ${trigger} BEFORE INSERT ON outbox FOR EACH ROW
        WHEN (NEW.message_key = '${person!.id}' AND NEW.event_type = '${PersonUpdated.type}')
        EXECUTE FUNCTION ${trigger}()`);
      try {
        expect(await sut.failure(UPDATE_PERSON, { input })).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
      } finally {
        await sut.db.query(`DROP TRIGGER ${trigger} ON outbox`);
        await sut.db.query(`DROP FUNCTION ${trigger}()`);
      }
      await unchanged();
      expect(await getTeam(team.id)).toMatchObject({ memberCount: 1, captain: { id: person!.id } });
    });

    it('keeps the memberships of a person who moves to another organisation', async () => {
      const [person] = await people(tuanfeng.id, 1);
      const other = await registerOrganisation(sut, { regionCode: '421121' });
      const team = await registerTeam();
      await addMember(team.id, person!.id);
      await sut.call(UPDATE_PERSON, { input: { id: person!.id, organisationId: other.id } });
      expect(await periodsOf(person!.id)).toEqual([{ teamId: team.id, leftOn: null, leftReason: null }]);
      expect(await written(team.id, RescueTeamMemberLeft.type)).toBe(0);
    });

    it('never leaves a current membership behind when people are added to teams while the person leaves', async () => {
      const [person] = await people(tuanfeng.id, 1);
      const teams = await Promise.all([1, 2, 3, 4, 5].map(() => registerTeam()));
      const [departure, ...additions] = await Promise.all([
        sut.request(UPDATE_PERSON, { input: { id: person!.id, status: 'LEFT' } }),
        ...teams.map((t) =>
          sut.request(ADD, { input: { teamId: t.id, personId: person!.id, role: 'MEMBER' } }),
        ),
      ]);
      expect(departure!.errors).toBeUndefined();
      for (const refused of additions.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({ code: 'PERSON_LEFT', field: 'personId' });
      }
      // Each addition either came first and was ended by the departure, or came after it and was refused.
      const periods = await periodsOf(person!.id);
      expect(periods).toHaveLength(additions.filter((r) => !r.errors).length);
      expect(periods.every((p) => p.leftReason === 'left their organisation')).toBe(true);
    });
  });

  describe('dissolving the organisation', () => {
    const dissolve = (id: string) =>
      sut.request<{ dissolveOrganisation: { status: string } }>(DISSOLVE, {
        input: { id, reason: '机构改革' },
      });

    it('is refused while it has active teams, counting them, and goes through once they are disbanded', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const [staff] = await people(office.id, 1);
      const [lent] = await people(tuanfeng.id, 1);
      const first = await registerTeam({ organisationId: office.id });
      const second = await registerTeam({ organisationId: office.id });
      const gone = await registerTeam({ organisationId: office.id });
      await sut.call(DISBAND, { input: { id: gone.id, reason: 'merged' } });
      await addMember(first.id, staff!.id, 'CAPTAIN');
      await addMember(first.id, lent!.id);

      const refusedWith = async (counts: Record<string, number>, absent: string[]) => {
        const outbox = await sut.count('outbox');
        const error = await sut.failure(DISSOLVE, { input: { id: office.id, reason: '机构改革' } });
        expect(error).toMatchObject({ code: 'ORGANISATION_STILL_IN_USE', field: 'id', ...counts });
        for (const name of absent) expect(error).not.toHaveProperty(name);
        expect(await sut.count(`organisation WHERE id = '${office.id}' AND status = 'ACTIVE'`)).toBe(1);
        expect(await sut.count('outbox')).toBe(outbox);
      };
      // A disbanded team does not count; a team's members from other organisations do not either.
      await refusedWith({ activePeople: 1, activeRescueTeams: 2 }, []);
      expect(
        await sut.count(`rescue_team_membership WHERE team_id = '${first.id}' AND left_on IS NULL`),
      ).toBe(2);

      // Its staff leaving ends their team memberships, not the teams.
      await sut.call(UPDATE_PERSON, { input: { id: staff!.id, status: 'LEFT' } });
      await refusedWith({ activeRescueTeams: 2 }, ['activePeople']);
      await sut.call(DISBAND, { input: { id: first.id, reason: 'organisation dissolving' } });
      await refusedWith({ activeRescueTeams: 1 }, ['activePeople']);
      await sut.call(DISBAND, { input: { id: second.id, reason: 'organisation dissolving' } });

      const { data, errors } = await dissolve(office.id);
      expect(errors).toBeUndefined();
      expect(data!.dissolveOrganisation.status).toBe('DISSOLVED');
      // Its teams stay on record, disbanded.
      expect(
        await sut.count(`rescue_team WHERE organisation_id = '${office.id}' AND status = 'DISBANDED'`),
      ).toBe(3);
    });

    it('never leaves an active team with a dissolved organisation when teams are registered meanwhile', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const register = () =>
        sut.request(REGISTER, {
          input: {
            organisationId: office.id,
            name: unique('Team'),
            type: 'VOLUNTEER',
            baseRegionCode: '421121',
            headcount: 5,
          },
        });
      const [dissolution, ...registrations] = await Promise.all([
        dissolve(office.id),
        register(),
        register(),
        register(),
      ]);
      const registered = registrations.filter((r) => !r.errors).length;
      for (const refused of registrations.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({
          code: 'ORGANISATION_DISSOLVED',
          field: 'organisationId',
        });
      }
      if (dissolution!.errors) {
        expect(dissolution!.errors[0]!.extensions).toMatchObject({
          code: 'ORGANISATION_STILL_IN_USE',
          activeRescueTeams: registered,
        });
      } else {
        expect(registered).toBe(0);
      }
      expect(await sut.count(`rescue_team WHERE organisation_id = '${office.id}'`)).toBe(registered);
    });
  });

  /** Runs `fn` and returns every SQL statement the service sent meanwhile. */
  async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      await fn();
      return spy.mock.calls.map(([sql]) => sql);
    } finally {
      spy.mockRestore();
    }
  }

  // TypeORM qualifies tables with the service schema: FROM "organisations"."rescue_team" "t".
  function reading(table: string) {
    return (sql: string) => new RegExp(`FROM\\s+("\\w+"\\.)?"?${table}"?\\s`, 'i').test(sql);
  }
});
