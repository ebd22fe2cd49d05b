import type { Identity } from '@emergency/auth';
import { LeadingGroupMemberAppointed, LeadingGroupMemberRemoved } from '@emergency/contracts';
import { identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { eventsOn, registerOrganisation, registerPerson, startWithEvents, stopAll, unique } from './fixtures';
import { leadingGroupSteps, MISSING } from './leading-groups.fixtures';
import {
  APPOINT,
  HISTORY,
  MEMBERS,
  PERSON_MEMBERSHIPS,
  REMOVE,
  type Membership,
} from './leading-groups.operations';

/** The members of emergency leading groups: appointments, replacements and removals, and their races. */
describe('leading group members', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startWithEvents('421100')), 120_000);
  afterAll(() => stopAll(events, sut));

  const { published } = eventsOn(() => ({ sut, events }));
  const { county, establish, appoint, get, members, history, counts } = leadingGroupSteps(() => sut);

  it('appoints deputies, an office director and members from organisations within the group’s region', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    await appoint(group, c.deputyHead, 'DEPUTY_LEADER');
    await appoint(group, c.bureauHead, 'DEPUTY_LEADER', { post: '县应急管理局党委书记、局长' });
    const director = await appoint(group, c.bureauDeputy, 'OFFICE_DIRECTOR', { note: '兼任办公室主任' });
    // A township government lies within the county: its head may sit in the county's group.
    const member = await appoint(group, c.townshipHead, 'MEMBER');

    expect(member.group).toMatchObject({
      leader: { person: { id: c.countyHead.id } },
      deputyLeaders: [
        { person: { id: c.deputyHead.id }, post: '副县长' },
        { person: { id: c.bureauHead.id }, post: '县应急管理局党委书记、局长' },
      ],
      officeDirector: { id: director.id, person: { id: c.bureauDeputy.id }, post: '县应急管理局副局长' },
    });
    expect((await members(group.id)).edges.map((e) => [e.node.person.id, e.node.role])).toEqual([
      [c.countyHead.id, 'LEADER'],
      [c.deputyHead.id, 'DEPUTY_LEADER'],
      [c.bureauHead.id, 'DEPUTY_LEADER'],
      [c.bureauDeputy.id, 'OFFICE_DIRECTOR'],
      [c.townshipHead.id, 'MEMBER'],
    ]);
    const appointed = await published(group.id, LeadingGroupMemberAppointed.type, 4);
    expect(appointed[2]!.value).toEqual({
      leadingGroupId: group.id,
      organisationId: c.government.id,
      membershipId: director.id,
      personId: c.bureauDeputy.id,
      role: 'OFFICE_DIRECTOR',
      post: '县应急管理局副局长',
      previousRole: null,
      replacedPersonId: null,
      appointedAt: director.appointedAt,
    });
    expect((await history(group.id, { first: 1 })).edges[0]!.node).toMatchObject({
      kind: 'MEMBER_APPOINTED',
      person: { id: c.townshipHead.id },
      role: 'MEMBER',
    });
  });

  it('replaces the leader, ending the previous leader’s term and recording both in the history', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const successor = await registerPerson(sut, c.government.id, { name: unique('新县长'), post: '县长' });
    const appointed = await appoint(group, successor, 'LEADER', { note: '人事调整' });

    expect(appointed.group.leader).toMatchObject({ id: appointed.id, person: { id: successor.id } });
    const all = (await members(group.id, { includeEnded: true })).edges.map((e) => e.node);
    expect(all).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ id: c.countyHead.id }),
        endedAt: appointed.appointedAt,
      }),
      expect.objectContaining({ person: expect.objectContaining({ id: successor.id }), endedAt: null }),
    ]);
    expect(all[0]!.endReason).toContain(successor.name);
    // Only the current leader is a current member.
    expect((await members(group.id)).edges.map((e) => e.node.person.id)).toEqual([successor.id]);
    expect((await history(group.id)).edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        kind: 'LEADER_REPLACED',
        at: appointed.appointedAt,
        person: { id: successor.id },
        role: 'LEADER',
        previousRole: null,
        replacedPerson: { id: c.countyHead.id },
        note: '人事调整',
      }),
      expect.objectContaining({ kind: 'ESTABLISHED', person: { id: c.countyHead.id } }),
    ]);
    const [event] = await published(group.id, LeadingGroupMemberAppointed.type, 1);
    expect(event!.value).toMatchObject({
      role: 'LEADER',
      replacedPersonId: c.countyHead.id,
      previousRole: null,
    });
  });

  it('promotes a deputy to leader: their deputy term and the previous leader’s both end', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    await appoint(group, c.deputyHead, 'DEPUTY_LEADER');
    const promoted = await appoint(group, c.deputyHead, 'LEADER');
    expect(promoted.group).toMatchObject({ leader: { person: { id: c.deputyHead.id } }, deputyLeaders: [] });
    expect((await history(group.id, { first: 1 })).edges[0]!.node).toMatchObject({
      kind: 'LEADER_REPLACED',
      previousRole: 'DEPUTY_LEADER',
      replacedPerson: { id: c.countyHead.id },
    });
    const appointed = await published(group.id, LeadingGroupMemberAppointed.type, 2);
    expect(appointed[1]!.value).toMatchObject({
      personId: c.deputyHead.id,
      role: 'LEADER',
      previousRole: 'DEPUTY_LEADER',
      replacedPersonId: c.countyHead.id,
    });
  });

  it('keeps one office director: a new one ends the previous director’s membership', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const first = await appoint(group, c.bureauDeputy, 'OFFICE_DIRECTOR');
    const second = await appoint(group, c.bureauHead, 'OFFICE_DIRECTOR');
    expect(second.group.officeDirector).toMatchObject({ id: second.id, person: { id: c.bureauHead.id } });
    const ended = (await members(group.id, { includeEnded: true, role: 'OFFICE_DIRECTOR' })).edges.map(
      (e) => e.node,
    );
    expect(ended).toEqual([
      expect.objectContaining({ id: first.id, endedAt: second.appointedAt }),
      expect.objectContaining({ id: second.id, endedAt: null }),
    ]);
    // The previous director left the group altogether.
    expect((await members(group.id)).edges.map((e) => e.node.person.id)).toEqual([
      c.countyHead.id,
      c.bureauHead.id,
    ]);
    const appointed = await published(group.id, LeadingGroupMemberAppointed.type, 2);
    expect(appointed[1]!.value).toMatchObject({ replacedPersonId: c.bureauDeputy.id, previousRole: null });
    expect((await history(group.id, { first: 1 })).edges[0]!.node).toMatchObject({
      kind: 'MEMBER_APPOINTED',
      replacedPerson: { id: c.bureauDeputy.id },
    });
  });

  it('gives a member another role by ending their membership and starting a new one', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const asMember = await appoint(group, c.bureauHead, 'MEMBER');
    const asDeputy = await appoint(group, c.bureauHead, 'DEPUTY_LEADER');
    expect(asDeputy.id).not.toBe(asMember.id);
    const all = (await members(group.id, { includeEnded: true })).edges.map((e) => e.node);
    expect(all.filter((m) => m.person.id === c.bureauHead.id)).toEqual([
      expect.objectContaining({ id: asDeputy.id, role: 'DEPUTY_LEADER', endedAt: null }),
      expect.objectContaining({
        id: asMember.id,
        role: 'MEMBER',
        endedAt: asDeputy.appointedAt,
        endReason: 'appointed DEPUTY_LEADER',
      }),
    ]);
    expect((await history(group.id, { first: 1 })).edges[0]!.node).toMatchObject({
      kind: 'ROLE_CHANGED',
      role: 'DEPUTY_LEADER',
      previousRole: 'MEMBER',
      replacedPerson: null,
    });
    const appointed = await published(group.id, LeadingGroupMemberAppointed.type, 2);
    expect(appointed[1]!.value).toMatchObject({
      membershipId: asDeputy.id,
      previousRole: 'MEMBER',
      replacedPersonId: null,
    });
  });

  it('removes a member with a reason and publishes LeadingGroupMemberRemoved', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const membership = await appoint(group, c.townshipHead, 'MEMBER');
    const { removeLeadingGroupMember: removed } = await sut.call<{ removeLeadingGroupMember: Membership }>(
      REMOVE,
      { input: { groupId: group.id, personId: c.townshipHead.id, reason: '工作调动' } },
    );
    expect(removed).toMatchObject({ id: membership.id, endReason: '工作调动' });
    expect(removed.endedAt).not.toBeNull();
    expect((await members(group.id)).edges.map((e) => e.node.person.id)).toEqual([c.countyHead.id]);
    expect((await history(group.id, { first: 1 })).edges[0]!.node).toMatchObject({
      kind: 'MEMBER_REMOVED',
      person: { id: c.townshipHead.id },
      role: 'MEMBER',
      note: '工作调动',
    });
    const [event] = await published(group.id, LeadingGroupMemberRemoved.type, 1);
    expect(event!.value).toEqual({
      leadingGroupId: group.id,
      organisationId: c.government.id,
      membershipId: membership.id,
      personId: c.townshipHead.id,
      role: 'MEMBER',
      reason: '工作调动',
      endedAt: removed.endedAt,
    });
  });

  it.each([
    ['removing the leader', 'remove-leader', 'LEADER_REQUIRED', 'personId'],
    ['moving the leader to another role', 'demote-leader', 'LEADER_REQUIRED', 'role'],
    ['appointing someone to the role they hold', 'same-role', 'ALREADY_IN_ROLE', 'role'],
    ['removing someone who is not a member', 'remove-stranger', 'NOT_A_MEMBER', 'personId'],
    ['appointing someone from another county', 'outsider', 'MEMBER_OUTSIDE_REGION', 'personId'],
    ['appointing someone who does not exist', 'missing-person', 'NOT_FOUND', 'personId'],
    ['a group that does not exist', 'missing-group', 'NOT_FOUND', 'groupId'],
    ['a removal without a reason', 'no-reason', 'BAD_USER_INPUT', 'reason'],
  ])('refuses %s, writing nothing', async (_label, refusal, code, field) => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    await appoint(group, c.deputyHead, 'DEPUTY_LEADER');
    const appointing = (personId: string, role: string, groupId = group.id) => ({
      query: APPOINT,
      input: { groupId, personId, role },
    });
    const removing = (personId: string, reason = '工作调动') => ({
      query: REMOVE,
      input: { groupId: group.id, personId, reason },
    });
    const operation = {
      'remove-leader': removing(c.countyHead.id),
      'demote-leader': appointing(c.countyHead.id, 'MEMBER'),
      'same-role': appointing(c.deputyHead.id, 'DEPUTY_LEADER'),
      'remove-stranger': removing(c.bureauHead.id),
      outsider: appointing(c.outsider.id, 'MEMBER'),
      'missing-person': appointing(MISSING, 'MEMBER'),
      'missing-group': appointing(c.bureauHead.id, 'MEMBER', MISSING),
      'no-reason': removing(c.deputyHead.id, ' '),
    }[refusal]!;
    const before = await counts();
    const error = await sut.failure(operation.query, { input: operation.input });
    expect(error).toMatchObject({ code, field });
    expect(await counts()).toEqual(before);
    expect((await get(group.id))!.leader.person.id).toBe(c.countyHead.id);
  });

  it.each([
    ['members', MEMBERS, { includeEnded: true }, ['9', 'yesterday', MISSING]],
    ['history', HISTORY, {}, ['x']],
  ])('refuses a %s cursor it did not hand out', async (_label, query, variables, key) => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const after = Buffer.from(JSON.stringify(key)).toString('base64url');
    expect(await sut.failure(query, { id: group.id, ...variables, after })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });

  it('lists a person’s current memberships in the groups the caller sees', async () => {
    const c = await county();
    const city = await registerOrganisation(sut, { name: unique('黄冈市应急管理局'), regionCode: '421100' });
    const cityHead = await registerPerson(sut, city.id, { post: '市应急管理局局长' });
    const cityGroup = await establish(city, cityHead, { kind: 'FOREST_FIRE_PREVENTION' });
    const countyGroup = await establish(c.government, c.countyHead);
    // The Tuanfeng bureau head sits in the city's group and the county's.
    await appoint(cityGroup, c.bureauHead, 'MEMBER');
    await appoint(countyGroup, c.bureauHead, 'MEMBER');
    await appoint(countyGroup, c.bureauHead, 'OFFICE_DIRECTOR');
    const memberships = async (identity?: Identity) =>
      (
        await sut.call<{ person: { leadingGroupMemberships: { role: string; group: { id: string } }[] } }>(
          PERSON_MEMBERSHIPS,
          { id: c.bureauHead.id },
          identity,
        )
      ).person.leadingGroupMemberships;
    expect(await memberships()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'MEMBER', group: expect.objectContaining({ id: cityGroup.id }) }),
        expect.objectContaining({
          role: 'OFFICE_DIRECTOR',
          group: expect.objectContaining({ id: countyGroup.id }),
        }),
      ]),
    );
    expect(await memberships()).toHaveLength(2);
    // A county operator does not see the city's group.
    expect(await memberships(identities.operator('421121'))).toEqual([
      expect.objectContaining({
        role: 'OFFICE_DIRECTOR',
        group: expect.objectContaining({ id: countyGroup.id }),
      }),
    ]);
  });

  it('keeps one leader when appointments race, each replacing the one before it in the history', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const candidates = await Promise.all(
      Array.from({ length: 6 }, () => registerPerson(sut, c.government.id, { post: '县长' })),
    );
    const results = await Promise.all(
      candidates.map((p) =>
        sut.request(APPOINT, { input: { groupId: group.id, personId: p.id, role: 'LEADER' } }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const { rows } = await sut.db.query(
      `SELECT count(*)::int AS n FROM leading_group_membership
       WHERE group_id = $1 AND role = 'LEADER' AND ended_at IS NULL`,
      [group.id],
    );
    expect(rows[0]).toEqual({ n: 1 });
    // Oldest first: each new leader replaced exactly the leader before them.
    const log = (await history(group.id, { first: 10 })).edges.map((e) => e.node).reverse();
    let leader = c.countyHead.id;
    for (const change of log.slice(1)) {
      expect(change).toMatchObject({ kind: 'LEADER_REPLACED', replacedPerson: { id: leader } });
      leader = change.person!.id;
    }
    expect((await get(group.id))!.leader.person.id).toBe(leader);
  });

  it('keeps one office director and one role per person when appointments race', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const directors = [c.bureauHead, c.bureauDeputy, c.townshipHead];
    const roles = ['MEMBER', 'DEPUTY_LEADER', 'OFFICE_DIRECTOR', 'MEMBER'];
    const results = await Promise.all([
      ...directors.map((p) =>
        sut.request(APPOINT, { input: { groupId: group.id, personId: p.id, role: 'OFFICE_DIRECTOR' } }),
      ),
      ...roles.map((role) =>
        sut.request(APPOINT, { input: { groupId: group.id, personId: c.deputyHead.id, role } }),
      ),
    ]);
    // Only a repeated role can be refused, and only as the domain error.
    for (const refused of results.filter((r) => r.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'ALREADY_IN_ROLE', field: 'role' });
    }
    const { rows } = await sut.db.query(
      `SELECT person_id, role FROM leading_group_membership WHERE group_id = $1 AND ended_at IS NULL`,
      [group.id],
    );
    const current = rows as { person_id: string; role: string }[];
    expect(current.filter((m) => m.role === 'OFFICE_DIRECTOR').length).toBeLessThanOrEqual(1);
    expect(current.filter((m) => m.role === 'LEADER')).toEqual([
      { person_id: c.countyHead.id, role: 'LEADER' },
    ]);
    // At most one: none when their appointment as office director came last but for another director's.
    expect(current.filter((m) => m.person_id === c.deputyHead.id).length).toBeLessThanOrEqual(1);
  });

  it('enforces one current leader, office director and role per person in the database itself', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    await appoint(group, c.bureauHead, 'OFFICE_DIRECTOR');
    const insert = (personId: string, role: string) =>
      sut.db.query(
        `INSERT INTO leading_group_membership (id, group_id, person_id, role, appointed_at)
         VALUES (gen_random_uuid(), $1, $2, $3, now())`,
        [group.id, personId, role],
      );
    await expect(insert(c.deputyHead.id, 'LEADER')).rejects.toMatchObject({
      constraint: 'leading_group_membership_one_leader',
    });
    await expect(insert(c.deputyHead.id, 'OFFICE_DIRECTOR')).rejects.toMatchObject({
      constraint: 'leading_group_membership_one_office_director',
    });
    await expect(insert(c.countyHead.id, 'MEMBER')).rejects.toMatchObject({
      constraint: 'leading_group_membership_one_per_person',
    });
    // The change log is append-only.
    await expect(
      sut.db.query(`UPDATE leading_group_change SET note = 'x' WHERE group_id = $1`, [group.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sut.db.query(`DELETE FROM leading_group_change WHERE group_id = $1`, [group.id]),
    ).rejects.toThrow(/append-only/);
  });
});
