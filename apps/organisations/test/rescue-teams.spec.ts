import { RescueTeamRegistered, RescueTeamUpdated } from '@emergency/contracts';
import { identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  eventsOn,
  reading,
  registerOrganisation,
  statementsDuring,
  stopAll,
  unique,
  type OrganisationRef,
} from './fixtures';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { NO_SUCH_ID, rescueTeamSteps, startRescueTeams } from './rescue-teams.fixtures';
import {
  DISBAND,
  ENTITIES,
  EQUIP,
  LIST,
  LIST_DETAILED,
  OF_ORGANISATION,
  READINESS,
  REGISTER,
  UPDATE,
  type ListResult,
  type Team,
} from './rescue-teams.operations';

/**
 * Rescue teams (应急救援队伍) against the real PostgreSQL and broker, called as the gateway would: registering,
 * finding, listing and updating them. Huanggang (421100) hosts every test's data except the Jingzhou (421000)
 * readiness question, which owns that prefecture so its answer can be asserted exactly.
 */
describe('rescue teams', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;

  beforeAll(async () => ({ sut, events, tuanfeng } = await startRescueTeams()), 120_000);
  afterAll(() => stopAll(events, sut));

  const { published, written } = eventsOn(() => ({ sut, events }));
  const { registerTeam, addMember, getTeam, people, listAll } = rescueTeamSteps(() => ({ sut, tuanfeng }));

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
      await sut.call(DISSOLVE_ORGANISATION, { input: { id: office.id, reason: 'merged' } });
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
        const { organisation } = await sut.call<Page>(OF_ORGANISATION, { id: prefecture.id, after });
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
        result = await sut.call<Result>(LIST_DETAILED, { filter: { organisationId: office.id } });
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
});
