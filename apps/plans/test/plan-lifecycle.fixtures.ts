import { identities, type OrganisationFixture, type TestSubgraph } from '@emergency/testing';
import { draftPlan, HUANGGANG_EMERGENCY, HUBEI_EMERGENCY, type Plan } from './fixtures';

export { HUANGGANG_EMERGENCY, HUBEI_EMERGENCY };

export const TUANFENG_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0003',
  name: 'Tuanfeng County Emergency Management Bureau',
  regionCode: '421121',
};
/** Owns only the plans of the indicator test, so its counts are its own. */
export const HUANGGANG_WATER: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0004',
  name: 'Huanggang Water Resources Bureau',
  regionCode: '421100',
};

const VERSION_FIELDS = `version status sections { organisationAndDuties preventionAndWarning responseProcedures
  support recovery } attachments { title reference } revisionTrigger revisionNote major approvingBody
  approvalMeeting approvedOn issuedOn supersededOn filingDueOn filedOn filedWith { id } filingReceiptNumber
  filedLate filingOverdue`;

export const LIFECYCLE_FIELDS = `id status reviewDueOn retiredOn retiredReason
  currentVersion { ${VERSION_FIELDS} } draftVersion { ${VERSION_FIELDS} }
  versions { edges { node { version status } } }`;

export interface Version {
  version: number;
  status: string;
  sections: Record<string, string | null>;
  attachments: { title: string; reference: string }[];
  revisionTrigger: string | null;
  revisionNote: string | null;
  major: boolean;
  approvingBody: string | null;
  approvalMeeting: string | null;
  approvedOn: string | null;
  issuedOn: string | null;
  supersededOn: string | null;
  filingDueOn: string | null;
  filedOn: string | null;
  filedWith: { id: string } | null;
  filingReceiptNumber: string | null;
  filedLate: boolean | null;
  filingOverdue: boolean;
}
export interface LifecyclePlan {
  id: string;
  status: string;
  reviewDueOn: string | null;
  retiredOn: string | null;
  retiredReason: string | null;
  currentVersion: Version | null;
  draftVersion: Version | null;
  versions: { edges: { node: { version: number; status: string } }[] };
}

export const PLAN = `query($id: ID!) { contingencyPlan(id: $id) { ${LIFECYCLE_FIELDS} } }`;
export const REVISE = `mutation($input: RevisePlanInput!) { revisePlan(input: $input) { ${LIFECYCLE_FIELDS} } }`;
export const EDIT = `mutation($input: EditPlanDraftInput!) {
  editPlanDraft(input: $input) { ${LIFECYCLE_FIELDS} } }`;
export const APPROVE = `mutation($input: ApprovePlanInput!) { approvePlan(input: $input) { ${LIFECYCLE_FIELDS} } }`;
export const ISSUE = `mutation($input: IssuePlanInput!) { issuePlan(input: $input) { ${LIFECYCLE_FIELDS} } }`;
export const FILE = `mutation($input: RecordPlanFilingInput!) {
  recordPlanFiling(input: $input) { ${LIFECYCLE_FIELDS} } }`;
export const EVALUATE = `mutation($input: RecordPlanEvaluationInput!) {
  recordPlanEvaluation(input: $input) { id evaluatedOn conclusion findings dueOn onTime nextDueOn } }`;
export const RETIRE = `mutation($input: RetirePlanInput!) { retirePlan(input: $input) { ${LIFECYCLE_FIELDS} } }`;
export const SET_RULES = `mutation($input: SetPlanCycleRulesInput!) {
  setPlanCycleRules(input: $input) { regionPrefix planType filingWorkingDays evaluationYears source } }`;
export const RULES = `query($regionCode: String!) {
  planCycleRules(regionCode: $regionCode) { regionPrefix planType filingWorkingDays evaluationYears source } }`;
export const OVERDUE = `query($regionCode: String!, $kind: PlanOverdueKind, $asOf: String, $first: Int, $after: String) {
  overduePlans(regionCode: $regionCode, kind: $kind, asOf: $asOf, first: $first, after: $after) {
    edges { node { plan { id } kind dueOn version } } pageInfo { hasNextPage endCursor } } }`;
export const CATALOGUE = `query($filter: ContingencyPlanFilter) {
  contingencyPlans(filter: $filter, first: 100) { edges { node { id } } } }`;

export const SECTIONS = {
  organisationAndDuties:
    'The municipal flood control headquarters leads; its office sits in the water bureau.',
  preventionAndWarning: 'Rain and river gauges on the Ju River; warnings blue to red.',
  responseProcedures: 'Level IV to I response by river stage and forecast.',
  support: 'Rescue teams, sandbags and boats from the municipal depot.',
  recovery: 'Damage assessment and reconstruction within the year.',
};

export const ATTACHMENTS = [{ title: 'Contact list', reference: 'urn:doc:hgfx-2026-contacts' }];

/** A plan drafted with its version 1 text; Huanggang's flood plan unless `overrides` says otherwise. */
export const draftWithText = (sut: TestSubgraph, overrides: Record<string, unknown> = {}): Promise<Plan> =>
  draftPlan(sut, { reviewDueOn: null, sections: SECTIONS, attachments: ATTACHMENTS, ...overrides });

export async function lifecycle<K extends string>(
  sut: TestSubgraph,
  mutation: string,
  field: K,
  input: Record<string, unknown>,
  identity = identities.admin(),
): Promise<LifecyclePlan> {
  const data = await sut.call<Record<K, LifecyclePlan>>(mutation, { input }, identity);
  return data[field];
}

export const approveInput = (planId: string, approvedOn: string) => ({
  planId,
  approvingBody: 'Huanggang Municipal People’s Government',
  meeting: 'Executive meeting of the municipal government',
  approvedOn,
});

/** Drafts, approves and issues a plan on `issuedOn` (the clock must stand on or after it). */
export async function issuedPlan(
  sut: TestSubgraph,
  issuedOn: string,
  overrides: Record<string, unknown> = {},
): Promise<LifecyclePlan> {
  const plan = await draftWithText(sut, overrides);
  await lifecycle(sut, APPROVE, 'approvePlan', approveInput(plan.id, issuedOn));
  return lifecycle(sut, ISSUE, 'issuePlan', { planId: plan.id, issuedOn });
}
