/** The GraphQL operations of the rescue team specs, and the shapes they answer. */

export interface Team {
  id: string;
  name: string;
  type: string;
  organisation: { id: string } | null;
  baseRegionCode: string;
  baseRegion: { name: string };
  headcount: number;
  memberCount: number;
  captain: { id: string } | null;
  specialties: string[];
  equipment: { name: string; quantity: number; unit: string; notes: string | null }[];
  readiness: string;
  readinessNote: string | null;
  readinessChangedAt: string;
  status: string;
  disbandedAt: string | null;
  disbandReason: string | null;
  updatedAt: string;
}

export interface Membership {
  id: string;
  team: { id: string };
  person: { id: string } | null;
  role: string;
  joinedOn: string;
  leftOn: string | null;
  leftReason: string | null;
  current: boolean;
}

const FIELDS = `id name type organisation { id } baseRegionCode baseRegion { name } headcount memberCount
  captain { id } specialties equipment { name quantity unit notes } readiness readinessNote readinessChangedAt
  status disbandedAt disbandReason updatedAt`;
const MEMBERSHIP = 'id team { id } person { id } role joinedOn leftOn leftReason current';

export const REGISTER = `mutation($input: RegisterRescueTeamInput!) { registerRescueTeam(input: $input) { ${FIELDS} } }`;
export const UPDATE = `mutation($input: UpdateRescueTeamInput!) { updateRescueTeam(input: $input) { ${FIELDS} } }`;
export const ADD = `mutation($input: AddRescueTeamMemberInput!) { addRescueTeamMember(input: $input) { ${MEMBERSHIP} } }`;
export const REMOVE = `mutation($input: RemoveRescueTeamMemberInput!) {
  removeRescueTeamMember(input: $input) { ${MEMBERSHIP} }
}`;
/** Two additions in one request, each answering the member count it left. */
export const ADD_TWO = `mutation($teamId: ID!, $first: ID!, $second: ID!) {
  a: addRescueTeamMember(input: { teamId: $teamId, personId: $first, role: CAPTAIN }) { team { memberCount } }
  b: addRescueTeamMember(input: { teamId: $teamId, personId: $second, role: MEMBER }) { team { memberCount } }
}`;
export const EQUIP = `mutation($input: SetRescueTeamEquipmentInput!) { setRescueTeamEquipment(input: $input) { ${FIELDS} } }`;
export const READINESS = `mutation($input: ChangeRescueTeamReadinessInput!) {
  changeRescueTeamReadiness(input: $input) { ${FIELDS} }
}`;
export const DISBAND = `mutation($input: DisbandRescueTeamInput!) { disbandRescueTeam(input: $input) { ${FIELDS} } }`;
export const GET = `query($id: ID!) { rescueTeam(id: $id) { ${FIELDS} } }`;
export const CAPTAIN_MASKED = `query($id: ID!) { rescueTeam(id: $id) { captain { personalDataMasked } } }`;
export const ROSTER = `query($id: ID!, $includeLeft: Boolean, $first: Int, $after: String) {
  rescueTeam(id: $id) {
    members(includeLeft: $includeLeft, first: $first, after: $after) {
      edges { node { ${MEMBERSHIP} } } pageInfo { hasNextPage endCursor }
    }
  }
}`;
export const LIST = `query($filter: RescueTeamFilter, $first: Int, $after: String) {
  rescueTeams(filter: $filter, first: $first, after: $after) {
    edges { node { id name } } pageInfo { hasNextPage endCursor }
  }
}`;
/** A page of teams with every list field, for counting statements. */
export const LIST_DETAILED = `query($filter: RescueTeamFilter) {
  rescueTeams(filter: $filter, first: 20) {
    edges { node { id memberCount specialties equipment { name quantity } captain { name } baseRegion { name } } }
  }
}`;
export const OF_ORGANISATION = `query($id: ID!, $after: String) {
  organisation(id: $id) { rescueTeams(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }
}`;
export const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on RescueTeam { id name baseRegionCode } }
}`;
export const MEMBERSHIPS_OF = `query($id: ID!) { person(id: $id) { rescueTeamMemberships { ${MEMBERSHIP} } } }`;
export const MEMBERSHIPS_OF_PEOPLE = `query($filter: PersonFilter) {
  people(filter: $filter, first: 20) { edges { node { id rescueTeamMemberships { role team { id } } } } }
}`;

export type ListResult = {
  rescueTeams: {
    edges: { node: { id: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
export type RosterResult = {
  rescueTeam: {
    members: {
      edges: { node: Membership }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};
export type MembershipsOfResult = { person: { rescueTeamMemberships: Membership[] } };
