/** The incident feature's operations, shared by the fixtures and the specs. */

export const REPORT_INCIDENT = `mutation($input: ReportIncidentInput!) {
  reportIncident(input: $input) { id title category severity regionCode occurredAt status createdAt }
}`;

export const INCIDENT = `query($id: ID!) { incident(id: $id) { id } }`;

export const INCIDENTS = `query($filter: IncidentFilter, $first: Int, $after: String) {
  incidents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id regionCode occurredAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
