import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Identity } from '@emergency/auth';
import { GridAssignmentEnded, GridWorkerAssigned, type GridAssignmentEndedV1 } from '@emergency/contracts';
import { DomainError } from '@emergency/graphql';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { PersonDepartures } from '../src/person/person-departures';
import {
  registerOrganisation,
  registerPerson,
  startOrganisations,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { UPDATE_PERSON } from './people.operations';

interface Assignment {
  id: string;
  person: { id: string } | null;
  village: { code: string; name: string; level: string };
  villageCode: string;
  role: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIELDS = 'id person { id } village { code name level } villageCode role startedAt endedAt endReason';
const ASSIGN = `mutation($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { ${FIELDS} } }`;
const END = `mutation($input: EndGridAssignmentInput!) { endGridAssignment(input: $input) { ${FIELDS} } }`;
const LIST = `query($filter: GridAssignmentFilter, $first: Int, $after: String) {
  gridAssignments(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
const UNCOVERED = `query($regionCode: String!, $first: Int, $after: String) {
  villagesWithoutInformationOfficer(regionCode: $regionCode, first: $first, after: $after) {
    edges { cursor node { code name level } } pageInfo { hasNextPage endCursor }
  }
}`;

// Tuanfeng county: 团风镇 (421121100) and its villages 临江铺村 and 罗家沟村; 淋山河镇 (421121101) and its 谢河村.
const TUANFENG = '421121';
const TUANFENG_TOWN = '421121100';
const LINJIANGPU = '421121100201';
const LUOJIAGOU = '421121100202';
const LINSHANHE = '421121101';
const XIEHE = '421121101201';

/** Grid workers and disaster information officers of Tuanfeng county's villages, against the real database and broker. */
describe('grid workers and information officers', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let county: OrganisationRef;
  let township: OrganisationRef;
  let committee: OrganisationRef;

  beforeAll(async () => {
    sut = await startOrganisations(TUANFENG);
    events = await readTopic(sut.topic);
    county = await registerOrganisation(sut, { regionCode: TUANFENG });
    township = await registerOrganisation(sut, { type: 'GOVERNMENT', regionCode: TUANFENG_TOWN });
    committee = await registerOrganisation(sut, { type: 'COMMUNITY_COMMITTEE', regionCode: LINJIANGPU });
  }, 120_000);

  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

  const assign = async (
    person: PersonRef,
    villageCode: string,
    role = 'INFORMATION_OFFICER',
    identity: Identity = identities.admin(),
  ) =>
    (
      await sut.call<{ assignGridWorker: Assignment }>(
        ASSIGN,
        { input: { personId: person.id, villageCode, role } },
        identity,
      )
    ).assignGridWorker;

  const end = async (id: string, reason = '调离') =>
    (await sut.call<{ endGridAssignment: Assignment }>(END, { input: { id, reason } })).endGridAssignment;

  const eventsOf = (key: string, type: string) =>
    events.messages.filter((m) => m.key === key && m.headers.ce_type === type);

  /** Every page of the one connection `query` asks for, `first` at a time. */
  async function allPages<T>(
    query: string,
    variables: Record<string, unknown>,
    first: number,
    identity: Identity = identities.admin(),
  ): Promise<{ nodes: T[]; pages: number }> {
    const nodes: T[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: Record<string, Connection<T>> = await sut.call(
        query,
        { ...variables, first, after },
        identity,
      );
      const connection: Connection<T> = Object.values(data)[0]!;
      pages++;
      nodes.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) return { nodes, pages };
      after = connection.pageInfo.endCursor;
    }
  }

  /** Villages of `prefix`'s subtree straight from the region table, in code order. */
  async function villagesOf(prefix: string): Promise<string[]> {
    const { rows } = await sut.db.query<{ code: string }>(
      `SELECT code FROM region WHERE level = 'VILLAGE' AND code LIKE $1 ORDER BY code`,
      [`${prefix}%`],
    );
    return rows.map((r) => r.code);
  }

  /**
   * `n` villages of Tuanfeng where nobody holds a current assignment, from the end of the county so as not to meet
   * the villages other tests name: whether they have an information officer depends on the calling test alone.
   */
  async function freeVillages(n: number): Promise<string[]> {
    const { rows } = await sut.db.query<{ code: string }>(
      `SELECT code FROM region r WHERE level = 'VILLAGE' AND code LIKE $1
         AND NOT EXISTS (SELECT 1 FROM grid_assignment g WHERE g.village_code = r.code AND g.ended_at IS NULL)
       ORDER BY code DESC LIMIT $2`,
      [`${TUANFENG}%`, n],
    );
    expect(rows).toHaveLength(n);
    return rows.map((r) => r.code);
  }

  /** villagesWithoutInformationOfficer of one region, every page. */
  const uncovered = async (regionCode: string) =>
    (await allPages<{ code: string }>(UNCOVERED, { regionCode }, 100)).nodes.map((v) => v.code);

  /** Events the service queued under `key`, sent or not: what it published, whatever the broker has delivered. */
  const queued = async (key: string) =>
    (
      await sut.db.query<{ event_type: string }>(
        `SELECT event_type FROM outbox WHERE message_key = $1 ORDER BY seq`,
        [key],
      )
    ).rows.map((r) => r.event_type);

  const currentOf = async (personId: string) =>
    (
      await sut.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM grid_assignment WHERE person_id = $1 AND ended_at IS NULL`,
        [personId],
      )
    ).rows[0]!.n;

  /** Villages some test has given a current information officer who is still with their organisation. */
  async function coveredVillages(): Promise<Set<string>> {
    const { rows } = await sut.db.query<{ village_code: string }>(
      `SELECT DISTINCT g.village_code FROM grid_assignment g JOIN person p ON p.id = g.person_id
       WHERE g.role = 'INFORMATION_OFFICER' AND g.ended_at IS NULL AND p.status = 'ACTIVE'`,
    );
    return new Set(rows.map((r) => r.village_code));
  }

  // TypeORM qualifies tables with the service schema: FROM "organisations"."region" "r".
  const reading = (table: string) => (sql: string) =>
    new RegExp(`FROM\\s+("\\w+"\\.)?"?${table}"?\\s`, 'i').test(sql);

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

  it('shows each caller the assignments of villages in their jurisdiction only', async () => {
    const officer = await registerPerson(sut, county.id);
    const assignment = await assign(officer, XIEHE, 'GRID_WORKER');
    const list = async (identity: Identity, filter: Record<string, unknown> = {}) =>
      (await allPages<Assignment>(LIST, { filter: { personId: officer.id, ...filter } }, 50, identity)).nodes;

    expect((await list(identities.auditor())).map((a) => a.id)).toEqual([assignment.id]);
    expect(await list(identities.operator('421123'))).toEqual([]);
    expect(await list(identities.operator(TUANFENG_TOWN))).toEqual([]);
    // 淋山河镇 sees the assignment of its village, and who covers it, though the county officer is above it.
    const [seen] = await list(identities.operator(LINSHANHE));
    expect(seen).toMatchObject({ id: assignment.id, person: { id: officer.id }, villageCode: XIEHE });
    // A filter on a region outside the jurisdiction narrows to nothing rather than widening.
    expect(await list(identities.operator(LINSHANHE), { regionCode: TUANFENG_TOWN })).toEqual([]);
  });

  it('lists assignments by region, person and role, current only unless ended ones are asked for, across pages', async () => {
    const person = await registerPerson(sut, county.id);
    const villages = (await villagesOf(LINSHANHE)).slice(0, 5);
    const made: Assignment[] = [];
    for (const code of villages) made.push(await assign(person, code, 'GRID_WORKER'));
    made.push(await assign(person, villages[0]!, 'INFORMATION_OFFICER'));
    await end(made[2]!.id);

    const current = await allPages<Assignment>(LIST, { filter: { personId: person.id } }, 2);
    expect(current.pages).toBe(3);
    expect(current.nodes.map((a) => [a.villageCode, a.role])).toEqual([
      [villages[0], 'GRID_WORKER'],
      [villages[0], 'INFORMATION_OFFICER'],
      [villages[1], 'GRID_WORKER'],
      [villages[3], 'GRID_WORKER'],
      [villages[4], 'GRID_WORKER'],
    ]);
    const all = await allPages<Assignment>(LIST, { filter: { personId: person.id, includeEnded: true } }, 4);
    expect(all.nodes).toHaveLength(6);
    expect(all.nodes.find((a) => a.id === made[2]!.id)).toMatchObject({ endReason: '调离' });
    const officers = await allPages<Assignment>(
      LIST,
      { filter: { personId: person.id, role: 'INFORMATION_OFFICER', regionCode: LINSHANHE } },
      10,
    );
    expect(officers.nodes.map((a) => a.id)).toEqual([made[5]!.id]);

    // The same through Person and Region.
    const { person: viaPerson } = await sut.call<{ person: { gridAssignments: Connection<Assignment> } }>(
      `query($id: ID!) { person(id: $id) { gridAssignments(role: GRID_WORKER, first: 10) {
        edges { node { villageCode } } pageInfo { hasNextPage endCursor } } } }`,
      { id: person.id },
    );
    expect(viaPerson.gridAssignments.edges.map((e) => e.node.villageCode)).toEqual([
      villages[0],
      villages[1],
      villages[3],
      villages[4],
    ]);
    const { region } = await sut.call<{ region: { gridAssignments: Connection<Assignment> } }>(
      `query($code: String!) { region(code: $code) { gridAssignments(includeEnded: true, first: 10) {
        edges { node { id person { id } } } pageInfo { hasNextPage endCursor } } } }`,
      { code: villages[2] },
    );
    expect(region.gridAssignments.edges.map((e) => e.node.id)).toEqual([made[2]!.id]);
  });

  it('gives each of nested regions asked in one request the page it gets when asked alone', async () => {
    const person = await registerPerson(sut, county.id);
    const villages = (await villagesOf(LINSHANHE)).slice(5, 8);
    for (const code of villages) await assign(person, code, 'GRID_WORKER');
    await assign(person, villages[0]!, 'INFORMATION_OFFICER');
    // A county, one of its townships and two of that township's villages: their assignments overlap.
    const regions = [TUANFENG, LINSHANHE, villages[0]!, villages[1]!];
    const field = `gridAssignments(first: 2) { edges { node { id villageCode role } } pageInfo { hasNextPage } }`;
    const alone = [];
    for (const code of regions) {
      const { region } = await sut.call<{ region: Record<string, unknown> }>(
        `query($code: String!) { region(code: $code) { ${field} } }`,
        { code },
      );
      alone.push(region);
    }
    const together = await sut.call<Record<string, Record<string, unknown>>>(
      `{ ${regions.map((code, i) => `r${i}: region(code: "${code}") { ${field} }`).join(' ')} }`,
    );
    expect(regions.map((_, i) => together[`r${i}`])).toEqual(alone);
    expect(alone[2]).toMatchObject({
      gridAssignments: {
        edges: [
          { node: { villageCode: villages[0], role: 'GRID_WORKER' } },
          { node: { villageCode: villages[0], role: 'INFORMATION_OFFICER' } },
        ],
      },
    });
  });

  it('answers exactly which of Tuanfeng’s 210 villages have no information officer, across pages, one statement per page', async () => {
    const villages = await villagesOf(TUANFENG);
    expect(villages).toHaveLength(210);
    const coveredBefore = await coveredVillages();
    const open = villages.filter((code) => !coveredBefore.has(code));
    // Officers for eight villages spread over the county, a grid worker (who reports nothing) for a ninth,
    // an officer who then leaves their organisation for a tenth; one of the eight assignments then ends.
    expect(open.length).toBeGreaterThan(180);
    const chosen = [0, 20, 40, 60, 80, 100, 120, 140].map((i) => open[i]!);
    const [workerOnly, leaving] = [open[160]!, open[180]!];
    const officers = [];
    for (const code of chosen) officers.push(await assign(await registerPerson(sut, county.id), code));
    await assign(await registerPerson(sut, county.id), workerOnly, 'GRID_WORKER');
    const leaver = await registerPerson(sut, county.id);
    await assign(leaver, leaving);
    await sut.call(UPDATE_PERSON, {
      input: { id: leaver.id, status: 'LEFT' },
    });
    await end(officers[3]!.id, '调离');

    const covered = new Set([...coveredBefore, ...chosen.filter((_, i) => i !== 3)]);
    const expected = villages.filter((code) => !covered.has(code));
    const listed = await allPages<{ code: string; level: string }>(UNCOVERED, { regionCode: TUANFENG }, 17);
    expect(listed.nodes).toHaveLength(210 - covered.size);
    expect(listed.nodes.map((v) => v.code)).toEqual(expected);
    expect(listed.pages).toBe(Math.ceil(expected.length / 17));
    expect(listed.nodes.every((v) => v.level === 'VILLAGE')).toBe(true);
    const codes = new Set(listed.nodes.map((v) => v.code));
    expect(codes.has(chosen[3]!)).toBe(true);
    expect(codes.has(workerOnly)).toBe(true);
    expect(codes.has(leaving)).toBe(true);
    for (const code of chosen.filter((_, i) => i !== 3)) expect(codes.has(code)).toBe(false);
    // Compared against the region table: the listed villages and the covered ones make up the county exactly.
    const { rows } = await sut.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM region
       WHERE level = 'VILLAGE' AND code LIKE '421121%' AND NOT (code = ANY($1::text[]))`,
      [[...codes]],
    );
    expect(rows[0]!.n).toBe(covered.size);

    // A page in the middle of the list costs one statement on the grid (plus the lookup of the region asked for).
    const page = await sut.call<{ villagesWithoutInformationOfficer: Connection<{ code: string }> }>(
      UNCOVERED,
      {
        regionCode: TUANFENG,
        first: 17,
      },
    );
    const statements = await statementsDuring(() =>
      sut.call(UNCOVERED, {
        regionCode: TUANFENG,
        first: 17,
        after: page.villagesWithoutInformationOfficer.pageInfo.endCursor,
      }),
    );
    // The outbox relay polls meanwhile; only statements on the region and grid tables are the query's.
    expect(statements.filter(reading('region'))).toHaveLength(2);
    expect(statements.filter((sql) => /grid_assignment/.test(sql))).toHaveLength(1);
  });

  it('narrows the uncovered villages to a township, to a village, and to the caller’s jurisdiction', async () => {
    const township100 = await villagesOf(TUANFENG_TOWN);
    const covered = await coveredVillages();
    const list = async (regionCode: string, identity: Identity = identities.admin()) =>
      (await allPages<{ code: string }>(UNCOVERED, { regionCode }, 100, identity)).nodes.map((v) => v.code);

    expect(await list(TUANFENG_TOWN)).toEqual(township100.filter((c) => !covered.has(c)));
    // A village answers for itself: listed while it has no officer.
    const village = township100.find((c) => !covered.has(c))!;
    expect(await list(village)).toEqual([village]);
    await assign(await registerPerson(sut, township.id), village);
    expect(await list(village)).toEqual([]);
    // A township operator asking about the county sees the township's villages only; another county sees none.
    const ownTownship = await list(TUANFENG, identities.operator(TUANFENG_TOWN));
    expect(ownTownship.length).toBeGreaterThan(0);
    expect(ownTownship.every((c) => c.startsWith(TUANFENG_TOWN))).toBe(true);
    expect(await list(TUANFENG, identities.operator('421123'))).toEqual([]);
  });

  it.each([
    ['an unknown region', '421121999', 'REGION_NOT_FOUND'],
    ['a malformed code', '42112', 'INVALID_REGION_CODE'],
  ])('refuses to list uncovered villages of %s', async (_label, regionCode, code) => {
    expect(await sut.failure(UNCOVERED, { regionCode })).toMatchObject({ code, field: 'regionCode' });
  });

  it('resolves assignment references in one statement, hiding those outside the caller’s jurisdiction', async () => {
    const a = await assign(await registerPerson(sut, township.id), LINJIANGPU, 'GRID_WORKER');
    const b = await assign(await registerPerson(sut, county.id), XIEHE, 'GRID_WORKER');
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on GridAssignment { id villageCode } }
    }`;
    const representations = [a, b].map((x) => ({ __typename: 'GridAssignment', id: x.id }));
    let result: { _entities: ({ id: string } | null)[] } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(query, { representations }, identities.operator(TUANFENG_TOWN));
    });
    expect(statements.filter((sql) => /grid_assignment/.test(sql))).toHaveLength(1);
    expect(result!._entities).toEqual([{ id: a.id, villageCode: LINJIANGPU }, null]);
  });
});
