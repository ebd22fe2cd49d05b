import type { Identity } from '@emergency/auth';
import type { TestSubgraph } from '@emergency/testing';
import {
  registerOrganisation,
  registerPerson,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import {
  APPOINT,
  ESTABLISH,
  GET,
  HISTORY,
  MEMBERS,
  type Change,
  type Connection,
  type Group,
  type Membership,
} from './leading-groups.operations';

export const MISSING = '00000000-0000-4000-8000-000000000000';

const TABLES = ['leading_group', 'leading_group_membership', 'leading_group_change'];

/** Rows of every leading group table, to prove a refusal wrote nothing. */
export function leadingGroupRows(sut: TestSubgraph): Promise<number[]> {
  return Promise.all(TABLES.map((table) => sut.count(table)));
}

/**
 * A county (Tuanfeng, 421121) with its government, its emergency management bureau, a township government
 * (团风镇) and people in each; plus an official of the neighbouring county (Luotian, 421123).
 */
export async function registerCounty(sut: TestSubgraph) {
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

/** A general emergency group of `organisation` led by `leader`, unless `input` says otherwise. */
export async function establishLeadingGroup(
  sut: TestSubgraph,
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

export async function appointLeadingGroupMember(
  sut: TestSubgraph,
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

export async function getLeadingGroup(sut: TestSubgraph, id: string, identity?: Identity) {
  return (await sut.call<{ leadingGroup: Group | null }>(GET, { id }, identity)).leadingGroup;
}

export async function leadingGroupMembers(
  sut: TestSubgraph,
  id: string,
  variables: Record<string, unknown> = {},
) {
  return (
    await sut.call<{ leadingGroup: { members: Connection<Membership> } }>(MEMBERS, { id, ...variables })
  ).leadingGroup.members;
}

export async function leadingGroupHistory(
  sut: TestSubgraph,
  id: string,
  variables: Record<string, unknown> = {},
) {
  return (await sut.call<{ leadingGroup: { history: Connection<Change> } }>(HISTORY, { id, ...variables }))
    .leadingGroup.history;
}

/** A spec file's leading group steps on its subgraph, read through `sut` once its `beforeAll` has run. */
export function leadingGroupSteps(sut: () => TestSubgraph) {
  return {
    county: () => registerCounty(sut()),
    establish: (
      organisation: OrganisationRef,
      leader: PersonRef,
      input?: Record<string, unknown>,
      identity?: Identity,
    ) => establishLeadingGroup(sut(), organisation, leader, input, identity),
    appoint: (group: { id: string }, person: PersonRef, role: string, input?: Record<string, unknown>) =>
      appointLeadingGroupMember(sut(), group, person, role, input),
    get: (id: string, identity?: Identity) => getLeadingGroup(sut(), id, identity),
    members: (id: string, variables?: Record<string, unknown>) => leadingGroupMembers(sut(), id, variables),
    history: (id: string, variables?: Record<string, unknown>) => leadingGroupHistory(sut(), id, variables),
    counts: () => leadingGroupRows(sut()),
  };
}
