import { LeadingGroupEstablished, LeadingGroupUpdated } from '@emergency/contracts';
import { identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  eventsOn,
  reading,
  registerOrganisation,
  registerPerson,
  startWithEvents,
  statementsDuring,
  stopAll,
  unique,
} from './fixtures';
import { leadingGroupSteps, MISSING } from './leading-groups.fixtures';
import {
  APPOINT,
  ENTITIES,
  ESTABLISH,
  GOVERNMENT_GROUP_LEADERS,
  GROUPS_OF_ORGANISATIONS,
  LIST,
  REMOVE,
  UPDATE,
  type Connection,
  type Group,
} from './leading-groups.operations';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { UPDATE_PERSON } from './people.operations';

/** Emergency leading groups themselves, against the real PostgreSQL and broker: establishing, finding, renaming. */
describe('leading groups', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => ({ sut, events } = await startWithEvents('421100')), 120_000);
  afterAll(() => stopAll(events, sut));

  const { published } = eventsOn(() => ({ sut, events }));
  const { county, establish, appoint, get, members, history, counts } = leadingGroupSteps(() => sut);

  it('answers who leads the emergency leading group of Huanggang city', async () => {
    // The file's only GOVERNMENT at the prefecture's own code, so the first in region code order.
    const city = await registerOrganisation(sut, {
      name: '黄冈市人民政府',
      type: 'GOVERNMENT',
      regionCode: '421100',
    });
    const bureau = await registerOrganisation(sut, { name: '黄冈市应急管理局', regionCode: '421100' });
    const mayor = await registerPerson(sut, city.id, { name: '李强', post: '市长' });
    const bureauHead = await registerPerson(sut, bureau.id, { name: '王芳', post: '市应急管理局局长' });
    const group = await establish(city, mayor, {
      name: '黄冈市应急管理领导小组',
      purpose: '统一领导、指挥和协调全市突发事件应对工作',
    });
    await appoint(group, bureauHead, 'OFFICE_DIRECTOR');

    const { organisations } = await sut.call<{
      organisations: Connection<{
        leadingGroups: Connection<{ name: string; leader: { person: { name: string }; post: string } }>;
      }>;
    }>(GOVERNMENT_GROUP_LEADERS);
    expect(organisations.edges[0]!.node.leadingGroups.edges).toEqual([
      { node: { name: '黄冈市应急管理领导小组', leader: { person: { name: '李强' }, post: '市长' } } },
    ]);
  });

  it('establishes a group with its leader, holding the role by their post, and publishes LeadingGroupEstablished', async () => {
    const c = await county();
    const name = unique('团风县防汛抗旱指挥部');
    const group = await establish(c.government, c.countyHead, {
      name,
      kind: 'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
      purpose: '  负责全县防汛抗旱工作  ',
      note: '团政办发〔2024〕12号',
    });
    expect(group).toMatchObject({
      name,
      kind: 'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
      purpose: '负责全县防汛抗旱工作',
      organisation: { id: c.government.id },
      leader: {
        person: { id: c.countyHead.id },
        role: 'LEADER',
        post: '县长',
        appointedAt: group.establishedAt,
        endedAt: null,
      },
      deputyLeaders: [],
      officeDirector: null,
    });
    const [event] = await published(group.id, LeadingGroupEstablished.type, 1);
    expect(event!.value).toEqual({
      leadingGroupId: group.id,
      organisationId: c.government.id,
      name,
      kind: 'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
      purpose: '负责全县防汛抗旱工作',
      leaderMembershipId: group.leader.id,
      leaderPersonId: c.countyHead.id,
      leaderPost: '县长',
      establishedAt: group.establishedAt,
    });
    expect((await history(group.id)).edges.map((e) => e.node)).toEqual([
      {
        kind: 'ESTABLISHED',
        at: group.establishedAt,
        person: { id: c.countyHead.id },
        role: 'LEADER',
        post: '县长',
        previousRole: null,
        replacedPerson: null,
        actorSubject: 'test-admin',
        note: '团政办发〔2024〕12号',
      },
    ]);
  });

  it('renames a group and clears its purpose, publishing LeadingGroupUpdated and recording DETAILS_CHANGED', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead, { purpose: '旧职责' });
    const name = unique('团风县突发事件应急委员会');
    const { updateLeadingGroup: updated } = await sut.call<{ updateLeadingGroup: Group }>(UPDATE, {
      input: { id: group.id, name, purpose: null },
    });
    expect(updated).toMatchObject({ name, purpose: null, leader: { person: { id: c.countyHead.id } } });
    // Nothing changed: nothing published, nothing recorded.
    await sut.call(UPDATE, { input: { id: group.id, name } });
    const [event] = await published(group.id, LeadingGroupUpdated.type, 1);
    expect(event!.value).toEqual({
      leadingGroupId: group.id,
      organisationId: c.government.id,
      name,
      kind: 'GENERAL_EMERGENCY',
      purpose: null,
      changes: ['name', 'purpose'],
    });
    expect((await history(group.id)).edges.map((e) => e.node.kind)).toEqual([
      'DETAILS_CHANGED',
      'ESTABLISHED',
    ]);
    expect((await history(group.id)).edges[0]!.node).toMatchObject({
      person: null,
      note: 'changed name, purpose',
    });
  });

  it.each([
    ['a blank name', { name: '  ' }, 'BAD_USER_INPUT', 'name'],
    ['an organisation that does not exist', { organisationId: MISSING }, 'NOT_FOUND', 'organisationId'],
    ['a leader who does not exist', { leader: { personId: MISSING } }, 'NOT_FOUND', 'leader.personId'],
    ['a leader from another county', 'outsider', 'MEMBER_OUTSIDE_REGION', 'leader.personId'],
    ['a leader who has left', 'left', 'PERSON_LEFT', 'leader.personId'],
    ['a name the organisation already uses', 'duplicate', 'LEADING_GROUP_NAME_TAKEN', 'name'],
    ['a dissolved organisation', 'dissolved', 'ORGANISATION_DISSOLVED', 'organisationId'],
  ])('refuses to establish a group with %s, writing nothing', async (_label, change, code, field) => {
    const c = await county();
    let input: Record<string, unknown> = {
      organisationId: c.government.id,
      name: unique('应急管理领导小组'),
      kind: 'GENERAL_EMERGENCY',
      leader: { personId: c.countyHead.id },
    };
    if (change === 'outsider') input.leader = { personId: c.outsider.id };
    else if (change === 'left') {
      const left = await registerPerson(sut, c.government.id);
      await sut.call(UPDATE_PERSON, { input: { id: left.id, status: 'LEFT' } });
      input.leader = { personId: left.id };
    } else if (change === 'duplicate') {
      const existing = await establish(c.government, c.deputyHead);
      input.name = existing.name;
    } else if (change === 'dissolved') {
      const dissolved = await registerOrganisation(sut, { type: 'GOVERNMENT', regionCode: '421121' });
      await sut.call(DISSOLVE_ORGANISATION, { input: { id: dissolved.id, reason: '撤并' } });
      input.organisationId = dissolved.id;
    } else input = { ...input, ...(change as Record<string, unknown>) };
    const before = await counts();
    const error = await sut.failure(ESTABLISH, { input });
    expect(error).toMatchObject({ code, field });
    expect(await counts()).toEqual(before);
  });

  it('refuses changes to the groups of a dissolved organisation', async () => {
    const c = await county();
    const office = await registerOrganisation(sut, { regionCode: '421121' });
    // Led from the county government: an organisation is dissolved once its own staff have left.
    const group = await establish(office, c.deputyHead);
    await sut.call(DISSOLVE_ORGANISATION, { input: { id: office.id, reason: '机构改革' } });
    const before = await counts();
    expect(
      await sut.failure(APPOINT, { input: { groupId: group.id, personId: c.bureauHead.id, role: 'MEMBER' } }),
    ).toMatchObject({ code: 'ORGANISATION_DISSOLVED', field: 'groupId' });
    expect(await sut.failure(UPDATE, { input: { id: group.id, name: unique('改名') } })).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'id',
    });
    expect(await counts()).toEqual(before);
    // The group is kept as it was.
    expect((await get(group.id))!.leader.person.id).toBe(c.deputyHead.id);
  });

  it('refuses a name another group of the organisation has when renaming', async () => {
    const c = await county();
    const first = await establish(c.government, c.countyHead);
    const second = await establish(c.government, c.deputyHead);
    const before = await counts();
    expect(await sut.failure(UPDATE, { input: { id: second.id, name: first.name } })).toMatchObject({
      code: 'LEADING_GROUP_NAME_TAKEN',
      field: 'name',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses every change from an auditor, who may still read the group', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const auditor = identities.auditor();
    const before = await counts();
    for (const [query, input] of [
      [
        ESTABLISH,
        {
          organisationId: c.government.id,
          name: unique('小组'),
          kind: 'OTHER',
          leader: { personId: c.countyHead.id },
        },
      ],
      [APPOINT, { groupId: group.id, personId: c.bureauHead.id, role: 'MEMBER' }],
      [REMOVE, { groupId: group.id, personId: c.countyHead.id, reason: '调离' }],
      [UPDATE, { id: group.id, name: unique('改名') }],
    ] as const) {
      expect(await sut.failure(query, { input }, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await counts()).toEqual(before);
    expect((await get(group.id, auditor))!.leader.person.id).toBe(c.countyHead.id);
  });

  it('hides groups outside an operator’s county and refuses their changes as NOT_FOUND', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const luotianOperator = identities.operator('421123');
    expect(await get(group.id, luotianOperator)).toBeNull();
    const { leadingGroups } = await sut.call<{ leadingGroups: Connection<{ id: string }> }>(
      LIST,
      { filter: { organisationId: c.government.id } },
      luotianOperator,
    );
    expect(leadingGroups.edges).toEqual([]);
    const before = await counts();
    expect(
      await sut.failure(
        APPOINT,
        { input: { groupId: group.id, personId: c.outsider.id, role: 'MEMBER' } },
        luotianOperator,
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'groupId' });
    expect(
      await sut.failure(
        ESTABLISH,
        {
          input: {
            organisationId: c.government.id,
            name: unique('小组'),
            kind: 'OTHER',
            leader: { personId: c.outsider.id },
          },
        },
        luotianOperator,
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'organisationId' });
    // A Tuanfeng operator may not appoint a Luotian official they cannot see.
    expect(
      await sut.failure(
        APPOINT,
        { input: { groupId: group.id, personId: c.outsider.id, role: 'MEMBER' } },
        identities.operator('421121'),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
    expect(await counts()).toEqual(before);

    // The county's own operator manages its groups.
    const tuanfengOperator = identities.operator('421121');
    const own = await establish(c.government, c.deputyHead, {}, tuanfengOperator);
    expect((await get(own.id, tuanfengOperator))!.leader.person.id).toBe(c.deputyHead.id);
    expect((await history(own.id)).edges[0]!.node.actorSubject).toBe('test-operator');
  });

  it('pages through members, history and groups in a stable order', async () => {
    const c = await county();
    const group = await establish(c.government, c.countyHead);
    const others = [c.deputyHead, c.bureauHead, c.bureauDeputy, c.townshipHead];
    for (const person of others) await appoint(group, person, 'MEMBER');
    await appoint(group, c.bureauDeputy, 'DEPUTY_LEADER');

    const walk = async <T>(read: (after?: string) => Promise<Connection<T>>) => {
      const seen: T[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await read(after);
        seen.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage) return seen;
        after = page.pageInfo.endCursor!;
      }
    };
    const current = await walk((after) => members(group.id, { first: 2, after }));
    expect(current.map((m) => [m.person.id, m.role])).toEqual([
      [c.countyHead.id, 'LEADER'],
      [c.bureauDeputy.id, 'DEPUTY_LEADER'],
      [c.deputyHead.id, 'MEMBER'],
      [c.bureauHead.id, 'MEMBER'],
      [c.townshipHead.id, 'MEMBER'],
    ]);
    const all = await walk((after) => members(group.id, { first: 2, after, includeEnded: true }));
    expect(all).toHaveLength(6);
    expect(all.filter((m) => m.endedAt !== null).map((m) => m.person.id)).toEqual([c.bureauDeputy.id]);
    const log = await walk((after) => history(group.id, { first: 2, after }));
    expect(log.map((e) => e.kind)).toEqual([
      'ROLE_CHANGED',
      'MEMBER_APPOINTED',
      'MEMBER_APPOINTED',
      'MEMBER_APPOINTED',
      'MEMBER_APPOINTED',
      'ESTABLISHED',
    ]);

    const office = await registerOrganisation(sut, { regionCode: '421121' });
    const head = await registerPerson(sut, office.id);
    const names = ['丙', '甲', '乙'].map((n) => unique(n));
    for (const name of names) await establish(office, head, { name, kind: 'SAFETY_PRODUCTION' });
    await establish(office, head, { kind: 'EARTHQUAKE_RELIEF' });
    const listed = await walk(
      async (after) =>
        (
          await sut.call<{ leadingGroups: Connection<{ name: string }> }>(LIST, {
            filter: { organisationId: office.id, kind: 'SAFETY_PRODUCTION', regionCode: '421121' },
            first: 2,
            after,
          })
        ).leadingGroups,
    );
    expect(listed.map((g) => g.name)).toEqual([...names].sort());
  });

  it('establishes one group of a name when several arrive at once, refusing the others as LEADING_GROUP_NAME_TAKEN', async () => {
    const c = await county();
    const name = unique('森林防灭火指挥部');
    const results = await Promise.all(
      [c.countyHead, c.deputyHead, c.bureauHead].map((leader) =>
        sut.request(ESTABLISH, {
          input: {
            organisationId: c.government.id,
            name,
            kind: 'FOREST_FIRE_PREVENTION',
            leader: { personId: leader.id },
          },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const refused of results.filter((r) => r.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({
        code: 'LEADING_GROUP_NAME_TAKEN',
        field: 'name',
      });
    }
    const { rows } = await sut.db.query(
      `SELECT (SELECT count(*)::int FROM leading_group WHERE name = $1) AS groups,
              (SELECT count(*)::int FROM leading_group_membership m JOIN leading_group g ON g.id = m.group_id
               WHERE g.name = $1) AS memberships`,
      [name],
    );
    expect(rows[0]).toEqual({ groups: 1, memberships: 1 });
  });

  it('lists twenty groups with their leaders and office directors in a fixed number of statements', async () => {
    const c = await county();
    const prefix = unique('Batch');
    const offices = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registerOrganisation(sut, { name: `${prefix} ${i}`, regionCode: '421121' }),
      ),
    );
    for (const office of offices) {
      const head = await registerPerson(sut, office.id, { post: '局长' });
      const group = await establish(office, head);
      await appoint(group, c.bureauHead, 'OFFICE_DIRECTOR');
    }
    let result: { organisations: Connection<{ leadingGroups: Connection<Group> }> } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(GROUPS_OF_ORGANISATIONS, { name: prefix });
    });
    const groups = result!.organisations.edges.flatMap((e) => e.node.leadingGroups.edges.map((g) => g.node));
    expect(groups).toHaveLength(20);
    for (const group of groups) {
      expect(group.leader.post).toBe('局长');
      expect(group.officeDirector!.person.name).toBe(c.bureauHead.name);
    }
    for (const table of ['leading_group', 'leading_group_membership', 'person']) {
      expect(statements.filter(reading(table))).toHaveLength(1);
    }

    const flat = await statementsDuring(() =>
      sut.call(LIST, { filter: { regionCode: '421121', kind: 'GENERAL_EMERGENCY' }, first: 20 }),
    );
    expect(flat.filter(reading('leading_group_membership'))).toHaveLength(1);
  });

  it('resolves any number of group references with one statement, hiding those outside the jurisdiction', async () => {
    const c = await county();
    const groups = await Promise.all(Array.from({ length: 5 }, () => establish(c.government, c.countyHead)));
    const luotian = await establish(c.luotian, c.outsider);
    const representations = [...groups, luotian].map((g) => ({ __typename: 'LeadingGroup', id: g.id }));
    let result: { _entities: ({ id: string } | null)[] } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(ENTITIES, { representations }, identities.operator('421121'));
    });
    expect(statements.filter(reading('leading_group'))).toHaveLength(1);
    expect(statements.filter(reading('leading_group_membership'))).toHaveLength(1);
    expect(result!._entities.map((e) => e?.id ?? null)).toEqual([...groups.map((g) => g.id), null]);
  });
});
