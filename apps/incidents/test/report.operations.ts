/** The report chain's operations, shared by the fixtures and the specs. */

export const REPORT_FIELDS = `id kind number channel toLevel skippedLevels skipReason text explanation reportedAt
  recordedAt withinSupplementaryWindow late lateByMinutes reportingOrganisation { id }
  figures { deaths missing injured directLossFen } incident { id figures { deaths } }`;

export const SUBMIT_REPORT = `mutation($input: SubmitIncidentReportInput!) {
  submitIncidentReport(input: $input) { ${REPORT_FIELDS} }
}`;

export const INCIDENT_REPORTS = `query($id: ID!, $first: Int, $after: String) { incident(id: $id) {
  figures { deaths missing }
  reports(first: $first, after: $after) { edges { cursor node { id kind number late lateByMinutes } }
    pageInfo { hasNextPage endCursor } }
  figuresHistory { report { id kind } figures { deaths missing } }
} }`;

export const DUE_REPORTS = `query($regionCode: String!, $at: DateTime, $first: Int, $after: String) {
  dueReports(regionCode: $regionCode, at: $at, first: $first, after: $after) {
    edges { node { id kind level channel reportingRegion dueAt met overdue minutesOverdue incident { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const LATE_REPORTS = `query($filter: LateReportFilter, $first: Int, $after: String) {
  lateReports(filter: $filter, first: $first, after: $after) {
    edges { node { id kind lateByMinutes incident { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const REPORT_TIMELINESS = `query($regionCode: String!, $from: DateTime!, $to: DateTime!) {
  reportTimeliness(regionCode: $regionCode, from: $from, to: $to) { reportingRegion onTime late missed }
}`;

export const DEADLINE_RULES = `query($regionCode: String!, $category: IncidentCategory!) {
  reportDeadlineRules(regionCode: $regionCode, category: $category) {
    regionPrefix category subcategory grades kind channel hop anchor level withinMinutes withinWorkingDays fixedTimes
  }
}`;

export const SET_DEADLINE_RULES = `mutation($input: SetReportDeadlineRulesInput!) {
  setReportDeadlineRules(input: $input) { regionPrefix kind hop level withinMinutes }
}`;
