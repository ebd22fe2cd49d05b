/** The GraphQL operations of the grid specs, and the shapes they answer. */

export interface Assignment {
  id: string;
  person: { id: string } | null;
  village: { code: string; name: string; level: string };
  villageCode: string;
  role: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIELDS = 'id person { id } village { code name level } villageCode role startedAt endedAt endReason';
export const ASSIGN = `mutation($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { ${FIELDS} } }`;
export const END = `mutation($input: EndGridAssignmentInput!) { endGridAssignment(input: $input) { ${FIELDS} } }`;
export const LIST = `query($filter: GridAssignmentFilter, $first: Int, $after: String) {
  gridAssignments(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
export const UNCOVERED = `query($regionCode: String!, $first: Int, $after: String) {
  villagesWithoutInformationOfficer(regionCode: $regionCode, first: $first, after: $after) {
    edges { cursor node { code name level } } pageInfo { hasNextPage endCursor }
  }
}`;
export const GRID_WORKER_ASSIGNMENTS_OF_PERSON = `query($id: ID!) { person(id: $id) { gridAssignments(role: GRID_WORKER, first: 10) {
  edges { node { villageCode } } pageInfo { hasNextPage endCursor } } } }`;
export const ASSIGNMENTS_OF_REGION = `query($code: String!) { region(code: $code) { gridAssignments(includeEnded: true, first: 10) {
  edges { node { id person { id } } } pageInfo { hasNextPage endCursor } } } }`;
/** The first page of a region's assignments, as `REGION_ASSIGNMENTS` and `regionsAssignments` ask for it. */
const FIRST_ASSIGNMENTS = `gridAssignments(first: 2) { edges { node { id villageCode role } } pageInfo { hasNextPage } }`;
export const REGION_ASSIGNMENTS = `query($code: String!) { region(code: $code) { ${FIRST_ASSIGNMENTS} } }`;
/** Each of `regions`' first pages in one request, as `r0`, `r1`, ... */
export const regionsAssignments = (regions: string[]) =>
  `{ ${regions.map((code, i) => `r${i}: region(code: "${code}") { ${FIRST_ASSIGNMENTS} }`).join(' ')} }`;
export const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on GridAssignment { id villageCode } }
}`;
