const INVESTIGATION_FIELDS = `id grade status openedOn reportDueOn extensionDays extensionReason submittedOn
  submittedLate reportOverdue replyDueOn replyExtensionDays replyExtendedDays replyExtensionReason replyOverdue
  repliedOn reply incident { id }
  leadOrganisation { id } team { organisation { id } role }
  rectificationItems { id text ownerOrganisation { id } dueOn status evidence completedOn overdue }`;

export const OPEN_INVESTIGATION = `mutation($input: OpenInvestigationInput!) {
  openInvestigation(input: $input) { ${INVESTIGATION_FIELDS} } }`;
export const EXTEND_INVESTIGATION = `mutation($input: ExtendInvestigationInput!) {
  extendInvestigation(input: $input) { ${INVESTIGATION_FIELDS} } }`;
export const EXTEND_REPLY = `mutation($input: ExtendInvestigationReplyInput!) {
  extendInvestigationReply(input: $input) { ${INVESTIGATION_FIELDS} } }`;
export const SUBMIT_REPORT = `mutation($input: SubmitInvestigationReportInput!) {
  submitInvestigationReport(input: $input) { ${INVESTIGATION_FIELDS} } }`;
export const RECORD_REPLY = `mutation($input: RecordInvestigationReplyInput!) {
  recordInvestigationReply(input: $input) { ${INVESTIGATION_FIELDS} } }`;
export const COMPLETE_ITEM = `mutation($input: CompleteRectificationItemInput!) {
  completeRectificationItem(input: $input) { id status evidence completedOn overdue } }`;
export const SET_RULE = `mutation($input: SetInvestigationRuleInput!) {
  setInvestigationRule(input: $input) { regionPrefix category reportDays maxExtensionDays replyDays source } }`;
export const INVESTIGATION = `query($id: ID!) { investigation(id: $id) { ${INVESTIGATION_FIELDS} } }`;
export const INVESTIGATIONS = `query($filter: InvestigationFilter) {
  investigations(filter: $filter, first: 50) { edges { node { id status } } } }`;
export const INCIDENT_INVESTIGATION = `query($id: ID!) { incident(id: $id) { investigation { id status } } }`;
export const RULES = `query { investigationRules { regionPrefix category reportDays maxExtensionDays replyDays
  gradeIReplyDays gradeIReplyExtensionDays source } }`;
export const RULE_IN_FORCE = `query($regionCode: String!, $category: IncidentCategory!) {
  investigationRuleInForce(regionCode: $regionCode, category: $category) { regionPrefix category reportDays } }`;
