/** The duty office's operations: zero reporting and leader instructions, shared by the fixtures and the specs. */

export const OPEN_ZERO_REPORTING = `mutation($input: OpenZeroReportingInput!) {
  openZeroReporting(input: $input) { id kind regionCode unitRegionCodes startsOn endsOn incident { id } }
}`;

export const CLOSE_ZERO_REPORTING = `mutation($input: CloseZeroReportingInput!) {
  closeZeroReporting(input: $input) { id startsOn endsOn }
}`;

export const SUBMIT_ZERO_REPORT = `mutation($input: SubmitZeroReportInput!) {
  submitZeroReport(input: $input) { id periodId unitRegionCode date nothingToReport text dueAt submittedAt late }
}`;

export const ZERO_REPORT_DEADLINE_RULES = `query($regionCode: String!) {
  zeroReportDeadlineRules(regionCode: $regionCode) { regionPrefix level dueTime source }
}`;

export const SET_ZERO_REPORT_DEADLINE = `mutation($input: SetZeroReportDeadlineInput!) {
  setZeroReportDeadline(input: $input) { regionPrefix level dueTime source }
}`;

export const ZERO_REPORT_DAY = `query($periodId: ID, $regionCode: String, $date: String!) {
  zeroReportDay(periodId: $periodId, regionCode: $regionCode, date: $date) {
    date
    units { periodId unitRegionCode level status dueAt submittedAt nothingToReport markedMissingAt }
    prefectures { prefectureCode units submitted late missing }
  }
}`;

export const MISSED_ZERO_REPORTS = `query($regionCode: String!, $from: String!, $to: String!, $first: Int, $after: String) {
  missedZeroReports(regionCode: $regionCode, from: $from, to: $to, first: $first, after: $after) {
    edges { cursor node { period { id } unitRegionCode date dueAt markedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const INSTRUCTION_FIELDS = `id regionCode leaderTitle text givenAt closedAt closeReason reportId incident { id }
  assignments {
    id organisation { id } dueAt status overdue overdueAt
    feedback { id text final at byOrganisation { id } }
    extensions { id requestedAt previousDueAt newDueAt reason status decidedAt }
  }`;

export const RECORD_INSTRUCTION = `mutation($input: RecordLeaderInstructionInput!) {
  recordLeaderInstruction(input: $input) { ${INSTRUCTION_FIELDS} }
}`;

export const LEADER_INSTRUCTION = `query($id: ID!) { leaderInstruction(id: $id) { ${INSTRUCTION_FIELDS} } }`;

export const SUBMIT_FEEDBACK = `mutation($input: SubmitInstructionFeedbackInput!) {
  submitInstructionFeedback(input: $input) { id text final at }
}`;

export const REQUEST_EXTENSION = `mutation($input: RequestInstructionExtensionInput!) {
  requestInstructionExtension(input: $input) { id requestedAt previousDueAt newDueAt reason status decidedAt }
}`;

export const DECIDE_EXTENSION = `mutation($input: DecideInstructionExtensionInput!) {
  decideInstructionExtension(input: $input) { id newDueAt status decidedAt }
}`;

export const CLOSE_INSTRUCTION = `mutation($input: CloseInstructionInput!) {
  closeInstruction(input: $input) { id closedAt closeReason assignments { status } }
}`;

export const OPEN_INSTRUCTIONS = `query($regionCode: String!, $overdueOnly: Boolean, $first: Int, $after: String) {
  openInstructions(regionCode: $regionCode, overdueOnly: $overdueOnly, first: $first, after: $after) {
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const INCIDENT_INSTRUCTIONS = `query($id: ID!) {
  incident(id: $id) { id instructions(first: 10) { edges { node { id leaderTitle } } } }
}`;

export const INSTRUCTION_RULE = `query($regionCode: String!) {
  instructionRule(regionCode: $regionCode) { regionPrefix feedbackWorkingDays source }
}`;

export const SET_INSTRUCTION_RULE = `mutation($input: SetInstructionRuleInput!) {
  setInstructionRule(input: $input) { regionPrefix feedbackWorkingDays source }
}`;
