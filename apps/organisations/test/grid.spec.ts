import { GridAssignmentEnded, GridWorkerAssigned, type GridAssignmentEndedV1 } from '@emergency/contracts';
import { DomainError } from '@emergency/graphql';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { PersonDepartures } from '../src/person/person-departures';
import {
  eventsOn,
  registerOrganisation,
  registerPerson,
  startWithEvents,
  stopAll,
  type OrganisationRef,
} from './fixtures';
import { gridSteps, LINJIANGPU, LINSHANHE, LUOJIAGOU, TUANFENG, TUANFENG_TOWN, XIEHE } from './grid.fixtures';
import { ASSIGN, END, LIST, type Assignment } from './grid.operations';
import { UPDATE_PERSON } from './people.operations';

/** Grid workers and disaster information officers of Tuanfeng county's villages, against the real database and broker: assigning, ending, departures. */
describe('grid workers and information officers', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let county: OrganisationRef;
  let township: OrganisationRef;
  let committee: OrganisationRef;

  beforeAll(async () => {
    ({ sut, events } = await startWithEvents(TUANFENG));
    county = await registerOrganisation(sut, { regionCode: TUANFENG });
    township = await registerOrganisation(sut, { type: 'GOVERNMENT', regionCode: TUANFENG_TOWN });
    committee = await registerOrganisation(sut, { type: 'COMMUNITY_COMMITTEE', regionCode: LINJIANGPU });
  }, 120_000);
  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));
  const { assign, end, allPages, freeVillages, uncovered, queued, currentOf } = gridSteps(() => sut);

  it('assigns a township worker as information officer of a village and publishes GridWorkerAssigned', async () => {
    const person = await registerPerson(sut, township.id, { name: '周敏', post: '灾害信息员' });
    const assignment = await assign(person, LINJIANGPU);
    expect(assignment).toMatchObject({
      person: { id: person.id },
      village: { code: LINJIANGPU, name: '临江铺村民委员会', level: 'VILLAGE' },
      villageCode: LINJIANGPU,
      role: 'INFORMATION_OFFICER',
      endedAt: null,
      endReason: null,
    });
    const [event] = await eventually(async () => {
      const found = eventsOf(assignment.id, GridWorkerAssigned.type);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event!.value).toEqual({
      assignmentId: assignment.id,
      personId: person.id,
      organisationId: township.id,
      villageCode: LINJIANGPU,
      role: 'INFORMATION_OFFICER',
      startedAt: assignment.startedAt,
      villageHasInformationOfficer: true,
    });
  });

  it('records a backdated start, and says in the event when a grid worker’s village has no information officer', async () => {
    const person = await registerPerson(sut, township.id);
    const startedAt = '2024-03-01T08:00:00.000Z';
    const { assignGridWorker: worker } = await sut.call<{ assignGridWorker: Assignment }>(ASSIGN, {
      input: { personId: person.id, villageCode: '421121100001', role: 'GRID_WORKER', startedAt },
    });
    expect(worker).toMatchObject({ role: 'GRID_WORKER', startedAt });
    const [event] = await eventually(async () => {
      const found = eventsOf(worker.id, GridWorkerAssigned.type);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event!.value).toMatchObject({
      role: 'GRID_WORKER',
      startedAt,
      villageHasInformationOfficer: false,
    });
  });

  it('lets a village committee member cover their village, a township worker its villages, a county officer any village of the county', async () => {
    const member = await registerPerson(sut, committee.id);
    const townWorker = await registerPerson(sut, township.id);
    const countyOfficer = await registerPerson(sut, county.id);
    await expect(assign(member, LINJIANGPU, 'GRID_WORKER')).resolves.toMatchObject({
      villageCode: LINJIANGPU,
    });
    await expect(assign(townWorker, LUOJIAGOU, 'GRID_WORKER')).resolves.toMatchObject({
      villageCode: LUOJIAGOU,
    });
    await expect(assign(countyOfficer, XIEHE, 'GRID_WORKER')).resolves.toMatchObject({ villageCode: XIEHE });
    // A person may cover several villages.
    await expect(assign(countyOfficer, LINJIANGPU, 'GRID_WORKER')).resolves.toMatchObject({
      villageCode: LINJIANGPU,
    });
  });

  it.each([
    ['a village committee member for the neighbouring village', 'committee', LUOJIAGOU],
    ['a township worker for a village of another township', 'township', XIEHE],
  ])('refuses %s with PERSON_OUTSIDE_AREA, writing nothing', async (_label, organisation, villageCode) => {
    const person = await registerPerson(sut, organisation === 'committee' ? committee.id : township.id);
    const before = await sut.count('grid_assignment');
    const error = await sut.failure(ASSIGN, {
      input: { personId: person.id, villageCode, role: 'GRID_WORKER' },
    });
    expect(error).toMatchObject({ code: 'PERSON_OUTSIDE_AREA', field: 'personId' });
    expect(await sut.count('grid_assignment')).toBe(before);
  });

  it.each([
    ['a township instead of a village', { villageCode: TUANFENG_TOWN }, 'NOT_A_VILLAGE', 'villageCode'],
    ['a county instead of a village', { villageCode: TUANFENG }, 'NOT_A_VILLAGE', 'villageCode'],
    ['a village code not in the tree', { villageCode: '421121100999' }, 'REGION_NOT_FOUND', 'villageCode'],
    ['a malformed village code', { villageCode: '4211211002' }, 'INVALID_REGION_CODE', 'villageCode'],
    [
      'a person who does not exist',
      { personId: '00000000-0000-4000-8000-000000000000' },
      'NOT_FOUND',
      'personId',
    ],
    ['a person id that is not a UUID', { personId: 'zhou-min' }, 'BAD_USER_INPUT', 'personId'],
    ['a start in the future', { startedAt: '2999-01-01T00:00:00+08:00' }, 'START_IN_FUTURE', 'startedAt'],
  ])('refuses %s, writing nothing', async (_label, change, code, field) => {
    const person = await registerPerson(sut, township.id);
    const before = await sut.count('grid_assignment');
    const error = await sut.failure(ASSIGN, {
      input: { personId: person.id, villageCode: LINJIANGPU, role: 'INFORMATION_OFFICER', ...change },
    });
    expect(error).toMatchObject({ code, field });
    expect(await sut.count('grid_assignment')).toBe(before);
  });

  it('refuses someone who has left their organisation with PERSON_LEFT, writing nothing', async () => {
    const person = await registerPerson(sut, township.id);
    await sut.call(UPDATE_PERSON, {
      input: { id: person.id, status: 'LEFT' },
    });
    const before = await sut.count('grid_assignment');
    const error = await sut.failure(ASSIGN, {
      input: { personId: person.id, villageCode: LINJIANGPU, role: 'GRID_WORKER' },
    });
    expect(error).toMatchObject({ code: 'PERSON_LEFT', field: 'personId' });
    expect(await sut.count('grid_assignment')).toBe(before);
  });

  it('gives a person a role in a village once at a time, even when requests arrive at once', async () => {
    const person = await registerPerson(sut, township.id);
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        sut.request(ASSIGN, {
          input: { personId: person.id, villageCode: LUOJIAGOU, role: 'INFORMATION_OFFICER' },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const refused of results.filter((r) => r.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'ALREADY_ASSIGNED', field: 'personId' });
    }
    const current = async () =>
      (
        await sut.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM grid_assignment
           WHERE person_id = $1 AND village_code = $2 AND role = 'INFORMATION_OFFICER' AND ended_at IS NULL`,
          [person.id, LUOJIAGOU],
        )
      ).rows[0]!.n;
    expect(await current()).toBe(1);

    // The other role in the same village, and the same role in another village, are separate assignments.
    await assign(person, LUOJIAGOU, 'GRID_WORKER');
    await assign(person, LINJIANGPU, 'INFORMATION_OFFICER');
    // Once the assignment ended, the person may take the role again.
    const first = (results.find((r) => !r.errors)!.data as { assignGridWorker: Assignment }).assignGridWorker;
    await end(first.id);
    await assign(person, LUOJIAGOU, 'INFORMATION_OFFICER');
    expect(await current()).toBe(1);
  });

  it('ends assignments, saying in GridAssignmentEnded whether the village still has an information officer', async () => {
    const village = '421121100006';
    const one = await assign(await registerPerson(sut, township.id), village);
    const other = await assign(await registerPerson(sut, county.id), village);

    const ended = await end(one.id, '退休');
    expect(ended).toMatchObject({ id: one.id, endReason: '退休' });
    expect(Date.parse(ended.endedAt!)).toBeGreaterThanOrEqual(Date.parse(one.startedAt));
    await end(other.id, '调离');

    const [first, last] = await eventually(async () => {
      const found = [one, other].map((a) => eventsOf(a.id, GridAssignmentEnded.type));
      expect(found.map((f) => f.length)).toEqual([1, 1]);
      return found.map((f) => f[0]!);
    });
    expect(first!.value).toEqual({
      assignmentId: one.id,
      personId: one.person!.id,
      villageCode: village,
      role: 'INFORMATION_OFFICER',
      endedAt: ended.endedAt,
      reason: '退休',
      villageHasInformationOfficer: true,
    });
    // The last officer gone: agencies learn the village is left uncovered.
    expect(last!.value).toMatchObject({ assignmentId: other.id, villageHasInformationOfficer: false });
  });

  it('refuses to end an assignment twice or without a reason, changing nothing', async () => {
    const assignment = await assign(await registerPerson(sut, township.id), LINJIANGPU, 'GRID_WORKER');
    expect(await sut.failure(END, { input: { id: assignment.id, reason: '  ' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const ended = await end(assignment.id, '辞职');
    expect(await sut.failure(END, { input: { id: assignment.id, reason: '重复' } })).toMatchObject({
      code: 'ASSIGNMENT_ENDED',
      field: 'id',
    });
    const { rows } = await sut.db.query(`SELECT ended_at, end_reason FROM grid_assignment WHERE id = $1`, [
      assignment.id,
    ]);
    expect(rows).toEqual([{ ended_at: new Date(ended.endedAt!), end_reason: '辞职' }]);
    await eventually(async () => expect(eventsOf(assignment.id, GridAssignmentEnded.type)).toHaveLength(1));
    expect(
      await sut.failure(END, { input: { id: '00000000-0000-4000-8000-000000000000', reason: 'x' } }),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('ends every assignment of a person who leaves their organisation, telling agencies which villages lost their only information officer', async () => {
    const [alone, shared, workerOnly, earlier] = await freeVillages(4);
    const leaver = await registerPerson(sut, county.id);
    const colleague = await registerPerson(sut, county.id);
    const officer = await assign(leaver, alone);
    const worker = await assign(leaver, alone, 'GRID_WORKER');
    const sharedOfficer = await assign(leaver, shared);
    const stays = await assign(colleague, shared);
    const villageWorker = await assign(leaver, workerOnly, 'GRID_WORKER');
    const past = await end((await assign(leaver, earlier)).id, '调离');
    expect(await uncovered(alone)).toEqual([]);
    expect(await uncovered(shared)).toEqual([]);

    const { updatePerson } = await sut.call<{ updatePerson: { status: string } }>(UPDATE_PERSON, {
      input: { id: leaver.id, status: 'LEFT' },
    });
    expect(updatePerson).toMatchObject({ status: 'LEFT' });

    expect((await allPages<Assignment>(LIST, { filter: { personId: leaver.id } }, 10)).nodes).toEqual([]);
    const history = (
      await allPages<Assignment>(LIST, { filter: { personId: leaver.id, includeEnded: true } }, 10)
    ).nodes;
    const byId = new Map(history.map((a) => [a.id, a]));
    for (const a of [officer, worker, sharedOfficer, villageWorker]) {
      expect(byId.get(a.id)).toMatchObject({ endReason: 'left their organisation' });
      expect(Date.parse(byId.get(a.id)!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(a.startedAt));
    }
    // What had already ended keeps its own end.
    expect(byId.get(past.id)).toMatchObject({ endedAt: past.endedAt, endReason: '调离' });
    const { rows } = await sut.db.query(`SELECT ended_at FROM grid_assignment WHERE id = $1`, [stays.id]);
    expect(rows).toEqual([{ ended_at: null }]);

    const published = await eventually(async () => {
      const found = [officer, worker, sharedOfficer, villageWorker].map((a) =>
        eventsOf(a.id, GridAssignmentEnded.type),
      );
      expect(found.map((f) => f.length)).toEqual([1, 1, 1, 1]);
      return found.map((f) => f[0]!.value);
    });
    const ended = (a: Assignment, villageHasInformationOfficer: boolean) => ({
      assignmentId: a.id,
      personId: leaver.id,
      villageCode: a.villageCode,
      role: a.role,
      endedAt: byId.get(a.id)!.endedAt,
      reason: 'left their organisation',
      villageHasInformationOfficer,
    });
    expect(published).toEqual([
      // The village's only officer left: agencies learn it has nobody to report its disasters.
      ended(officer, false),
      ended(worker, false),
      // A second officer still covers the village.
      ended(sharedOfficer, true),
      ended(villageWorker, false),
    ]);
    // Nothing more about what had ended already or what someone else holds.
    expect(await queued(past.id)).toEqual([GridWorkerAssigned.type, GridAssignmentEnded.type]);
    expect(await queued(stays.id)).toEqual([GridWorkerAssigned.type]);

    expect(await uncovered(alone)).toEqual([alone]);
    expect(await uncovered(shared)).toEqual([]);
    expect(await uncovered(workerOnly)).toEqual([workerOnly]);
    const countyWide = await uncovered(TUANFENG);
    expect(countyWide).toContain(alone);
    expect(countyWide).not.toContain(shared);
  });

  it('ends nothing when the departure is refused, whether by another feature, an auditor or another county', async () => {
    const [village] = await freeVillages(1);
    const person = await registerPerson(sut, county.id);
    const assignment = await assign(person, village!);
    // A feature registered after the grid refuses this person's departure, as one refuses a leader with no
    // successor; it first looks at what the grid has done in the same transaction.
    let endedBeforeRefusal: unknown;
    sut.app.get(PersonDepartures).register({
      onPersonLeaving: async (_ctx, manager, leaving) => {
        if (leaving.id !== person.id) return;
        const [row] = (await manager.query(`SELECT end_reason FROM grid_assignment WHERE id = $1`, [
          assignment.id,
        ])) as { end_reason: string | null }[];
        endedBeforeRefusal = row!.end_reason;
        throw new DomainError('DEPARTURE_REFUSED', 'hand over first', { field: 'status' });
      },
    });
    const before = [await sut.count('grid_assignment'), await sut.count('outbox')];

    const leave = { input: { id: person.id, status: 'LEFT' } };
    expect(await sut.failure(UPDATE_PERSON, leave)).toMatchObject({
      code: 'DEPARTURE_REFUSED',
      field: 'status',
    });
    expect(endedBeforeRefusal).toBe('left their organisation');
    expect(await sut.failure(UPDATE_PERSON, leave, identities.auditor())).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await sut.failure(UPDATE_PERSON, leave, identities.operator('421123'))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });

    expect([await sut.count('grid_assignment'), await sut.count('outbox')]).toEqual(before);
    const { rows } = await sut.db.query(
      `SELECT p.status, g.ended_at, g.end_reason FROM grid_assignment g JOIN person p ON p.id = g.person_id
       WHERE g.id = $1`,
      [assignment.id],
    );
    expect(rows).toEqual([{ status: 'ACTIVE', ended_at: null, end_reason: null }]);
    expect(await queued(assignment.id)).toEqual([GridWorkerAssigned.type]);
    expect(await uncovered(village!)).toEqual([]);
  });

  it('lets two officers of the same villages leave at once, the one who goes last reporting every village uncovered', async () => {
    const villages = await freeVillages(3);
    const people = [await registerPerson(sut, county.id), await registerPerson(sut, county.id)];
    // Assigned in opposite orders: the departures lock villages in code order whatever the order of assignment.
    const made = [
      ...(await Promise.all(villages.map((code) => assign(people[0]!, code)))),
      ...(await Promise.all([...villages].reverse().map((code) => assign(people[1]!, code)))),
    ];
    const results = await Promise.all(
      people.map((p) => sut.request(UPDATE_PERSON, { input: { id: p.id, status: 'LEFT' } })),
    );
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);

    const published = await eventually(async () => {
      const found = made.map((a) => eventsOf(a.id, GridAssignmentEnded.type));
      expect(found.map((f) => f.length)).toEqual(made.map(() => 1));
      return found.map((f) => f[0]!.value as GridAssignmentEndedV1);
    });
    const flagsOf = (personId: string) =>
      published.filter((e) => e.personId === personId).map((e) => e.villageHasInformationOfficer);
    // One departure ends all its assignments before the other touches any village: the first to go leaves the
    // other officer behind everywhere, the second leaves every village uncovered.
    const flags = people.map((p) => flagsOf(p.id));
    expect(flags.map((f) => f.length)).toEqual([3, 3]);
    expect(flags.map((f) => new Set(f).size)).toEqual([1, 1]);
    expect(flags.map((f) => f[0]).sort()).toEqual([false, true]);
    for (const code of villages) expect(await uncovered(code)).toEqual([code]);
  });

  it('leaves no current assignment to someone who left, when assignments arrive during the departure', async () => {
    const villages = await freeVillages(5);
    const person = await registerPerson(sut, county.id);
    await assign(person, villages[0]!);
    const [departure, ...assigned] = await Promise.all([
      sut.request(UPDATE_PERSON, { input: { id: person.id, status: 'LEFT' } }),
      ...villages.slice(1).map((villageCode) =>
        sut.request(ASSIGN, {
          input: { personId: person.id, villageCode, role: 'INFORMATION_OFFICER' },
        }),
      ),
    ]);
    expect(departure.errors).toBeUndefined();
    // Each assignment either came first, and the departure ended it, or came after, and was refused.
    for (const refused of assigned.filter((r) => r.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'PERSON_LEFT', field: 'personId' });
    }
    expect(await currentOf(person.id)).toBe(0);
    const { rows } = await sut.db.query<{ end_reason: string }>(
      `SELECT end_reason FROM grid_assignment WHERE person_id = $1`,
      [person.id],
    );
    expect(rows).toHaveLength(1 + assigned.filter((r) => !r.errors).length);
    expect(rows.every((r) => r.end_reason === 'left their organisation')).toBe(true);
    for (const code of villages) expect(await uncovered(code)).toEqual([code]);
  });

  it('keeps writes to the caller’s jurisdiction and refuses auditors', async () => {
    const person = await registerPerson(sut, township.id);
    const assignment = await assign(person, LUOJIAGOU, 'GRID_WORKER');
    const before = await sut.count('grid_assignment');
    const luotian = identities.operator('421123');
    expect(
      await sut.failure(
        ASSIGN,
        { input: { personId: person.id, villageCode: LINJIANGPU, role: 'GRID_WORKER' } },
        luotian,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'villageCode' });
    // An operator of another township of the county does not see the person.
    expect(
      await sut.failure(
        ASSIGN,
        { input: { personId: person.id, villageCode: XIEHE, role: 'GRID_WORKER' } },
        identities.operator(LINSHANHE),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
    expect(await sut.failure(END, { input: { id: assignment.id, reason: '调离' } }, luotian)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    const auditor = identities.auditor();
    expect(
      await sut.failure(
        ASSIGN,
        { input: { personId: person.id, villageCode: LINJIANGPU, role: 'GRID_WORKER' } },
        auditor,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.failure(END, { input: { id: assignment.id, reason: '调离' } }, auditor)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await sut.count('grid_assignment')).toBe(before);
    const { rows } = await sut.db.query(`SELECT ended_at FROM grid_assignment WHERE id = $1`, [
      assignment.id,
    ]);
    expect(rows).toEqual([{ ended_at: null }]);

    // A township operator assigns its own workers to its villages.
    const local = await registerPerson(sut, township.id);
    await expect(
      assign(local, LUOJIAGOU, 'INFORMATION_OFFICER', identities.operator(TUANFENG_TOWN)),
    ).resolves.toMatchObject({ villageCode: LUOJIAGOU });
  });
});
