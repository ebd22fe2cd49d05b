/** The GraphQL operations of the leading group specs, and the shapes they answer. */

export interface Membership {
  id: string;
  person: { id: string; name: string };
  role: string;
  post: string | null;
  appointedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface Group {
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

export interface Change {
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

export type Connection<T> = {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

const MEMBERSHIP = 'id person { id name } role post appointedAt endedAt endReason';
const GROUP = `id name kind purpose organisation { id } establishedAt
  leader { ${MEMBERSHIP} } deputyLeaders { ${MEMBERSHIP} } officeDirector { ${MEMBERSHIP} }`;
export const ESTABLISH = `mutation($input: EstablishLeadingGroupInput!) { establishLeadingGroup(input: $input) { ${GROUP} } }`;
export const APPOINT = `mutation($input: AppointLeadingGroupMemberInput!) {
  appointLeadingGroupMember(input: $input) { ${MEMBERSHIP} group { ${GROUP} } }
}`;
export const REMOVE = `mutation($input: RemoveLeadingGroupMemberInput!) {
  removeLeadingGroupMember(input: $input) { ${MEMBERSHIP} group { ${GROUP} } }
}`;
export const UPDATE = `mutation($input: UpdateLeadingGroupInput!) { updateLeadingGroup(input: $input) { ${GROUP} } }`;
export const GET = `query($id: ID!) { leadingGroup(id: $id) { ${GROUP} } }`;
export const MEMBERS = `query($id: ID!, $role: LeadingGroupRole, $includeEnded: Boolean, $first: Int, $after: String) {
  leadingGroup(id: $id) {
    members(role: $role, includeEnded: $includeEnded, first: $first, after: $after) {
      edges { node { ${MEMBERSHIP} } } pageInfo { hasNextPage endCursor }
    }
  }
}`;
export const HISTORY = `query($id: ID!, $first: Int, $after: String) {
  leadingGroup(id: $id) {
    history(first: $first, after: $after) {
      edges { node { kind at person { id } role post previousRole replacedPerson { id } actorSubject note } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
export const LIST = `query($filter: LeadingGroupFilter, $first: Int, $after: String) {
  leadingGroups(filter: $filter, first: $first, after: $after) {
    edges { node { id name kind leader { person { name } post } } } pageInfo { hasNextPage endCursor }
  }
}`;
export const PERSON_MEMBERSHIPS = `query($id: ID!) {
  person(id: $id) { leadingGroupMemberships { role post endedAt group { id name } } }
}`;
/** Who leads the groups of the governments at a prefecture's own code. */
export const GOVERNMENT_GROUP_LEADERS = `{
  organisations(filter: { regionCode: "421100", type: GOVERNMENT }) {
    edges { node { leadingGroups { edges { node { name leader { person { name } post } } } } } }
  }
}`;
/** The groups of up to 20 organisations by name, with every field that reads their members. */
export const GROUPS_OF_ORGANISATIONS = `query($name: String!) {
  organisations(filter: { nameContains: $name }, first: 20) {
    edges { node { leadingGroups { edges { node {
      name leader { person { name } post } deputyLeaders { post } officeDirector { person { name } }
      members(first: 5) { edges { node { role } } }
    } } } } }
  }
}`;
export const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on LeadingGroup { id leader { person { id } } } }
}`;
