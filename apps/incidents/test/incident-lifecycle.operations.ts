/** The operations of an incident's grade, response and status, shared by the lifecycle fixtures and spec. */

export const LIFECYCLE_FIELDS = `id severity status responseLevel
  gradeSuggestion { grade regionPrefix reasons { metric value minimum grade source } }
  gradeDecisions { grade previousGrade suggestedGrade kind reason decidedAt }
  responses { level declaringOrganisation { id } reason declaredAt liftedAt liftReason }
  statusHistory { from to reason changedAt }`;

export const EMERGENCY_CATEGORIES = `query { emergencyCategories { id zh en subcategories { id zh en group } } }`;

export const GRADE_SUGGESTION = `query($input: GradeSuggestionInput!) {
  gradeSuggestion(input: $input) { grade regionPrefix reasons { metric value minimum grade source } }
}`;

export const GRADING_RULES = `query($regionCode: String!, $category: IncidentCategory!, $subcategory: String) {
  gradingRules(regionCode: $regionCode, category: $category, subcategory: $subcategory) {
    regionPrefix category subcategory rules { regionPrefix subcategory grade metric minimum source }
  }
}`;

export const SET_GRADING_RULES = `mutation($input: SetGradingRulesInput!) {
  setGradingRules(input: $input) { regionPrefix category subcategory rules { grade metric minimum source } }
}`;

export const DECIDE_GRADE = `mutation($input: DecideIncidentGradeInput!) {
  decideIncidentGrade(input: $input) { ${LIFECYCLE_FIELDS} }
}`;

export const DECLARE_RESPONSE = `mutation($input: DeclareIncidentResponseInput!) {
  declareIncidentResponse(input: $input) { ${LIFECYCLE_FIELDS} }
}`;

export const LIFT_RESPONSE = `mutation($input: LiftIncidentResponseInput!) {
  liftIncidentResponse(input: $input) { ${LIFECYCLE_FIELDS} }
}`;

export const CHANGE_STATUS = `mutation($input: ChangeIncidentStatusInput!) {
  changeIncidentStatus(input: $input) { ${LIFECYCLE_FIELDS} }
}`;

export const INCIDENT_LIFECYCLE = `query($id: ID!) { incident(id: $id) { ${LIFECYCLE_FIELDS} } }`;
