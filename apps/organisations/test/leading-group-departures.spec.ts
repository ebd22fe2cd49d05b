import type { Identity } from '@emergency/auth';
import { LeadingGroupMemberRemoved } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  eventsOn,
  leaveOrganisation,
  registerOrganisation,
  registerPerson,
  startWithEvents,
  stopAll,
  unique,
  type PersonRef,
} from './fixtures';
import { leadingGroupSteps } from './leading-groups.fixtures';
import { APPOINT, PERSON_MEMBERSHIPS, REMOVE } from './leading-groups.operations';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { PERSON_STATUS, UPDATE_PERSON } from './people.operations';

/** Departures: recording a person as having left their organisation (updatePerson, status LEFT). */
describe('leading groups when a member leaves their organisation', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startWithEvents('421100')), 120_000);
  afterAll(() => stopAll(events, sut));

  const { of: eventsOf, published } = eventsOn(() => ({ sut, events }));
  const { county, establish, appoint, get, members, history, counts } = leadingGroupSteps(() => sut);
  const leave = (person: PersonRef, identity?: Identity) => leaveOrganisation(sut, person.id, identity);
  const statusOf = async (person: PersonRef) =>
    (await sut.call<{ person: { status: string } }>(PERSON_STATUS, { id: person.id })).person.status;
  /** Events about any of `keys` in the outbox, published or not: what a refusal must not have added to. */
  const outboxOf = async (keys: string[]) =>
    (
      (await sut.db.query(`SELECT count(*)::int AS n FROM outbox WHERE message_key = ANY($1)`, [keys]))
        .rows[0] as { n: number }
    ).n;
  /** Runs `fn` while the test's own connection holds the row locks `sql` takes, as a change under way would. */
  async function holding<T>(sql: string, params: unknown[], fn: () => Promise<T>): Promise<T> {
    await sut.db.query('BEGIN');
    try {
      await sut.db.query(sql, params);
      return await fn();
    } finally {
      await sut.db.query('ROLLBACK');
    }
  }
  /** Waits until a statement of the service waits for a lock the test's own connection holds. */
  const blockedByTest = () =>
    eventually(async () => {
      // Activity is read once per transaction unless the snapshot is dropped.
      await sut.db.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
      );
      expect(rows[0]).toEqual({ n: 1 });
    });

  it('ends every membership of someone who leaves their organisation as a removal, recorded and published per group, including groups outside the caller’s county', async () => {
    const c = await county();
    const city = await registerOrganisation(sut, { name: unique('黄冈市应急管理局'), regionCode: '421100' });
    const cityGroup = await establish(city, await registerPerson(sut, city.id, { post: '局长' }));
    const countyGroup = await establish(c.government, c.countyHead);
    const floodGroup = await establish(c.government, c.deputyHead, {
      kind: 'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
    });
    const asCityMember = await appoint(cityGroup, c.bureauHead, 'MEMBER');
    const asMember = await appoint(countyGroup, c.bureauHead, 'MEMBER');
    const asDeputy = await appoint(countyGroup, c.bureauHead, 'DEPUTY_LEADER');
    const asDirector = await appoint(floodGroup, c.bureauHead, 'OFFICE_DIRECTOR');
    await appoint(countyGroup, c.bureauDeputy, 'MEMBER');

    // The county's operator records it; the city's group lies outside their county and is left all the same.
    const tuanfengOperator = identities.operator('421121');
    const response = await leave(c.bureauHead, tuanfengOperator);
    expect(response.errors).toBeUndefined();
    expect(response.data!.updatePerson.status).toBe('LEFT');

    const ended = [
      [cityGroup, asCityMember, city.id],
      [countyGroup, asDeputy, c.government.id],
      [floodGroup, asDirector, c.government.id],
    ] as const;
    let endedAt: string | undefined;
    for (const [group, membership, organisationId] of ended) {
      const all = (await members(group.id, { includeEnded: true })).edges.map((e) => e.node);
      const own = all.find((m) => m.id === membership.id)!;
      expect(own).toMatchObject({ endReason: 'left their organisation', endedAt: expect.any(String) });
      // One departure, one instant.
      endedAt ??= own.endedAt!;
      expect(own.endedAt).toBe(endedAt);
      expect((await members(group.id)).edges.map((e) => e.node.person.id)).not.toContain(c.bureauHead.id);
      expect((await history(group.id, { first: 1 })).edges[0]!.node).toEqual({
        kind: 'MEMBER_REMOVED',
        at: endedAt,
        person: { id: c.bureauHead.id },
        role: membership.role,
        post: membership.post,
        previousRole: null,
        replacedPerson: null,
        actorSubject: 'test-operator',
        note: 'left their organisation',
      });
      const [event] = await published(group.id, LeadingGroupMemberRemoved.type, 1);
      expect(event!.value).toEqual({
        leadingGroupId: group.id,
        organisationId,
        membershipId: membership.id,
        personId: c.bureauHead.id,
        role: membership.role,
        reason: 'left their organisation',
        endedAt,
      });
    }
    // A term that had already ended keeps its own end; the others stay in the groups.
    const countyTerms = (await members(countyGroup.id, { includeEnded: true })).edges.map((e) => e.node);
    expect(countyTerms.find((m) => m.id === asMember.id)).toMatchObject({
      endedAt: asDeputy.appointedAt,
      endReason: 'appointed DEPUTY_LEADER',
    });
    expect((await members(countyGroup.id)).edges.map((e) => [e.node.person.id, e.node.role])).toEqual([
      [c.countyHead.id, 'LEADER'],
      [c.bureauDeputy.id, 'MEMBER'],
    ]);
    expect((await get(floodGroup.id))!.officeDirector).toBeNull();
    const { person } = await sut.call<{ person: { leadingGroupMemberships: unknown[] } }>(
      PERSON_MEMBERSHIPS,
      {
        id: c.bureauHead.id,
      },
    );
    expect(person.leadingGroupMemberships).toEqual([]);
  });

  it('refuses the departure of a group’s leader with LEADER_REQUIRED on status, naming the groups they lead, writing nothing, until a successor is appointed', async () => {
    const c = await county();
    const general = await establish(c.government, c.countyHead);
    const flood = await establish(c.government, c.countyHead, { kind: 'FLOOD_CONTROL_AND_DROUGHT_RELIEF' });
    const fire = await establish(c.government, c.deputyHead, { kind: 'FOREST_FIRE_PREVENTION' });
    const asMember = await appoint(fire, c.countyHead, 'MEMBER');
    const led = [general, flood].sort((a, b) => (a.id < b.id ? -1 : 1));
    const keys = [c.countyHead.id, general.id, flood.id, fire.id];
    const before = [await counts(), await sut.count('person'), await outboxOf(keys)];

    const error = await sut.failure(UPDATE_PERSON, { input: { id: c.countyHead.id, status: 'LEFT' } });
    expect(error).toMatchObject({
      code: 'LEADER_REQUIRED',
      field: 'status',
      leadingGroupIds: led.map((g) => g.id),
      leadingGroupNames: led.map((g) => g.name),
    });
    expect(error.message).toContain('appoint a successor as LEADER first');
    expect(error.message).toContain(general.name);
    expect([await counts(), await sut.count('person'), await outboxOf(keys)]).toEqual(before);
    expect(await statusOf(c.countyHead)).toBe('ACTIVE');
    // Their membership where they do not lead was not ended either.
    expect((await members(fire.id)).edges.map((e) => e.node.id)).toContain(asMember.id);

    // Succeeded in both groups they led, they may leave: the membership they still hold ends.
    await appoint(general, c.deputyHead, 'LEADER');
    await appoint(flood, c.deputyHead, 'LEADER');
    expect((await leave(c.countyHead)).errors).toBeUndefined();
    expect(await statusOf(c.countyHead)).toBe('LEFT');
    const [event] = await published(fire.id, LeadingGroupMemberRemoved.type, 1);
    expect(event!.value).toMatchObject({ membershipId: asMember.id, reason: 'left their organisation' });
    expect(eventsOf(general.id, LeadingGroupMemberRemoved.type)).toEqual([]);
  });

  it('does not keep an organisation from being dissolved, and keeps its groups as they were when their members leave', async () => {
    const c = await county();
    const office = await registerOrganisation(sut, { regionCode: '421121' });
    const frozen = await establish(office, c.deputyHead);
    const member = await appoint(frozen, c.bureauHead, 'MEMBER');
    // Groups do not count as uses of their organisation.
    await sut.call(DISSOLVE_ORGANISATION, { input: { id: office.id, reason: '机构改革' } });
    const live = await establish(c.government, c.countyHead);
    const stillMember = await appoint(live, c.deputyHead, 'MEMBER');

    // The frozen group's leader may leave: no successor could be appointed there.
    expect((await leave(c.deputyHead)).errors).toBeUndefined();
    expect((await leave(c.bureauHead)).errors).toBeUndefined();
    await published(live.id, LeadingGroupMemberRemoved.type, 1);
    expect((await members(live.id, { includeEnded: true })).edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ id: stillMember.id, endReason: 'left their organisation' }),
    );
    expect((await members(frozen.id)).edges.map((e) => [e.node.person.id, e.node.endedAt])).toEqual([
      [c.deputyHead.id, null],
      [member.person.id, null],
    ]);
    expect((await history(frozen.id, { first: 1 })).edges[0]!.node.kind).toBe('MEMBER_APPOINTED');
    expect(eventsOf(frozen.id, LeadingGroupMemberRemoved.type)).toEqual([]);
  });

  it('lets no one who left keep or start a membership, and never deadlocks, when departures race appointments and removals', async () => {
    const c = await county();
    for (let round = 0; round < 3; round++) {
      const group = await establish(
        c.government,
        await registerPerson(sut, c.government.id, { post: '县长' }),
      );
      const people = await Promise.all(
        Array.from({ length: 8 }, () => registerPerson(sut, c.bureau.id, { post: '科长' })),
      );
      const [joining, removed, director, member, ...rest] = people as [PersonRef, ...PersonRef[]];
      await appoint(group, removed!, 'MEMBER');
      await appoint(group, director!, 'OFFICE_DIRECTOR');
      await appoint(group, member!, 'MEMBER');
      const newLeader = rest[0]!;
      const newDirector = rest[1]!;
      const operation = (query: string, input: Record<string, unknown>) => sut.request(query, { input });
      const results = await Promise.all([
        leave(joining),
        operation(APPOINT, { groupId: group.id, personId: joining.id, role: 'DEPUTY_LEADER' }),
        leave(removed!),
        operation(REMOVE, { groupId: group.id, personId: removed!.id, reason: '调离' }),
        leave(director!),
        operation(APPOINT, { groupId: group.id, personId: newDirector.id, role: 'OFFICE_DIRECTOR' }),
        leave(member!),
        operation(APPOINT, { groupId: group.id, personId: member!.id, role: 'DEPUTY_LEADER' }),
        operation(APPOINT, { groupId: group.id, personId: newLeader.id, role: 'LEADER' }),
        leave(newLeader),
      ]);
      for (const refused of results.filter((r) => r.errors)) {
        expect(['PERSON_LEFT', 'NOT_A_MEMBER', 'LEADER_REQUIRED', 'CONFLICT']).toContain(
          refused.errors![0]!.extensions?.code,
        );
      }
      const { rows } = await sut.db.query(
        `SELECT
           (SELECT count(*)::int FROM leading_group_membership m JOIN person p ON p.id = m.person_id
            WHERE m.group_id = $1 AND m.ended_at IS NULL AND p.status = 'LEFT') AS "leftButCurrent",
           (SELECT count(*)::int FROM leading_group_membership
            WHERE group_id = $1 AND ended_at IS NULL AND role = 'LEADER') AS leaders`,
        [group.id],
      );
      expect(rows[0]).toEqual({ leftButCurrent: 0, leaders: 1 });
    }
  });

  it('takes a person’s row before their group’s, so a removal queues behind their departure instead of deadlocking with it', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    await appoint(group, c.townshipHead, 'MEMBER');
    // What a departure holds, then takes: the person's row, then each of their groups.
    const { removal } = await holding(
      'SELECT id FROM person WHERE id = $1 FOR UPDATE',
      [c.townshipHead.id],
      async () => {
        const removal = sut.request(REMOVE, {
          input: { groupId: group.id, personId: c.townshipHead.id, reason: '调离' },
        });
        await blockedByTest();
        // Free: the waiting removal holds no group lock.
        await sut.db.query('SELECT id FROM leading_group WHERE id = $1 FOR UPDATE NOWAIT', [group.id]);
        return { removal };
      },
    );
    expect((await removal).errors).toBeUndefined();
  });

  it('refuses as CONFLICT an appointment replacing a leader whose record is being changed at that moment, writing nothing', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const input = { groupId: group.id, personId: c.deputyHead.id, role: 'LEADER' };
    const before = await counts();
    const error = await holding('SELECT id FROM person WHERE id = $1 FOR UPDATE', [c.countyHead.id], () =>
      sut.failure(APPOINT, { input }),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'role' });
    expect(await counts()).toEqual(before);
    // Retried once the change is over, it goes through.
    expect((await appoint(group, c.deputyHead, 'LEADER')).group.leader.person.id).toBe(c.deputyHead.id);
  });

  it('refuses as PERSON_LEFT an appointment of someone whose departure commits while it waits, writing nothing', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const before = await counts();
    // A departure under way: the person's row locked and their status changed, not yet committed.
    await sut.db.query('BEGIN');
    await sut.db.query('SELECT id FROM person WHERE id = $1 FOR UPDATE', [c.townshipHead.id]);
    await sut.db.query(`UPDATE person SET status = 'LEFT' WHERE id = $1`, [c.townshipHead.id]);
    const appointing = sut.request(APPOINT, {
      input: { groupId: group.id, personId: c.townshipHead.id, role: 'MEMBER' },
    });
    try {
      await blockedByTest();
    } finally {
      await sut.db.query('COMMIT');
    }
    const { errors } = await appointing;
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'PERSON_LEFT', field: 'personId' });
    expect(await counts()).toEqual(before);
  });
});
