const WARNING_FIELDS = `id identifier subcategory category level status regionCode areaDescription headline description
  instruction onset expires issuedAt liftedAt capXml incident { id } issuingOrganisation { id }
  messages { sequence identifier msgType level sentAt referencesIdentifier reason capXml }`;

export const ISSUE_WARNING = `mutation($input: IssueWarningInput!) { issueWarning(input: $input) { ${WARNING_FIELDS} } }`;
export const CHANGE_WARNING = `mutation($input: ChangeWarningInput!) { changeWarning(input: $input) { ${WARNING_FIELDS} } }`;
export const LIFT_WARNING = `mutation($input: LiftWarningInput!) { liftWarning(input: $input) { ${WARNING_FIELDS} } }`;
export const WARNING = `query($id: ID!) { warning(id: $id) { ${WARNING_FIELDS} } }`;
export const WARNINGS = `query($filter: WarningFilter, $first: Int, $after: String) {
  warnings(filter: $filter, first: $first, after: $after) {
    edges { node { id identifier level status regionCode } } pageInfo { hasNextPage endCursor }
  } }`;
export const INCIDENT_WARNINGS = `query($id: ID!) { incident(id: $id) {
  warnings(first: 10) { edges { node { id level status } } } } }`;
