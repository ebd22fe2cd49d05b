import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Identity } from '@emergency/auth';
import {
  LeadingGroupEstablished,
  LeadingGroupMemberAppointed,
  LeadingGroupMemberRemoved,
  LeadingGroupUpdated,
} from '@emergency/contracts';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  registerOrganisation,
  registerPerson,
  startOrganisations,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';

interface Membership {
  id: string;
  person: { id: string; name: string };
  role: string;
  post: string | null;
  appointedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

interface Group {
  id: string;
  name: string;
  kind: string;
  purpose: string | null;
  organisation: { id: string };
  leader: Membership;
  deputyLeaders: Membership[];
  officeDirector: Membership | null;
  establishedAt: string;
}

interface Change {
  kind: string;
  at: string;
  person: { id: string } | null;
  role: string | null;
  post: string | null;
  previousRole: string | null;
  replacedPerson: { id: string } | null;
  actorSubject: string;
  note: string | null;
}

type Connection<T> = { edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const MEMBERSHIP = 'id person { id name } role post appointedAt endedAt endReason';
const GROUP = `id name kind purpose organisation { id } establishedAt
  leader { ${MEMBERSHIP} } deputyLeaders { ${MEMBERSHIP} } officeDirector { ${MEMBERSHIP} }`;
const ESTABLISH = `mutation($input: EstablishLeadingGroupInput!) { establishLeadingGroup(input: $input) { ${GROUP} } }`;
const APPOINT = `mutation($input: AppointLeadingGroupMemberInput!) {
  appointLeadingGroupMember(input: $input) { ${MEMBERSHIP} group { ${GROUP} } }
}`;
const REMOVE = `mutation($input: RemoveLeadingGroupMemberInput!) {
  removeLeadingGroupMember(input: $input) { ${MEMBERSHIP} group { ${GROUP} } }
}`;
const UPDATE = `mutation($input: UpdateLeadingGroupInput!) { updateLeadingGroup(input: $input) { ${GROUP} } }`;
const GET = `query($id: ID!) { leadingGroup(id: $id) { ${GROUP} } }`;
const MEMBERS = `query($id: ID!, $role: LeadingGroupRole, $includeEnded: Boolean, $first: Int, $after: String) {
  leadingGroup(id: $id) {
    members(role: $role, includeEnded: $includeEnded, first: $first, after: $after) {
      edges { node { ${MEMBERSHIP} } } pageInfo { hasNextPage endCursor }
    }
  }
}`;
const HISTORY = `query($id: ID!, $first: Int, $after: String) {
  leadingGroup(id: $id) {
    history(first: $first, after: $after) {
      edges { node { kind at person { id } role post previousRole replacedPerson { id } actorSubject note } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const LIST = `query($filter: LeadingGroupFilter, $first: Int, $after: String) {
  leadingGroups(filter: $filter, first: $first, after: $after) {
    edges { node { id name kind leader { person { name } post } } } pageInfo { hasNextPage endCursor }
  }
}`;
const PERSON_MEMBERSHIPS = `query($id: ID!) {
  person(id: $id) { leadingGroupMemberships { role post endedAt group { id name } } }
}`;

const UPDATE_PERSON = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id status } }`;
const PERSON_STATUS = `query($id: ID!) { person(id: $id) { status } }`;
const DISSOLVE = `mutation($id: ID!) { dissolveOrganisation(input: { id: $id, reason: "机构改革" }) { id } }`;

const TABLES = ['leading_group', 'leading_group_membership', 'leading_group_change'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/** Emergency leading groups and their members, against the real PostgreSQL and broker. */
describe('leading groups', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startOrganisations('421100');
    events = await readTopic(sut.topic);
  }, 120_000);

  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

  /** Rows of every leading group table, to prove a refusal wrote nothing. */
  const counts = async () => Promise.all(TABLES.map((table) => sut.count(table)));

  const eventsOf = (groupId: string, type: string) =>
    events.messages.filter((m) => m.key === groupId && m.headers.ce_type === type);

  /** Waits for exactly `n` events of `type` about `groupId` and returns them in publishing order. */
  const published = (groupId: string, type: string, n: number) =>
    eventually(async () => {
      const found = eventsOf(groupId, type);
      expect(found).toHaveLength(n);
      return found;
    });

  /**
   * A county (Tuanfeng, 421121) with its government, its emergency management bureau, a township government
   * (团风镇) and people in each; plus an official of the neighbouring county (Luotian, 421123).
   */
  async function county() {
    const government = await registerOrganisation(sut, {
      name: unique('团风县人民政府'),
      type: 'GOVERNMENT',
      regionCode: '421121',
    });
    const bureau = await registerOrganisation(sut, {
      name: unique('团风县应急管理局'),
      regionCode: '421121',
    });
    const township = await registerOrganisation(sut, {
      name: unique('团风镇人民政府'),
      type: 'GOVERNMENT',
      regionCode: '421121100',
    });
    const luotian = await registerOrganisation(sut, {
      name: unique('罗田县应急管理局'),
      regionCode: '421123',
    });
    return {
      government,
      bureau,
      township,
      luotian,
      countyHead: await registerPerson(sut, government.id, { name: unique('县长'), post: '县长' }),
      deputyHead: await registerPerson(sut, government.id, { name: unique('副县长'), post: '副县长' }),
      bureauHead: await registerPerson(sut, bureau.id, { name: unique('局长'), post: '县应急管理局局长' }),
      bureauDeputy: await registerPerson(sut, bureau.id, {
        name: unique('副局长'),
        post: '县应急管理局副局长',
      }),
      townshipHead: await registerPerson(sut, township.id, { name: unique('镇长'), post: '镇长' }),
      outsider: await registerPerson(sut, luotian.id, { name: unique('罗田局长'), post: '局长' }),
    };
  }

  async function establish(
    organisation: OrganisationRef,
    leader: PersonRef,
    input: Record<string, unknown> = {},
    identity?: Identity,
  ): Promise<Group> {
    const { establishLeadingGroup } = await sut.call<{ establishLeadingGroup: Group }>(
      ESTABLISH,
      {
        input: {
          organisationId: organisation.id,
          name: unique('应急管理领导小组'),
          kind: 'GENERAL_EMERGENCY',
          leader: { personId: leader.id },
          ...input,
        },
      },
      identity,
    );
    return establishLeadingGroup;
  }

  async function appoint(
    group: { id: string },
    person: PersonRef,
    role: string,
    input: Record<string, unknown> = {},
  ): Promise<Membership & { group: Group }> {
    const { appointLeadingGroupMember } = await sut.call<{
      appointLeadingGroupMember: Membership & { group: Group };
    }>(APPOINT, { input: { groupId: group.id, personId: person.id, role, ...input } });
    return appointLeadingGroupMember;
  }

  const get = async (id: string, identity?: Identity) =>
    (await sut.call<{ leadingGroup: Group | null }>(GET, { id }, identity)).leadingGroup;

  const members = async (id: string, variables: Record<string, unknown> = {}) =>
    (await sut.call<{ leadingGroup: { members: Connection<Membership> } }>(MEMBERS, { id, ...variables }))
      .leadingGroup.members;

  const history = async (id: string, variables: Record<string, unknown> = {}) =>
    (await sut.call<{ leadingGroup: { history: Connection<Change> } }>(HISTORY, { id, ...variables }))
      .leadingGroup.history;

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

  /** Records `person` as having left their organisation. */
  const leave = (person: PersonRef, identity?: Identity) =>
    sut.request<{ updatePerson: { status: string } }>(
      UPDATE_PERSON,
      { input: { id: person.id, status: 'LEFT' } },
      identity,
    );

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

  // TypeORM qualifies tables with the service schema: FROM "organisations"."leading_group" "g".
  const reading = (table: string) => (sql: string) =>
    new RegExp(`FROM\\s+("\\w+"\\.)?"?${table}"?\\s`, 'i').test(sql);

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
    }>(
      `{
        organisations(filter: { regionCode: "421100", type: GOVERNMENT }) {
          edges { node { leadingGroups { edges { node { name leader { person { name } post } } } } } }
        }
      }`,
    );
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
      await sut.call(`mutation($id: ID!) { updatePerson(input: { id: $id, status: LEFT }) { id } }`, {
        id: left.id,
      });
      input.leader = { personId: left.id };
    } else if (change === 'duplicate') {
      const existing = await establish(c.government, c.deputyHead);
      input.name = existing.name;
    } else if (change === 'dissolved') {
      const dissolved = await registerOrganisation(sut, { type: 'GOVERNMENT', regionCode: '421121' });
      await sut.call(
        `mutation($id: ID!) { dissolveOrganisation(input: { id: $id, reason: "撤并" }) { id } }`,
        {
          id: dissolved.id,
        },
      );
      input.organisationId = dissolved.id;
    } else input = { ...input, ...(change as Record<string, unknown>) };
    const before = await counts();
    const error = await sut.failure(ESTABLISH, { input });
    expect(error).toMatchObject({ code, field });
    expect(await counts()).toEqual(before);
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

  it('refuses changes to the groups of a dissolved organisation', async () => {
    const c = await county();
    const office = await registerOrganisation(sut, { regionCode: '421121' });
    // Led from the county government: an organisation is dissolved once its own staff have left.
    const group = await establish(office, c.deputyHead);
    await sut.call(
      `mutation($id: ID!) { dissolveOrganisation(input: { id: $id, reason: "机构改革" }) { id } }`,
      {
        id: office.id,
      },
    );
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
    const nested = `query($name: String!) {
      organisations(filter: { nameContains: $name }, first: 20) {
        edges { node { leadingGroups { edges { node {
          name leader { person { name } post } deputyLeaders { post } officeDirector { person { name } }
          members(first: 5) { edges { node { role } } }
        } } } } }
      }
    }`;
    let result: { organisations: Connection<{ leadingGroups: Connection<Group> }> } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(nested, { name: prefix });
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
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on LeadingGroup { id leader { person { id } } } }
    }`;
    const representations = [...groups, luotian].map((g) => ({ __typename: 'LeadingGroup', id: g.id }));
    let result: { _entities: ({ id: string } | null)[] } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(query, { representations }, identities.operator('421121'));
    });
    expect(statements.filter(reading('leading_group'))).toHaveLength(1);
    expect(statements.filter(reading('leading_group_membership'))).toHaveLength(1);
    expect(result!._entities.map((e) => e?.id ?? null)).toEqual([...groups.map((g) => g.id), null]);
  });
  // Departures: recording a person as having left their organisation (updatePerson, status LEFT).

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
    await sut.call(DISSOLVE, { id: office.id });
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
