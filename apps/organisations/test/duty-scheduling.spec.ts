import { DutyGapOpened, DutyShiftCancelled, DutyShiftScheduled } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaClock, day, dutySteps, MINUTE, startDuty } from './duty.fixtures';
import { CANCEL, GET, LIST, ON_DUTY, ROSTER, SCHEDULE, type Shift, type ShiftPage } from './duty.operations';
import { eventsOn, registerOrganisation, registerPerson, stopAll, unique, type PersonRef } from './fixtures';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { LEAVE } from './people.operations';

/** Scheduling duty shifts, one or a roster at once, and cancelling them. */
describe('duty scheduling', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startDuty()), 180_000);

  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));
  const { districtOffice, schedule, refused } = dutySteps(() => sut);

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
    await sut.call(DISSOLVE_ORGANISATION, { input: { id: office.id, reason: '机构改革' } });
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
});
