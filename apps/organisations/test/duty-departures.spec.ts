import { Client } from 'pg';
import { DutyGapOpened, DutyShiftCancelled, PersonUpdated } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { day, dutySteps, gapEvent, shiftEvent, startDuty, underWay } from './duty.fixtures';
import { CANCEL, LIST, ON_DUTY, SCHEDULE, type Shift, type ShiftPage } from './duty.operations';
import { eventsOn, registerOrganisation, registerPerson, stopAll, unique, type PersonRef } from './fixtures';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { LEAVE } from './people.operations';

/** Duty when a person leaves their organisation or the organisation is dissolved, and their races with schedules. */
describe('duty when people leave and organisations dissolve', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startDuty()), 180_000);

  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));
  const { districtOffice, schedule } = dutySteps(() => sut);

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
      const error = await sut.failure(DISSOLVE_ORGANISATION, {
        input: { id: office.id, reason: '机构改革' },
      });
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
    const { dissolveOrganisation } = await sut.call<{ dissolveOrganisation: { status: string } }>(
      DISSOLVE_ORGANISATION,
      {
        input: { id: office.id, reason: '机构改革' },
      },
    );
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
    await sut.call(DISSOLVE_ORGANISATION, { input: { id: office.id, reason: '机构改革' } });
    const before = await sut.count('duty_shift');
    await release();

    expect((await scheduling).errors?.[0]?.extensions).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'organisationId',
    });
    expect(await sut.count('duty_shift')).toBe(before);
  });
});
