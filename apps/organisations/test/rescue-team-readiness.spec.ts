import {
  RescueTeamDisbanded,
  RescueTeamMemberJoined,
  RescueTeamMemberLeft,
  RescueTeamReadinessChanged,
  RescueTeamRegistered,
  RescueTeamUpdated,
} from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import {
  dissolveOrganisation,
  eventsOn,
  registerOrganisation,
  stopAll,
  unique,
  type OrganisationRef,
} from './fixtures';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { UPDATE_PERSON } from './people.operations';
import { rescueTeamSteps, startRescueTeams } from './rescue-teams.fixtures';
import {
  ADD,
  DISBAND,
  EQUIP,
  MEMBERSHIPS_OF,
  READINESS,
  REGISTER,
  REMOVE,
  UPDATE,
  type MembershipsOfResult,
  type Team,
} from './rescue-teams.operations';

/**
 * Who may change a rescue team, its equipment and readiness, and its end: disbanded, or wound up with its
 * organisation.
 */
describe('rescue team readiness and disbanding', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;

  beforeAll(async () => ({ sut, events, tuanfeng } = await startRescueTeams()), 120_000);
  afterAll(() => stopAll(events, sut));

  const { published, written } = eventsOn(() => ({ sut, events }));
  const { registerTeam, addMember, getTeam, people, listAll } = rescueTeamSteps(() => ({ sut, tuanfeng }));

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
      const { person } = await sut.call<MembershipsOfResult>(MEMBERSHIPS_OF, {
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

  describe('dissolving the organisation', () => {
    const dissolve = (id: string) => dissolveOrganisation(sut, id);

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
        const error = await sut.failure(DISSOLVE_ORGANISATION, {
          input: { id: office.id, reason: '机构改革' },
        });
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
});
