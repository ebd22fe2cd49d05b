export const ACTION_FIELDS = 'id dueOn status doneOn overdue owner { id }';
export const TASK_FIELDS =
  'id planId status planStatusAtOpening versionAtOpening revisedInVersion reason reasonText';
export const FINDING_FIELDS = `id category severity description improvementActions { ${ACTION_FIELDS} }
  revisionTask { ${TASK_FIELDS} }`;
export const DRILL_FIELDS = `id form content purpose plans { id } organiser { id } participants { kind participantId role }
  scenario scheduledOn heldOn regionCode place status evaluation { category rating notes } evaluator { id }
  thirdPartyEvaluation findings { ${FINDING_FIELDS} }
  summary { purpose timeAndPlace participants scenarioSummary problemsAndCauses lessons improvements }`;

export const PLAN_DRILL = `mutation($input: PlanDrillInput!) { planDrill(input: $input) { ${DRILL_FIELDS} } }`;
export const RECORD_HELD = `mutation($input: RecordDrillHeldInput!) { recordDrillHeld(input: $input) { id status heldOn } }`;
export const EVALUATE = `mutation($input: EvaluateDrillInput!) { evaluateDrill(input: $input) { ${DRILL_FIELDS} } }`;
export const RECORD_FINDING = `mutation($input: RecordDrillFindingInput!) {
  recordDrillFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const COMPLETE_ACTION = `mutation($input: CompleteImprovementActionInput!) {
  completeImprovementAction(input: $input) { ${ACTION_FIELDS} } }`;
export const CLOSE_TASK = `mutation($input: ClosePlanRevisionTaskInput!) {
  closePlanRevisionTask(input: $input) { ${TASK_FIELDS} } }`;
export const ARCHIVE = `mutation($input: ArchiveDrillInput!) { archiveDrill(input: $input) { ${DRILL_FIELDS} } }`;
export const DRILL = `query($id: ID!) { drill(id: $id) { ${DRILL_FIELDS} } }`;
export const DRILLS = `query($filter: DrillFilter, $first: Int, $after: String) {
  drills(filter: $filter, first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
export const PLAN_TASKS = `query($id: ID!) { contingencyPlan(id: $id) { id revisionTasks { ${TASK_FIELDS} } } }`;
export const SET_ANNUAL_PLAN = `mutation($input: SetAnnualDrillPlanInput!) {
  setAnnualDrillPlan(input: $input) { id year organisation { id } plannedDrills { form content planIds month } } }`;
export const ANNUAL_PLAN = `query($organisationId: ID!, $year: Int!) {
  annualDrillPlan(organisationId: $organisationId, year: $year) { id year plannedDrills { month planIds } } }`;
export const RULE_FIELDS = 'id regionPrefix subject subjectValue intervalMonths source';
export const DRILL_RULES = `query($regionCode: String!) { drillRules(regionCode: $regionCode) { ${RULE_FIELDS} } }`;
export const SET_RULES = `mutation($input: SetDrillRulesInput!) { setDrillRules(input: $input) { ${RULE_FIELDS} } }`;
export const SET_REGIME = `mutation($input: SetDrillRegimeInput!) {
  setDrillRegime(input: $input) { organisationId regime rule { subjectValue intervalMonths } } }`;
export const UNDRILLED = `query($regionCode: String!, $asOf: String, $first: Int, $after: String) {
  undrilledUnits(regionCode: $regionCode, asOf: $asOf, first: $first, after: $after) {
    edges { node { organisationId regionCode lastDrillOn dueBy rule { subject subjectValue intervalMonths source } } }
    pageInfo { hasNextPage endCursor } } }`;
export const PLANS_NOT_DRILLED = `query($regionCode: String!, $asOf: String) {
  plansNotDrilled(regionCode: $regionCode, asOf: $asOf) {
    edges { node { plan { id } lastDrillOn dueBy rule { subjectValue intervalMonths } } } } }`;
export const OPEN_PAST_DEADLINE = `query($regionCode: String!, $asOf: String, $first: Int, $after: String) {
  openFindingsPastDeadline(regionCode: $regionCode, asOf: $asOf, first: $first, after: $after) {
    edges { node { ${ACTION_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
