import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';
import { registerPeople, startWithEvents, unique, withTuanfeng, type OrganisationRef } from './fixtures';
import {
  ADD,
  GET,
  LIST,
  REGISTER,
  type ListResult,
  type Membership,
  type Team,
} from './rescue-teams.operations';

/** Rescue team specs share one subgraph layout: Huanggang and Jingzhou, the tests' data in Tuanfeng (421121). */
export const RESCUE_TEAM_REGIONS = '421100,421000';

/** A rescue team spec file's subgraph, its event reader and Tuanfeng's office, whose teams the tests register. */
export function startRescueTeams() {
  return startWithEvents(RESCUE_TEAM_REGIONS, withTuanfeng);
}

export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** A flood-control team of 20 based in Tuanfeng county, unless `input` says otherwise. */
export async function registerRescueTeam(
  sut: TestSubgraph,
  input: Record<string, unknown> & { organisationId: string },
  identity: Identity = identities.admin(),
): Promise<Team> {
  const { registerRescueTeam } = await sut.call<{ registerRescueTeam: Team }>(
    REGISTER,
    {
      input: {
        name: unique('Tuanfeng Flood Rescue Team'),
        type: 'FLOOD_CONTROL',
        baseRegionCode: '421121',
        headcount: 20,
        ...input,
      },
    },
    identity,
  );
  return registerRescueTeam;
}

export async function addRescueTeamMember(
  sut: TestSubgraph,
  teamId: string,
  personId: string,
  role = 'MEMBER',
  extra: Record<string, unknown> = {},
): Promise<Membership> {
  const { addRescueTeamMember } = await sut.call<{ addRescueTeamMember: Membership }>(ADD, {
    input: { teamId, personId, role, ...extra },
  });
  return addRescueTeamMember;
}

export async function getRescueTeam(sut: TestSubgraph, id: string, identity: Identity = identities.admin()) {
  return (await sut.call<{ rescueTeam: Team | null }>(GET, { id }, identity)).rescueTeam;
}

/** Every page of a team list, as ids. */
export async function listAllRescueTeams(
  sut: TestSubgraph,
  filter: Record<string, unknown>,
  identity = identities.admin(),
  first = 2,
) {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { rescueTeams }: ListResult = await sut.call<ListResult>(LIST, { filter, first, after }, identity);
    seen.push(...rescueTeams.edges.map((e) => e.node.id));
    if (!rescueTeams.pageInfo.hasNextPage) return seen;
    after = rescueTeams.pageInfo.endCursor;
  }
}

/** A spec file's rescue team steps, read through `world` once its `beforeAll` has run: Tuanfeng's office's teams. */
export function rescueTeamSteps(world: () => { sut: TestSubgraph; tuanfeng: OrganisationRef }) {
  return {
    registerTeam: (input: Record<string, unknown> = {}, identity?: Identity) =>
      registerRescueTeam(world().sut, { organisationId: world().tuanfeng.id, ...input }, identity),
    addMember: (teamId: string, personId: string, role?: string, extra?: Record<string, unknown>) =>
      addRescueTeamMember(world().sut, teamId, personId, role, extra),
    getTeam: (id: string, identity?: Identity) => getRescueTeam(world().sut, id, identity),
    people: (organisationId: string, n: number) => registerPeople(world().sut, organisationId, n),
    listAll: (filter: Record<string, unknown>, identity?: Identity, first?: number) =>
      listAllRescueTeams(world().sut, filter, identity, first),
  };
}
