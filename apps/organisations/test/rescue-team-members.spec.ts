import type { Identity } from '@emergency/auth';
import { PersonUpdated, RescueTeamMemberJoined, RescueTeamMemberLeft } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import {
  eventsOn,
  reading,
  registerOrganisation,
  statementsDuring,
  stopAll,
  unique,
  type OrganisationRef,
} from './fixtures';
import { UPDATE_PERSON } from './people.operations';
import { NO_SUCH_ID, rescueTeamSteps, startRescueTeams } from './rescue-teams.fixtures';
import {
  ADD,
  ADD_TWO,
  CAPTAIN_MASKED,
  MEMBERSHIPS_OF,
  MEMBERSHIPS_OF_PEOPLE,
  REMOVE,
  ROSTER,
  type Membership,
  type MembershipsOfResult,
  type RosterResult,
} from './rescue-teams.operations';

/** The members of rescue teams: their periods in a team, its captain, and a departure ending them. */
describe('rescue team members', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;

  beforeAll(async () => ({ sut, events, tuanfeng } = await startRescueTeams()), 120_000);
  afterAll(() => stopAll(events, sut));

  const { of: eventsOf, published, written } = eventsOn(() => ({ sut, events }));
  const { registerTeam, addMember, getTeam, people } = rescueTeamSteps(() => ({ sut, tuanfeng }));

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
      const result = await sut.call<Record<'a' | 'b', { team: { memberCount: number } }>>(ADD_TWO, {
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
      const { person: found } = await sut.call<MembershipsOfResult>(MEMBERSHIPS_OF, { id: person!.id });
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
      type Result = { people: { edges: { node: { rescueTeamMemberships: unknown[] } }[] } };
      let result: Result | undefined;
      const statements = await statementsDuring(async () => {
        result = await sut.call<Result>(MEMBERSHIPS_OF_PEOPLE, { filter: { organisationId: office.id } });
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
        await sut.call(UPDATE_PERSON, { input: { id: newcomer!.id, status: 'LEFT' } });
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
      }>(CAPTAIN_MASKED, { id: team.id }, identities.operator('421121'));
      expect(masked.captain.personalDataMasked).toBe(true);
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
      const { person } = await sut.call<MembershipsOfResult>(MEMBERSHIPS_OF, {
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
});
