import { Client } from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Identity } from '@emergency/auth';
import { DutyGapOpened, DutyShiftCancelled, DutyShiftScheduled, PersonUpdated } from '@emergency/contracts';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  registerOrganisation,
  registerPerson,
  startOrganisations,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';

interface Shift {
  id: string;
  role: 'DUTY_OFFICER' | 'LEADER_ON_DUTY';
  startsAt: string;
  endsAt: string;
  note: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  createdAt: string;
  organisation: { id: string };
  person: { id: string; name: string } | null;
}

interface Gap {
  role: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
}

interface ShiftPage {
  edges: { cursor: string; node: Shift }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIELDS = `id role startsAt endsAt note cancelledAt cancellationReason createdAt organisation { id }
  person { id name }`;
const SCHEDULE = `mutation($input: ScheduleDutyShiftInput!) { scheduleDutyShift(input: $input) { ${FIELDS} } }`;
const ROSTER = `mutation($input: ScheduleDutyRosterInput!) { scheduleDutyRoster(input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation($input: CancelDutyShiftInput!) { cancelDutyShift(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { dutyShift(id: $id) { ${FIELDS} } }`;
const LIST = `query($filter: DutyShiftFilter, $first: Int, $after: String) {
  dutyShifts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
const ON_DUTY = `query($id: ID!, $at: DateTime) {
  onDuty(organisationId: $id, at: $at) {
    organisation { id } at dutyOfficers { ${FIELDS} } leadersOnDuty { ${FIELDS} }
  }
}`;
const LEAVE = `mutation($id: ID!) { updatePerson(input: { id: $id, status: LEFT }) { id status } }`;
const DISSOLVE = `mutation($input: DissolveOrganisationInput!) { dissolveOrganisation(input: $input) { id status } }`;
const COVERAGE = `query($id: ID!, $from: DateTime!, $to: DateTime!) {
  dutyCoverage(organisationId: $id, from: $from, to: $to) {
    organisation { id } from to complete gaps { role startsAt endsAt durationMinutes }
  }
}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China Standard Time is UTC+8 all year. */
const CST = 8 * HOUR;

/** The latest 08:00 China Standard Time at or before `now`: the daily duty hand-over. */
function lastHandover(now: Date): number {
  const localMidnight = Math.floor((now.getTime() + CST) / DAY) * DAY - CST;
  const handover = localMidnight + 8 * HOUR;
  return handover > now.getTime() ? handover - DAY : handover;
}

/** The hand-over every shift of this file is placed from: the latest one when the file starts. */
let anchor = lastHandover(new Date());

/** The instant `days` days and `hours` hours after the anchor hand-over, as GraphQL takes it. */
const day = (days: number, hours = 0) => new Date(anchor + days * DAY + hours * HOUR).toISOString();

/** `instant` written on China Standard Time, as a duty desk in Hubei would send it: 2026-07-01T08:00:00+08:00. */
const chinaClock = (instant: string) =>
  `${new Date(Date.parse(instant) + CST).toISOString().slice(0, 19)}+08:00`;

/** From an hour ago to an hour from now, on whole minutes: a shift under way while the test runs. */
function underWay(): [string, string] {
  const start = Math.floor(Date.now() / MINUTE) * MINUTE - HOUR;
  return [new Date(start).toISOString(), new Date(start + 2 * HOUR).toISOString()];
}

/** A shift of `scheduleDutyShift`'s input as a roster item: the organisation is the roster's. */
const rosterShift = ({ organisationId: _organisation, ...shift }: { organisationId: string } & object) =>
  shift;

/** 24-hour duty shifts, against the real PostgreSQL and broker, called as the gateway would. */
describe('duty', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startOrganisations('420900');
    events = await readTopic(sut.topic);
    // "Now" must fall in the anchor's day when the first test asks who is on duty: right before the next 08:00
    // hand-over, wait until it has passed.
    const untilHandover = lastHandover(new Date()) + DAY - Date.now();
    if (untilHandover < 60_000) await new Promise((resolve) => setTimeout(resolve, untilHandover + 1000));
    anchor = lastHandover(new Date());
  }, 180_000);

  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

  const eventsOf = (key: string, type: string) =>
    events.messages.filter((m) => m.key === key && m.headers.ce_type === type);

  /** A district government with its emergency management office under it. */
  async function districtOffice(regionCode = '420902') {
    const government = await registerOrganisation(sut, {
      name: unique('孝南区人民政府'),
      type: 'GOVERNMENT',
      regionCode,
    });
    const office = await registerOrganisation(sut, {
      name: unique('孝南区应急管理局'),
      type: 'EMERGENCY_MANAGEMENT_OFFICE',
      regionCode,
      parentId: government.id,
    });
    return { government, office };
  }

  async function schedule(
    organisation: OrganisationRef,
    person: PersonRef,
    role: Shift['role'],
    startsAt: string,
    endsAt: string,
    identity: Identity = identities.admin(),
  ): Promise<Shift> {
    const { scheduleDutyShift } = await sut.call<{ scheduleDutyShift: Shift }>(
      SCHEDULE,
      { input: { organisationId: organisation.id, personId: person.id, role, startsAt, endsAt } },
      identity,
    );
    return scheduleDutyShift;
  }

  /** The error of an operation that must fail, having checked it wrote neither a shift nor an event. */
  async function refused(query: string, variables: Record<string, unknown>, identity?: Identity) {
    const before = [await sut.count('duty_shift'), await sut.count('outbox')];
    const error = await sut.failure(query, variables, identity);
    expect([await sut.count('duty_shift'), await sut.count('outbox')]).toEqual(before);
    return error;
  }

  it('tells who is on duty at the Xiaogan emergency office now and exactly where the next 7 days have gaps', async () => {
    const government = await registerOrganisation(sut, {
      name: unique('孝感市人民政府'),
      type: 'GOVERNMENT',
      regionCode: '420900',
    });
    const office = await registerOrganisation(sut, {
      name: unique('孝感市应急管理局'),
      type: 'EMERGENCY_MANAGEMENT_OFFICE',
      regionCode: '420900',
      parentId: government.id,
    });
    const officers = await Promise.all(
      ['刘洋', '陈静', '杨帆', '周敏'].map((name) =>
        registerPerson(sut, office.id, { name, post: '值班员' }),
      ),
    );
    const director = await registerPerson(sut, office.id, { name: '王建国', post: '局长' });
    const deputy = await registerPerson(sut, office.id, { name: '李红', post: '副局长' });
    // A vice mayor of the parent government leads the duty at its emergency office on day 2 and day 6.
    const viceMayor = await registerPerson(sut, government.id, { name: '张伟', post: '副市长' });
    const leaders = [director, deputy, viceMayor];

    // Eight days of 24-hour shifts from the latest 08:00 hand-over, so now and the next 7 days fall inside, with
    // two deliberate holes: on day 3 the duty officer works 08:00 to 20:00 only, and day 5 has no leader.
    const shifts = [];
    for (let k = 0; k < 8; k++) {
      shifts.push({
        personId: officers[k % 4]!.id,
        role: 'DUTY_OFFICER',
        startsAt: day(k),
        endsAt: k === 3 ? day(3, 12) : day(k + 1),
        note: k === 3 ? '白班' : null,
      });
      if (k !== 5) {
        shifts.push({
          personId: leaders[k % 3]!.id,
          role: 'LEADER_ON_DUTY',
          startsAt: day(k),
          endsAt: day(k + 1),
        });
      }
    }
    const { scheduleDutyRoster } = await sut.call<{ scheduleDutyRoster: Shift[] }>(
      ROSTER,
      { input: { organisationId: office.id, shifts } },
      identities.operator('420900'),
    );
    expect(scheduleDutyRoster).toHaveLength(15);
    // Day 5 had a leader once, but the shift was cancelled: it covers nothing.
    const cancelled = await schedule(office, deputy, 'LEADER_ON_DUTY', day(5), day(6));
    await sut.call(CANCEL, { input: { id: cancelled.id, reason: '赴省里开会' } });

    const before = Date.now();
    const from = new Date(Math.floor(before / MINUTE) * MINUTE);
    const to = new Date(from.getTime() + 7 * DAY);
    const answer = await sut.call<{
      onDuty: { organisation: { id: string }; at: string; dutyOfficers: Shift[]; leadersOnDuty: Shift[] };
      dutyCoverage: { from: string; to: string; complete: boolean; gaps: Gap[] };
    }>(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) {
        onDuty(organisationId: $id) { organisation { id } at dutyOfficers { ${FIELDS} } leadersOnDuty { ${FIELDS} } }
        dutyCoverage(organisationId: $id, from: $from, to: $to) {
          from to complete gaps { role startsAt endsAt durationMinutes }
        }
      }`,
      { id: office.id, from: from.toISOString(), to: to.toISOString() },
      identities.operator('420900'),
    );

    const { onDuty, dutyCoverage } = answer;
    expect(onDuty.organisation.id).toBe(office.id);
    expect(Date.parse(onDuty.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(onDuty.at)).toBeLessThanOrEqual(Date.now());
    expect(onDuty.dutyOfficers.map((s) => [s.person?.name, s.startsAt, s.endsAt])).toEqual([
      ['刘洋', day(0), day(1)],
    ]);
    expect(onDuty.leadersOnDuty.map((s) => [s.person?.name, s.startsAt, s.endsAt])).toEqual([
      ['王建国', day(0), day(1)],
    ]);
    expect(dutyCoverage).toEqual({
      from: from.toISOString(),
      to: to.toISOString(),
      complete: false,
      gaps: [
        // Day 3, 20:00 to 08:00: nobody keeps the desk at night.
        { role: 'DUTY_OFFICER', startsAt: day(3, 12), endsAt: day(4), durationMinutes: 720 },
        // Day 5, 08:00 to 08:00: nobody leads the duty.
        { role: 'LEADER_ON_DUTY', startsAt: day(5), endsAt: day(6), durationMinutes: 1440 },
      ],
    });
    // The leader the cancellation removed leaves exactly that day open, and says so.
    const [gapEvent] = await eventually(async () => {
      const found = eventsOf(office.id, DutyGapOpened.type);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(gapEvent.value).toEqual({
      organisationId: office.id,
      role: 'LEADER_ON_DUTY',
      startsAt: day(5),
      endsAt: day(6),
      causedByShiftId: cancelled.id,
    });
  });

  it('schedules a shift and publishes DutyShiftScheduled keyed by the organisation, without the note', async () => {
    const { office } = await districtOffice();
    const officer = await registerPerson(sut, office.id, { name: '赵磊', post: '值班员' });
    const { scheduleDutyShift: shift } = await sut.call<{ scheduleDutyShift: Shift }>(
      SCHEDULE,
      {
        input: {
          organisationId: office.id,
          personId: officer.id,
          role: 'DUTY_OFFICER',
          startsAt: chinaClock(day(20)),
          endsAt: chinaClock(day(21)),
          note: '防汛值班，值班电话 0712-2345678',
        },
      },
      identities.operator('420902'),
    );
    expect(shift).toMatchObject({
      role: 'DUTY_OFFICER',
      startsAt: day(20),
      endsAt: day(21),
      note: '防汛值班，值班电话 0712-2345678',
      cancelledAt: null,
      cancellationReason: null,
      organisation: { id: office.id },
      person: { id: officer.id, name: '赵磊' },
    });
    expect((await sut.call<{ dutyShift: Shift }>(GET, { id: shift.id })).dutyShift).toEqual(shift);
    const [message] = await eventually(async () => {
      const found = eventsOf(office.id, DutyShiftScheduled.type);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(message.value).toEqual({
      shiftId: shift.id,
      organisationId: office.id,
      personId: officer.id,
      role: 'DUTY_OFFICER',
      startsAt: day(20),
      endsAt: day(21),
    });
    expect(JSON.stringify(message)).not.toContain('2345678');
  });

  it('lets people of the organisation or of any organisation above it keep its duty, and no one else', async () => {
    const city = await registerOrganisation(sut, {
      name: unique('孝感市人民政府'),
      type: 'GOVERNMENT',
      regionCode: '420900',
    });
    const district = await registerOrganisation(sut, {
      name: unique('孝南区人民政府'),
      type: 'GOVERNMENT',
      regionCode: '420902',
      parentId: city.id,
    });
    const office = await registerOrganisation(sut, {
      name: unique('孝南区应急管理局'),
      type: 'EMERGENCY_MANAGEMENT_OFFICE',
      regionCode: '420902',
      parentId: district.id,
    });
    const sibling = await registerOrganisation(sut, {
      name: unique('孝南区水利和湖泊局'),
      type: 'FUNCTIONAL_DEPARTMENT',
      sector: 'WATER_RESOURCES',
      regionCode: '420902',
      parentId: district.id,
    });
    const below = await registerOrganisation(sut, {
      name: unique('孝南区应急指挥中心'),
      type: 'FUNCTIONAL_DEPARTMENT',
      sector: 'OTHER',
      regionCode: '420902',
      parentId: office.id,
    });
    const mayor = await registerPerson(sut, city.id, { post: '副市长' });
    const districtHead = await registerPerson(sut, district.id, { post: '副区长' });
    await schedule(office, mayor, 'LEADER_ON_DUTY', day(30), day(31));
    await schedule(office, districtHead, 'LEADER_ON_DUTY', day(31), day(32));

    for (const organisation of [sibling, below]) {
      const outsider = await registerPerson(sut, organisation.id);
      const error = await refused(SCHEDULE, {
        input: {
          organisationId: office.id,
          personId: outsider.id,
          role: 'DUTY_OFFICER',
          startsAt: day(30),
          endsAt: day(31),
        },
      });
      expect(error).toMatchObject({ code: 'PERSON_NOT_IN_ORGANISATION', field: 'personId' });
    }
  });

  // Changes are made when the test runs, from the anchor hand-over the file settled on.
  it.each([
    [
      'an end before the start',
      () => ({ startsAt: day(10, 8), endsAt: day(10) }),
      'INVALID_SHIFT_PERIOD',
      'endsAt',
    ],
    [
      'an end equal to the start',
      () => ({ startsAt: day(10), endsAt: day(10) }),
      'INVALID_SHIFT_PERIOD',
      'endsAt',
    ],
    [
      'a shift of 24 hours and a minute',
      () => ({ endsAt: new Date(Date.parse(day(11)) + MINUTE).toISOString() }),
      'SHIFT_TOO_LONG',
      'endsAt',
    ],
    [
      'a start 367 days ahead',
      () => ({ startsAt: day(367), endsAt: day(367, 12) }),
      'SHIFT_TOO_FAR_AHEAD',
      'startsAt',
    ],
    [
      'a start between minutes',
      () => ({ startsAt: new Date(Date.parse(day(10)) + 30_000).toISOString() }),
      'INVALID_SHIFT_PERIOD',
      'startsAt',
    ],
    ['a malformed end', () => ({ endsAt: '2030-07-01 08:00' }), 'BAD_USER_INPUT', undefined],
    [
      'an unknown person',
      () => ({ personId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
      'personId',
    ],
    [
      'a malformed organisation id',
      () => ({ organisationId: 'office-1' }),
      'BAD_USER_INPUT',
      'organisationId',
    ],
    ['a note of 501 characters', () => ({ note: '值'.repeat(501) }), 'BAD_USER_INPUT', 'note'],
  ])('refuses %s, naming the field and writing nothing', async (_label, change, code, field) => {
    const { office } = await districtOffice();
    const officer = await registerPerson(sut, office.id);
    const error = await refused(SCHEDULE, {
      input: {
        organisationId: office.id,
        personId: officer.id,
        role: 'DUTY_OFFICER',
        startsAt: day(10),
        endsAt: day(11),
        ...change(),
      },
    });
    expect(error).toMatchObject(field ? { code, field } : { code });
  });

  it('refuses a person who has left and an organisation that was dissolved', async () => {
    const { government, office } = await districtOffice();
    const leaver = await registerPerson(sut, office.id);
    await sut.call(LEAVE, { id: leaver.id });
    const input = { organisationId: office.id, role: 'DUTY_OFFICER', startsAt: day(10), endsAt: day(11) };
    expect(await refused(SCHEDULE, { input: { ...input, personId: leaver.id } })).toMatchObject({
      code: 'PERSON_LEFT',
      field: 'personId',
    });

    // A leader of the government above, still active: the office itself has nobody left to keep it in use.
    const leader = await registerPerson(sut, government.id);
    await sut.call(DISSOLVE, { input: { id: office.id, reason: '机构改革' } });
    expect(await refused(SCHEDULE, { input: { ...input, personId: leader.id } })).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'organisationId',
    });
  });

  it('never puts a person on two overlapping shifts, at any organisation in any role; back-to-back is fine', async () => {
    const { government, office } = await districtOffice();
    const flood = await registerOrganisation(sut, {
      name: unique('孝南区防汛抗旱指挥部办公室'),
      type: 'FUNCTIONAL_DEPARTMENT',
      sector: 'WATER_RESOURCES',
      regionCode: '420902',
      parentId: government.id,
    });
    const leader = await registerPerson(sut, government.id, { post: '副区长' });
    const first = await schedule(office, leader, 'LEADER_ON_DUTY', day(20), day(21));

    const error = await refused(SCHEDULE, {
      input: {
        organisationId: flood.id,
        personId: leader.id,
        role: 'DUTY_OFFICER',
        startsAt: day(20, 12),
        endsAt: day(21, 6),
      },
    });
    expect(error).toMatchObject({
      code: 'DUTY_SHIFT_OVERLAP',
      field: 'personId',
      conflictingShiftId: first.id,
    });

    // Ending as the next begins is no overlap.
    await schedule(flood, leader, 'DUTY_OFFICER', day(21), day(21, 12));
    await schedule(flood, leader, 'DUTY_OFFICER', day(19, 12), day(20));
    // A cancelled shift frees its time.
    await sut.call(CANCEL, { input: { id: first.id, reason: '临时调整' } });
    await schedule(flood, leader, 'DUTY_OFFICER', day(20, 12), day(20, 20));
  });

  it('lets exactly one of several concurrent overlapping schedules of one person win', async () => {
    const { government, office } = await districtOffice();
    const departments = await Promise.all(
      [
        ['孝南区防汛抗旱指挥部办公室', 'WATER_RESOURCES'],
        ['孝南区森林防火指挥部办公室', 'FORESTRY_AND_GRASSLAND'],
        ['孝南区卫生健康局', 'HEALTH'],
      ].map(([name, sector]) =>
        registerOrganisation(sut, {
          name: unique(name!),
          type: 'FUNCTIONAL_DEPARTMENT',
          sector,
          regionCode: '420902',
          parentId: government.id,
        }),
      ),
    );
    const organisations = [office, ...departments];
    const leader = await registerPerson(sut, government.id);
    const before = await sut.count('duty_shift');
    // Eight requests at four organisations in both roles, each overlapping every other one.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sut.request<{ scheduleDutyShift: Shift }>(SCHEDULE, {
          input: {
            organisationId: organisations[i % 4]!.id,
            personId: leader.id,
            role: i < 4 ? 'DUTY_OFFICER' : 'LEADER_ON_DUTY',
            startsAt: day(40, i),
            endsAt: day(41),
          },
        }),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.data!.scheduleDutyShift;
    for (const loser of results.filter((r) => r.errors)) {
      expect(loser.errors![0]!.extensions).toMatchObject({
        code: 'DUTY_SHIFT_OVERLAP',
        field: 'personId',
        conflictingShiftId: winner.id,
      });
    }
    expect(await sut.count('duty_shift')).toBe(before + 1);
  });

  it('schedules a roster all or nothing, naming the refused item', async () => {
    const { office } = await districtOffice();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => registerPerson(sut, office.id)));
    const stranger = await registerPerson(sut, (await districtOffice()).office.id);
    const existing = await schedule(office, b!, 'DUTY_OFFICER', day(50, 12), day(51, 12));
    const week = (k: number, person: PersonRef) => ({
      personId: person.id,
      role: 'DUTY_OFFICER',
      startsAt: day(60 + k),
      endsAt: day(61 + k),
    });
    const roster = [week(0, a!), week(1, b!), week(2, c!), week(3, a!)];
    const attempt = (shifts: unknown[]) => refused(ROSTER, { input: { organisationId: office.id, shifts } });

    expect(await attempt([...roster.slice(0, 3), { ...roster[3], endsAt: day(64, 1) }])).toMatchObject({
      code: 'SHIFT_TOO_LONG',
      field: 'shifts[3].endsAt',
    });
    expect(await attempt([...roster.slice(0, 2), { ...roster[2], personId: stranger.id }])).toMatchObject({
      code: 'PERSON_NOT_IN_ORGANISATION',
      field: 'shifts[2].personId',
    });
    expect(
      await attempt([...roster, { ...week(0, a!), role: 'LEADER_ON_DUTY', startsAt: day(60, 20) }]),
    ).toMatchObject({
      code: 'DUTY_SHIFT_OVERLAP',
      field: 'shifts[4].personId',
      conflictingItem: 'shifts[0]',
    });
    expect(
      await attempt([roster[0], { ...week(0, b!), startsAt: day(51), endsAt: day(52) }, roster[2]]),
    ).toMatchObject({
      code: 'DUTY_SHIFT_OVERLAP',
      field: 'shifts[1].personId',
      conflictingShiftId: existing.id,
    });
    expect(await attempt([])).toMatchObject({ code: 'BAD_USER_INPUT', field: 'shifts' });

    const before = await sut.count('duty_shift');
    const { scheduleDutyRoster } = await sut.call<{ scheduleDutyRoster: Shift[] }>(ROSTER, {
      input: { organisationId: office.id, shifts: roster },
    });
    expect(scheduleDutyRoster.map((s) => [s.person?.id, s.startsAt])).toEqual(
      roster.map((s) => [s.personId, s.startsAt]),
    );
    expect(await sut.count('duty_shift')).toBe(before + 4);
    const published = await eventually(async () => {
      const found = eventsOf(office.id, DutyShiftScheduled.type);
      expect(found).toHaveLength(5);
      return found;
    });
    expect(published.slice(1).map((m) => (m.value as { shiftId: string }).shiftId)).toEqual(
      scheduleDutyRoster.map((s) => s.id),
    );
  });

  it('cancels a shift, keeping it on record, and publishes one DutyGapOpened per gap it leaves, in one transaction', async () => {
    const { office } = await districtOffice();
    const [director, deputy, officer] = await Promise.all(
      ['局长', '副局长', '值班员'].map((post) => registerPerson(sut, office.id, { post })),
    );
    const leading = await schedule(office, director!, 'LEADER_ON_DUTY', day(70), day(71));
    await schedule(office, deputy!, 'LEADER_ON_DUTY', day(70, 4), day(70, 10));
    await schedule(office, officer!, 'DUTY_OFFICER', day(70), day(71));

    const { cancelDutyShift } = await sut.call<{ cancelDutyShift: Shift }>(
      CANCEL,
      { input: { id: leading.id, reason: '  赴省里开会 ' } },
      identities.operator('420902'),
    );
    expect(cancelDutyShift).toMatchObject({ id: leading.id, cancellationReason: '赴省里开会' });
    expect(cancelDutyShift.cancelledAt).not.toBeNull();

    const cancelledEvent = await eventually(async () => {
      const found = eventsOf(office.id, DutyShiftCancelled.type);
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(cancelledEvent.value).toEqual({
      shiftId: leading.id,
      organisationId: office.id,
      personId: director!.id,
      role: 'LEADER_ON_DUTY',
      startsAt: day(70),
      endsAt: day(71),
      reason: '赴省里开会',
      cancelledAt: cancelDutyShift.cancelledAt,
    });
    const gaps = await eventually(async () => {
      const found = eventsOf(office.id, DutyGapOpened.type);
      expect(found).toHaveLength(2);
      return found.map((m) => m.value);
    });
    expect(gaps).toEqual([
      {
        organisationId: office.id,
        role: 'LEADER_ON_DUTY',
        startsAt: day(70),
        endsAt: day(70, 4),
        causedByShiftId: leading.id,
      },
      {
        organisationId: office.id,
        role: 'LEADER_ON_DUTY',
        startsAt: day(70, 10),
        endsAt: day(71),
        causedByShiftId: leading.id,
      },
    ]);
    // now() is the transaction's start: one value for the three rows means one transaction wrote them.
    const { rows } = await sut.db.query(
      `SELECT count(*)::int AS events, count(DISTINCT created_at)::int AS transactions FROM outbox
        WHERE payload->>'causedByShiftId' = $1 OR (payload->>'shiftId' = $1 AND event_type = $2)`,
      [leading.id, DutyShiftCancelled.type],
    );
    expect(rows[0]).toEqual({ events: 3, transactions: 1 });

    // Kept on record, listed only on request, and no longer on duty.
    const list = (includeCancelled: boolean) =>
      sut.call<{ dutyShifts: ShiftPage }>(LIST, {
        filter: { organisationId: office.id, role: 'LEADER_ON_DUTY', includeCancelled },
      });
    expect((await list(false)).dutyShifts.edges).toHaveLength(1);
    expect((await list(true)).dutyShifts.edges.map((e) => e.node.id)).toContain(leading.id);
    const { onDuty } = await sut.call<{ onDuty: { leadersOnDuty: Shift[] } }>(ON_DUTY, {
      id: office.id,
      at: day(70, 2),
    });
    expect(onDuty.leadersOnDuty).toEqual([]);
  });

  it('publishes no gap when other shifts still cover the cancelled one', async () => {
    const { office } = await districtOffice();
    const [first, second] = await Promise.all([1, 2].map(() => registerPerson(sut, office.id)));
    const spare = await schedule(office, first!, 'DUTY_OFFICER', day(80), day(80, 12));
    await schedule(office, second!, 'DUTY_OFFICER', day(80), day(81));
    await sut.call(CANCEL, { input: { id: spare.id, reason: '重复排班' } });
    await eventually(async () => expect(eventsOf(office.id, DutyShiftCancelled.type)).toHaveLength(1));
    const { rows } = await sut.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = $1 AND message_key = $2`,
      [DutyGapOpened.type, office.id],
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('refuses to cancel a shift twice, a shift that has ended, or without a reason', async () => {
    const { office } = await districtOffice();
    const officer = await registerPerson(sut, office.id);
    const past = await schedule(office, officer, 'DUTY_OFFICER', day(-3), day(-2));
    const future = await schedule(office, officer, 'DUTY_OFFICER', day(90), day(91));
    expect(await refused(CANCEL, { input: { id: past.id, reason: '补录错误' } })).toMatchObject({
      code: 'DUTY_SHIFT_ENDED',
      field: 'id',
    });
    expect(await refused(CANCEL, { input: { id: future.id, reason: ' ' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    await sut.call(CANCEL, { input: { id: future.id, reason: '病假' } });
    expect(await refused(CANCEL, { input: { id: future.id, reason: '病假' } })).toMatchObject({
      code: 'DUTY_SHIFT_ALREADY_CANCELLED',
      field: 'id',
    });
    expect(
      await refused(CANCEL, { input: { id: '00000000-0000-4000-8000-000000000000', reason: '病假' } }),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('lists shifts by start, then id, across pages, with filters and on the organisation', async () => {
    const { office } = await districtOffice();
    const people = await Promise.all([1, 2, 3].map(() => registerPerson(sut, office.id)));
    // Two shifts start together: the id orders them.
    const created = [
      await schedule(office, people[0]!, 'LEADER_ON_DUTY', day(100, 12), day(101)),
      await schedule(office, people[1]!, 'DUTY_OFFICER', day(100), day(100, 12)),
      await schedule(office, people[2]!, 'DUTY_OFFICER', day(100), day(101)),
      await schedule(office, people[1]!, 'DUTY_OFFICER', day(101), day(102)),
      await schedule(office, people[0]!, 'LEADER_ON_DUTY', day(101), day(102)),
    ];
    const expected = [...created]
      .sort((x, y) => x.startsAt.localeCompare(y.startsAt) || x.id.localeCompare(y.id))
      .map((s) => s.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { dutyShifts }: { dutyShifts: ShiftPage } = await sut.call(LIST, {
        filter: { organisationId: office.id },
        first: 2,
        after,
      });
      seen.push(...dutyShifts.edges.map((e) => e.node.id));
      after = dutyShifts.pageInfo.hasNextPage ? dutyShifts.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);

    const filtered = await sut.call<{ dutyShifts: ShiftPage }>(LIST, {
      filter: { personId: people[1]!.id, role: 'DUTY_OFFICER', from: day(100, 12), to: day(103) },
    });
    expect(filtered.dutyShifts.edges.map((e) => e.node.id)).toEqual([created[3]!.id]);
    expect(await sut.failure(LIST, { filter: { from: day(101), to: day(100) } })).toMatchObject({
      code: 'INVALID_PERIOD',
      field: 'filter.to',
    });

    const { organisation } = await sut.call<{
      organisation: {
        onDuty: { at: string; dutyOfficers: Shift[]; leadersOnDuty: Shift[] };
        dutyShifts: ShiftPage;
      };
    }>(
      `query($id: ID!, $at: DateTime, $from: DateTime, $to: DateTime) {
        organisation(id: $id) {
          onDuty(at: $at) { at dutyOfficers { id } leadersOnDuty { id } }
          dutyShifts(from: $from, to: $to) { edges { node { id } } }
        }
      }`,
      { id: office.id, at: day(100, 12), from: day(101), to: day(102) },
    );
    expect(organisation.onDuty).toEqual({
      at: day(100, 12),
      dutyOfficers: [{ id: created[2]!.id }],
      leadersOnDuty: [{ id: created[0]!.id }],
    });
    expect(organisation.dutyShifts.edges.map((e) => e.node.id).sort()).toEqual(
      [created[3]!.id, created[4]!.id].sort(),
    );
  });

  it('checks coverage for at most 31 days, and calls a fully staffed period complete', async () => {
    const { office } = await districtOffice();
    const [officer, leader] = await Promise.all([1, 2].map(() => registerPerson(sut, office.id)));
    await schedule(office, officer!, 'DUTY_OFFICER', day(110), day(111));
    await schedule(office, leader!, 'LEADER_ON_DUTY', day(110), day(111));
    const coverage = (from: string, to: string) =>
      sut.request<{ dutyCoverage: { complete: boolean; gaps: Gap[] } }>(COVERAGE, {
        id: office.id,
        from,
        to,
      });
    expect((await coverage(day(110, 2), day(110, 20))).data?.dutyCoverage).toMatchObject({
      complete: true,
      gaps: [],
    });
    expect((await coverage(day(110), day(141))).errors).toBeUndefined();
    expect(await sut.failure(COVERAGE, { id: office.id, from: day(110), to: day(141, 1) })).toMatchObject({
      code: 'PERIOD_TOO_LONG',
      field: 'to',
    });
    expect(await sut.failure(COVERAGE, { id: office.id, from: day(110), to: day(110) })).toMatchObject({
      code: 'INVALID_PERIOD',
      field: 'to',
    });
  });

  it('shows nothing to an operator of another county and lets them change nothing', async () => {
    const { office } = await districtOffice('420902');
    const officer = await registerPerson(sut, office.id);
    const shift = await schedule(
      office,
      officer,
      'DUTY_OFFICER',
      day(120),
      day(121),
      identities.operator('420902'),
    );
    const dawu = identities.operator('420922');

    expect((await sut.call<{ dutyShift: Shift | null }>(GET, { id: shift.id }, dawu)).dutyShift).toBeNull();
    const listed = await sut.call<{ dutyShifts: ShiftPage }>(
      LIST,
      { filter: { organisationId: office.id } },
      dawu,
    );
    expect(listed.dutyShifts.edges).toEqual([]);
    expect(await sut.failure(ON_DUTY, { id: office.id }, dawu)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'organisationId',
    });
    expect(await sut.failure(COVERAGE, { id: office.id, from: day(120), to: day(121) }, dawu)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'organisationId',
    });
    const input = {
      organisationId: office.id,
      personId: officer.id,
      role: 'LEADER_ON_DUTY',
      startsAt: day(121),
      endsAt: day(122),
    };
    expect(await refused(SCHEDULE, { input }, dawu)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'organisationId',
    });
    expect(
      await refused(ROSTER, { input: { organisationId: office.id, shifts: [rosterShift(input)] } }, dawu),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'organisationId' });
    expect(await refused(CANCEL, { input: { id: shift.id, reason: '调整' } }, dawu)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
  });

  it('lets auditors read the duty but change nothing', async () => {
    const { office } = await districtOffice();
    const officer = await registerPerson(sut, office.id);
    const shift = await schedule(office, officer, 'DUTY_OFFICER', day(130), day(131));
    const auditor = identities.auditor();
    const input = {
      organisationId: office.id,
      personId: officer.id,
      role: 'LEADER_ON_DUTY',
      startsAt: day(131),
      endsAt: day(132),
    };
    for (const [query, variables] of [
      [SCHEDULE, { input }],
      [ROSTER, { input: { organisationId: office.id, shifts: [rosterShift(input)] } }],
      [CANCEL, { input: { id: shift.id, reason: '调整' } }],
    ] as const) {
      expect(await refused(query, variables, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await sut.call<{ dutyShift: Shift }>(GET, { id: shift.id }, auditor)).dutyShift.id).toBe(
      shift.id,
    );
  });

  it('resolves any number of duty shift references with one statement, hiding those outside the jurisdiction', async () => {
    const inside = await districtOffice('420902');
    const outside = await districtOffice('420922');
    const shifts: Shift[] = [];
    for (const { office } of [inside, outside]) {
      for (let k = 0; k < 3; k++) {
        shifts.push(
          await schedule(office, await registerPerson(sut, office.id), 'DUTY_OFFICER', day(140), day(141)),
        );
      }
    }
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on DutyShift { id role } }
    }`;
    const representations = shifts.map((s) => ({ __typename: 'DutyShift', id: s.id }));
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    let result!: { _entities: ({ id: string } | null)[] };
    try {
      result = await sut.call(query, { representations }, identities.operator('420902'));
      const statements = spy.mock.calls
        .map(([sql]) => sql)
        .filter((sql) => /FROM\s+("\w+"\.)?"?duty_shift"?\s/i.test(sql));
      expect(statements).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
    expect(result._entities.map((e) => e?.id ?? null)).toEqual([
      ...shifts.slice(0, 3).map((s) => s.id),
      null,
      null,
      null,
    ]);
  });

  /** The shifts of `person`, cancelled ones too, by id. */
  async function shiftsOf(person: PersonRef): Promise<Map<string, Shift>> {
    const { dutyShifts } = await sut.call<{ dutyShifts: ShiftPage }>(LIST, {
      filter: { personId: person.id, includeCancelled: true },
      first: 100,
    });
    return new Map(dutyShifts.edges.map((e) => [e.node.id, e.node]));
  }

  const cancelledShifts = async () =>
    (
      (await sut.db.query(`SELECT count(*)::int AS n FROM duty_shift WHERE cancelled_at IS NOT NULL`))
        .rows[0] as {
        n: number;
      }
    ).n;

  it('cancels every shift a leaving person has not started, at every organisation, with its gaps, and lets the one under way run', async () => {
    const { government, office } = await districtOffice();
    const flood = await registerOrganisation(sut, {
      name: unique('孝南区防汛抗旱指挥部办公室'),
      type: 'FUNCTIONAL_DEPARTMENT',
      sector: 'WATER_RESOURCES',
      regionCode: '420902',
      parentId: government.id,
    });
    const leaver = await registerPerson(sut, government.id, { name: '张伟', post: '副区长' });
    const deputy = await registerPerson(sut, office.id, { post: '副局长' });
    const running = await schedule(office, leaver, 'LEADER_ON_DUTY', ...underWay());
    const past = await schedule(office, leaver, 'LEADER_ON_DUTY', day(-6), day(-5));
    const atOffice = await schedule(office, leaver, 'LEADER_ON_DUTY', day(150), day(151));
    // The deputy leads the middle of that day, so the departure leaves its morning and evening open.
    await schedule(office, deputy, 'LEADER_ON_DUTY', day(150, 6), day(150, 18));
    const atFlood = await schedule(flood, leaver, 'DUTY_OFFICER', day(152), day(152, 12));
    const withdrawn = await schedule(flood, leaver, 'DUTY_OFFICER', day(153), day(153, 12));
    await sut.call(CANCEL, { input: { id: withdrawn.id, reason: '调休' } });

    // A departure refused to an auditor or to another county's operator cancels nothing either.
    for (const [identity, code] of [
      [identities.auditor(), 'FORBIDDEN'],
      [identities.operator('420922'), 'NOT_FOUND'],
    ] as const) {
      const before = [await sut.count('outbox'), await cancelledShifts()];
      expect(await sut.failure(LEAVE, { id: leaver.id }, identity)).toMatchObject({ code });
      expect([await sut.count('outbox'), await cancelledShifts()]).toEqual(before);
    }

    const { updatePerson } = await sut.call<{ updatePerson: { status: string } }>(
      LEAVE,
      { id: leaver.id },
      identities.operator('420902'),
    );
    expect(updatePerson.status).toBe('LEFT');

    const shifts = await shiftsOf(leaver);
    const cancelledAt = shifts.get(atOffice.id)!.cancelledAt;
    expect(cancelledAt).not.toBeNull();
    for (const shift of [atOffice, atFlood]) {
      expect(shifts.get(shift.id)).toMatchObject({
        cancelledAt,
        cancellationReason: 'left their organisation',
      });
    }
    // The shift under way and the one already over stand as they were; the one cancelled before keeps its reason.
    expect(shifts.get(running.id)).toMatchObject({ cancelledAt: null, cancellationReason: null });
    expect(shifts.get(past.id)).toMatchObject({ cancelledAt: null, cancellationReason: null });
    expect(shifts.get(withdrawn.id)).toMatchObject({ cancellationReason: '调休' });
    const { onDuty } = await sut.call<{ onDuty: { leadersOnDuty: Shift[] } }>(ON_DUTY, { id: office.id });
    expect(onDuty.leadersOnDuty.map((s) => s.id)).toEqual([running.id]);

    const reason = 'left their organisation';
    await eventually(async () => {
      expect(eventsOf(office.id, DutyShiftCancelled.type).map((m) => m.value)).toEqual([
        { ...shiftEvent(atOffice, leaver), reason, cancelledAt },
      ]);
      expect(
        eventsOf(flood.id, DutyShiftCancelled.type)
          .map((m) => m.value)
          .filter((v) => (v as { shiftId: string }).shiftId === atFlood.id),
      ).toEqual([{ ...shiftEvent(atFlood, leaver), reason, cancelledAt }]);
      expect(eventsOf(office.id, DutyGapOpened.type).map((m) => m.value)).toEqual([
        { ...gapEvent(atOffice), startsAt: day(150), endsAt: day(150, 6) },
        { ...gapEvent(atOffice), startsAt: day(150, 18), endsAt: day(151) },
      ]);
      expect(
        eventsOf(flood.id, DutyGapOpened.type)
          .map((m) => m.value)
          .filter((v) => (v as { causedByShiftId: string }).causedByShiftId === atFlood.id),
      ).toEqual([gapEvent(atFlood)]);
    });
    // All in the departure's transaction (now() is its start), organisation by organisation in id order, before the
    // person's own PersonUpdated.
    const { rows } = await sut.db.query(
      `SELECT event_type AS type, message_key AS key, created_at FROM outbox
        WHERE payload->>'causedByShiftId' = ANY($1) OR (event_type = $2 AND payload->>'shiftId' = ANY($1))
           OR (event_type = $3 AND message_key = $4 AND payload->>'status' = 'LEFT')
        ORDER BY seq`,
      [[atOffice.id, atFlood.id], DutyShiftCancelled.type, PersonUpdated.type, leaver.id],
    );
    expect(new Set(rows.map((r: { created_at: Date }) => r.created_at.getTime())).size).toBe(1);
    const byOrganisation = {
      [office.id]: [DutyShiftCancelled.type, DutyGapOpened.type, DutyGapOpened.type],
      [flood.id]: [DutyShiftCancelled.type, DutyGapOpened.type],
    };
    expect(rows.map((r: { type: string; key: string }) => [r.type, r.key])).toEqual([
      ...[office.id, flood.id].sort().flatMap((id) => byOrganisation[id]!.map((type) => [type, id])),
      [PersonUpdated.type, leaver.id],
    ]);
  });

  it('lets concurrent departures, schedules and cancellations at the same organisations all finish without deadlock, leaving no leaver a shift ahead', async () => {
    const { government, office } = await districtOffice();
    const departments = await Promise.all(
      ['WATER_RESOURCES', 'HEALTH', 'FORESTRY_AND_GRASSLAND'].map((sector) =>
        registerOrganisation(sut, {
          name: unique('孝南区职能部门'),
          type: 'FUNCTIONAL_DEPARTMENT',
          sector,
          regionCode: '420902',
          parentId: government.id,
        }),
      ),
    );
    const organisations = [office, ...departments];
    const leavers = await Promise.all([1, 2].map(() => registerPerson(sut, government.id)));
    const stayer = await registerPerson(sut, government.id);
    // Each leaver has a shift ahead at every organisation, the two in opposite orders of time.
    for (const [p, leaver] of leavers.entries()) {
      for (const [k, organisation] of organisations.entries()) {
        const d = 160 + (p === 0 ? k : 3 - k);
        await schedule(organisation, leaver!, 'LEADER_ON_DUTY', day(d), day(d + 1));
      }
    }
    const stayerShifts = [];
    for (const [k, organisation] of organisations.entries()) {
      stayerShifts.push(await schedule(organisation, stayer, 'DUTY_OFFICER', day(160 + k), day(161 + k)));
    }

    const departures = leavers.map((leaver) => sut.request(LEAVE, { id: leaver!.id }));
    const schedules = leavers.flatMap((leaver) =>
      organisations.map((organisation, k) =>
        sut.request<{ scheduleDutyShift: Shift }>(SCHEDULE, {
          input: {
            organisationId: organisation.id,
            personId: leaver!.id,
            role: 'DUTY_OFFICER',
            startsAt: day(165 + k),
            endsAt: day(166 + k),
          },
        }),
      ),
    );
    const cancellations = stayerShifts.map((shift) =>
      sut.request(CANCEL, { input: { id: shift.id, reason: '调整' } }),
    );
    const [departed, scheduled, cancelled] = await Promise.all([
      Promise.all(departures),
      Promise.all(schedules),
      Promise.all(cancellations),
    ]);

    expect([...departed, ...cancelled].flatMap((r) => r.errors ?? [])).toEqual([]);
    for (const refused of scheduled.filter((r) => r.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'PERSON_LEFT', field: 'personId' });
    }
    // Whatever won its race, nothing of theirs stands ahead: a schedule committed first was cancelled by the
    // departure, one that came after was refused.
    const { rows } = await sut.db.query(
      `SELECT count(*) FILTER (WHERE cancelled_at IS NULL)::int AS standing,
              count(*) FILTER (WHERE cancellation_reason = 'left their organisation')::int AS cancelled
         FROM duty_shift WHERE person_id = ANY($1) AND starts_at > now()`,
      [leavers.map((l) => l!.id)],
    );
    expect(rows[0]).toEqual({ standing: 0, cancelled: 8 + scheduled.filter((r) => !r.errors).length });
  });

  it('refuses to dissolve an organisation with duty shifts neither ended nor cancelled, until they are', async () => {
    const { government, office } = await districtOffice();
    const officer = await registerPerson(sut, office.id, { post: '值班员' });
    const leader = await registerPerson(sut, government.id, { post: '副区长' });
    const running = await schedule(office, leader, 'LEADER_ON_DUTY', ...underWay());
    const upcoming = await schedule(office, officer, 'DUTY_OFFICER', day(180), day(181));
    // Neither a shift that has ended nor a cancelled one keeps the organisation in use.
    await schedule(office, officer, 'DUTY_OFFICER', day(-8), day(-7));
    const withdrawn = await schedule(office, leader, 'LEADER_ON_DUTY', day(181), day(182));
    await sut.call(CANCEL, { input: { id: withdrawn.id, reason: '调休' } });

    const status = async () =>
      (
        (await sut.db.query(`SELECT status FROM organisation WHERE id = $1`, [office.id])).rows[0] as {
          status: string;
        }
      ).status;
    const refusedDissolution = async () => {
      const before = [await sut.count('outbox'), await sut.count('duty_shift'), await cancelledShifts()];
      const error = await sut.failure(DISSOLVE, { input: { id: office.id, reason: '机构改革' } });
      expect([await sut.count('outbox'), await sut.count('duty_shift'), await cancelledShifts()]).toEqual(
        before,
      );
      expect(await status()).toBe('ACTIVE');
      return error;
    };

    expect(await refusedDissolution()).toMatchObject({
      code: 'ORGANISATION_STILL_IN_USE',
      field: 'id',
      upcomingDutyShifts: 2,
      activePeople: 1,
    });
    // The officer's departure cancels their shift ahead; the leader's, under way, still keeps the office in use.
    await sut.call(LEAVE, { id: officer.id });
    expect((await shiftsOf(officer)).get(upcoming.id)?.cancellationReason).toBe('left their organisation');
    const error = await refusedDissolution();
    expect(error).toMatchObject({ code: 'ORGANISATION_STILL_IN_USE', field: 'id', upcomingDutyShifts: 1 });
    expect(error.activePeople).toBeUndefined();

    await sut.call(CANCEL, { input: { id: running.id, reason: '机构撤销' } });
    const { dissolveOrganisation } = await sut.call<{ dissolveOrganisation: { status: string } }>(DISSOLVE, {
      input: { id: office.id, reason: '机构改革' },
    });
    expect(dissolveOrganisation.status).toBe('DISSOLVED');
  });

  /**
   * Starts a transaction on a connection of its own that runs `sql` (taking row locks the service's requests will
   * wait on) and returns what ends it: so that concurrent requests interleave in one chosen order, for sure.
   */
  async function holdLocks(sql: string, params: unknown[]): Promise<() => Promise<void>> {
    const holder = new Client({
      connectionString: process.env.DATABASE_URL,
      options: '-c search_path=organisations',
    });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(sql, params);
    return async () => {
      await holder.query('ROLLBACK');
      await holder.end();
    };
  }

  /** Returns once `n` of the service's connections are waiting on a lock. */
  const waitingOnLocks = (n: number) =>
    eventually(async () => {
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      expect(rows[0]).toEqual({ n });
    });

  it('refuses a schedule that waited on a departure in progress once the departure commits', async () => {
    const { government, office } = await districtOffice();
    const leaver = await registerPerson(sut, government.id);
    const ahead = await schedule(office, leaver, 'LEADER_ON_DUTY', day(185), day(186));
    // The departure stops at the lock on the shift it cancels, holding the leaver's row; the schedule, which found
    // the leaver still active, then waits on that row.
    const release = await holdLocks(`SELECT 1 FROM duty_shift WHERE id = $1 FOR UPDATE`, [ahead.id]);
    const departure = sut.request(LEAVE, { id: leaver.id });
    await waitingOnLocks(1);
    const scheduling = sut.request(SCHEDULE, {
      input: {
        organisationId: office.id,
        personId: leaver.id,
        role: 'LEADER_ON_DUTY',
        startsAt: day(187),
        endsAt: day(188),
      },
    });
    await waitingOnLocks(2);
    await release();

    expect((await departure).errors).toBeUndefined();
    expect((await scheduling).errors?.[0]?.extensions).toMatchObject({
      code: 'PERSON_LEFT',
      field: 'personId',
    });
    const shifts = await shiftsOf(leaver);
    expect([...shifts.values()].map((s) => [s.id, s.cancellationReason])).toEqual([
      [ahead.id, 'left their organisation'],
    ]);
  });

  it('cancels a shift whose schedule was in progress when the person left, once it commits', async () => {
    const { government, office } = await districtOffice();
    const leaver = await registerPerson(sut, government.id);
    // The schedule stops at the office's row, holding the leaver's; the departure then waits on the leaver's row.
    const release = await holdLocks(`SELECT 1 FROM organisation WHERE id = $1 FOR UPDATE`, [office.id]);
    const scheduling = sut.request<{ scheduleDutyShift: Shift }>(SCHEDULE, {
      input: {
        organisationId: office.id,
        personId: leaver.id,
        role: 'LEADER_ON_DUTY',
        startsAt: day(187),
        endsAt: day(188),
      },
    });
    await waitingOnLocks(1);
    const departure = sut.request(LEAVE, { id: leaver.id });
    await waitingOnLocks(2);
    await release();

    const scheduled = await scheduling;
    expect(scheduled.errors).toBeUndefined();
    expect((await departure).errors).toBeUndefined();
    const shift = (await shiftsOf(leaver)).get(scheduled.data!.scheduleDutyShift.id);
    expect(shift?.cancellationReason).toBe('left their organisation');
  });

  it('refuses a schedule that waited on a dissolution in progress once the dissolution commits', async () => {
    const { government, office } = await districtOffice();
    const leader = await registerPerson(sut, government.id);
    // The schedule, which found the office active, stops at the leader's row; the dissolution counts no shift.
    const release = await holdLocks(`SELECT 1 FROM person WHERE id = $1 FOR UPDATE`, [leader.id]);
    const scheduling = sut.request(SCHEDULE, {
      input: {
        organisationId: office.id,
        personId: leader.id,
        role: 'LEADER_ON_DUTY',
        startsAt: day(190),
        endsAt: day(191),
      },
    });
    await waitingOnLocks(1);
    await sut.call(DISSOLVE, { input: { id: office.id, reason: '机构改革' } });
    const before = await sut.count('duty_shift');
    await release();

    expect((await scheduling).errors?.[0]?.extensions).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'organisationId',
    });
    expect(await sut.count('duty_shift')).toBe(before);
  });
});

const shiftEvent = (shift: Shift, person: PersonRef) => ({
  shiftId: shift.id,
  organisationId: shift.organisation.id,
  personId: person.id,
  role: shift.role,
  startsAt: shift.startsAt,
  endsAt: shift.endsAt,
});

/** The DutyGapOpened a cancellation of the whole of `shift` publishes when nobody else covers it. */
const gapEvent = (shift: Shift) => ({
  organisationId: shift.organisation.id,
  role: shift.role,
  startsAt: shift.startsAt,
  endsAt: shift.endsAt,
  causedByShiftId: shift.id,
});
