import { DutyGapOpened } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { day, DAY, dutySteps, MINUTE, rosterShift, startDuty } from './duty.fixtures';
import {
  CANCEL,
  COVERAGE,
  ENTITIES,
  GET,
  LIST,
  ON_DUTY,
  ON_DUTY_AND_COVERAGE,
  ORGANISATION_DUTY,
  ROSTER,
  SCHEDULE,
  type Gap,
  type Shift,
  type ShiftPage,
} from './duty.operations';
import {
  eventsOn,
  reading,
  registerOrganisation,
  registerPerson,
  statementsDuring,
  stopAll,
  unique,
} from './fixtures';

/** 24-hour duty shifts, against the real PostgreSQL and broker, called as the gateway would: who is on duty, and reading the roster. */
describe('duty', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startDuty()), 180_000);

  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));
  const { districtOffice, schedule, refused } = dutySteps(() => sut);

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
      ON_DUTY_AND_COVERAGE,
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
    }>(ORGANISATION_DUTY, { id: office.id, at: day(100, 12), from: day(101), to: day(102) });
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
    const representations = shifts.map((s) => ({ __typename: 'DutyShift', id: s.id }));
    let result!: { _entities: ({ id: string } | null)[] };
    const statements = await statementsDuring(async () => {
      result = await sut.call(ENTITIES, { representations }, identities.operator('420902'));
    });
    expect(statements.filter(reading('duty_shift'))).toHaveLength(1);
    expect(result._entities.map((e) => e?.id ?? null)).toEqual([
      ...shifts.slice(0, 3).map((s) => s.id),
      null,
      null,
      null,
    ]);
  });
});
