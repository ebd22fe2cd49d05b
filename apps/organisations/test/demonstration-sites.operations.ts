/** The GraphQL operations of the demonstration site specs, and the shapes they answer. */

export interface Inspection {
  id: string;
  site: { id: string; status: string; revokedOn: string | null };
  number: number;
  inspectedOn: string;
  inspector: { id: string } | null;
  result: string;
  findings: string;
  rectificationDueOn: string | null;
  statusBefore: string;
  statusAfter: string;
}

export interface Site {
  id: string;
  name: string;
  kind: string;
  level: string;
  regionCode: string;
  region: { name: string; level: string };
  organisation: { id: string } | null;
  designatedOn: string;
  status: string;
  revokedOn: string | null;
  lastInspection: { id: string; number: number } | null;
  inspectionOverdue: boolean;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const SITE_FIELDS = `id name kind level regionCode region { name level } organisation { id } designatedOn status
  revokedOn lastInspection { id number } inspectionOverdue`;
const INSPECTION_FIELDS = `id site { id status revokedOn } number inspectedOn inspector { id } result findings
  rectificationDueOn statusBefore statusAfter`;
export const DESIGNATE = `mutation($input: DesignateDemonstrationSiteInput!) {
  designateDemonstrationSite(input: $input) { ${SITE_FIELDS} }
}`;
export const INSPECT = `mutation($input: RecordDemonstrationSiteInspectionInput!) {
  recordDemonstrationSiteInspection(input: $input) { ${INSPECTION_FIELDS} }
}`;
export const GET = `query($id: ID!) { demonstrationSite(id: $id) { ${SITE_FIELDS} } }`;
export const LIST = `query($filter: DemonstrationSiteFilter, $first: Int, $after: String) {
  demonstrationSites(filter: $filter, first: $first, after: $after) {
    edges { node { ${SITE_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
/** A site with the first two of its inspections, latest first. */
export const WITH_INSPECTIONS = `query($id: ID!) { demonstrationSite(id: $id) {
  ${SITE_FIELDS} inspections(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } }
} }`;
export const INSPECTIONS_AFTER = `query($id: ID!, $after: String) { demonstrationSite(id: $id) {
  inspections(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
export const OF_ORGANISATION = `query($id: ID!) { organisation(id: $id) { demonstrationSites(first: 10) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
export const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on DemonstrationSite { id status } }
}`;
