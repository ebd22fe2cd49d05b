import { randomUUID } from 'node:crypto';
import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';

/** The audited unit of the tests: Tuanfeng county's civil affairs bureau, and another county's. */
export const TUANFENG_UNIT = '00000000-0000-4000-8000-0000000a0121';
export const OTHER_UNIT = '00000000-0000-4000-8000-0000000a0122';
export const LEAD = '00000000-0000-4000-8000-0000000b0001';
export const MEMBER = '00000000-0000-4000-8000-0000000b0002';
export const OWNER = '00000000-0000-4000-8000-0000000b0003';

/** The provincial audit office's auditor, the audited unit's operator, another unit's, and a prefecture's auditor. */
export const provincialAuditor = (): Identity => identities.auditor('420000');
export const tuanfengUnit = (): Identity => identities.operator('421121', TUANFENG_UNIT);
export const otherUnit = (): Identity => identities.operator('421122', OTHER_UNIT);
export const xianningAuditor = (): Identity => identities.auditor('421200');

const FINDING_FIELDS = `id status type title amountFen auditedOrganisationId regionCode issuedOn responseDueOn response
  respondedAt rectificationState recoveredFen savedFen transferredForHandling recoveryFlowIds anomalyIds
  evidence { kind id note } engagement { id stage }
  recommendations { id text adopted decidedOn }
  rectification { responseLate noObjectionFrom problemListDueOn problemListIssuedOn rectifyBy rectificationListDueOn
    rectificationListIssuedOn verifiedOn overdue
    items { id text ownerPersonId dueOn state note overdue evidence { kind id }
      history { state note byAuditedUnit evidence { kind id } } } }`;

const ENGAGEMENT_FIELDS = `id title incidentId fundId regionCode periodFrom periodTo leadPersonId teamPersonIds stage
  reportIssuedOn problemListDueOn`;

export const OPEN_ENGAGEMENT = `mutation ($input: OpenAuditEngagementInput!) {
  openAuditEngagement(input: $input) { ${ENGAGEMENT_FIELDS} } }`;
export const ADVANCE_ENGAGEMENT = `mutation ($input: AdvanceAuditEngagementInput!) {
  advanceAuditEngagement(input: $input) { ${ENGAGEMENT_FIELDS} } }`;
export const ENGAGEMENT = `query ($id: ID!) { auditEngagement(id: $id) { ${ENGAGEMENT_FIELDS} } }`;
export const ENGAGEMENTS = `query ($filter: AuditEngagementFilter, $first: Int, $after: String) {
  auditEngagements(filter: $filter, first: $first, after: $after) {
    edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
export const RECORD_FINDING = `mutation ($input: RecordAuditFindingInput!) {
  recordAuditFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const ISSUE_FINDING = `mutation ($input: IssueAuditFindingInput!) {
  issueAuditFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const RESPOND = `mutation ($input: RespondToAuditFindingInput!) {
  respondToAuditFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const ISSUE_PROBLEM_LIST = `mutation ($input: IssueProblemListInput!) {
  issueAuditProblemList(input: $input) { ${FINDING_FIELDS} } }`;
export const ISSUE_RECTIFICATION_LIST = `mutation ($input: IssueRectificationListInput!) {
  issueRectificationList(input: $input) { ${FINDING_FIELDS} } }`;
export const UPDATE_ITEM = `mutation ($input: UpdateRectificationItemInput!) {
  updateRectificationItem(input: $input) { id state note overdue history { state byAuditedUnit } } }`;
export const VERIFY = `mutation ($input: VerifyAuditFindingInput!) {
  verifyAuditFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const RECORD_OUTCOME = `mutation ($input: RecordFindingOutcomeInput!) {
  recordFindingOutcome(input: $input) { ${FINDING_FIELDS} } }`;
export const FINDING = `query ($id: ID!) { auditFinding(id: $id) { ${FINDING_FIELDS} } }`;
export const FINDINGS = `query ($filter: AuditFindingFilter, $first: Int, $after: String) {
  auditFindings(filter: $filter, first: $first, after: $after) {
    edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;
export const RATES = `query ($regionCode: String!, $incidentId: ID) {
  auditFollowUpRates(regionCode: $regionCode, incidentId: $incidentId) {
    regionCode incidentId recommendationsMade recommendationsAdopted adoptionRate findingsMade findingsRectified
    rectificationRate recoveredFen savedFen transferredForHandling } }`;
export const RULES = `query ($regionCode: String!) {
  rectificationRules(regionCode: $regionCode) { regionPrefix key days source } }`;
export const SET_RULES = `mutation ($input: SetRectificationRulesInput!) {
  setRectificationRules(input: $input) { regionPrefix key days source } }`;

export interface Evidence {
  kind: string;
  id: string;
  note?: string | null;
}

export interface Item {
  id: string;
  text: string;
  ownerPersonId: string;
  dueOn: string;
  state: string | null;
  note: string | null;
  overdue: boolean;
  evidence: Evidence[];
  history: { state: string; note: string | null; byAuditedUnit: boolean; evidence: Evidence[] }[];
}

export interface Finding {
  id: string;
  status: string;
  type: string;
  title: string;
  amountFen: string;
  auditedOrganisationId: string;
  regionCode: string;
  issuedOn: string | null;
  responseDueOn: string | null;
  response: string | null;
  rectificationState: string | null;
  recoveredFen: string;
  savedFen: string;
  transferredForHandling: boolean;
  recoveryFlowIds: string[];
  anomalyIds: string[];
  engagement: { id: string; stage: string } | null;
  recommendations: { id: string; text: string; adopted: boolean | null; decidedOn: string | null }[];
  rectification: {
    responseLate: boolean | null;
    noObjectionFrom: string | null;
    problemListDueOn: string | null;
    problemListIssuedOn: string | null;
    rectifyBy: string | null;
    rectificationListDueOn: string | null;
    rectificationListIssuedOn: string | null;
    verifiedOn: string | null;
    overdue: string[];
    items: Item[];
  };
}

export interface Engagement {
  id: string;
  leadPersonId: string;
  stage: string;
  regionCode: string;
  reportIssuedOn: string | null;
  problemListDueOn: string | null;
}

/** An anomaly as the anomaly feature raises it: a row in audit_anomaly, OPEN. */
export async function insertAnomaly(
  sut: Pick<TestSubgraph, 'db'>,
  { regionCode = '421121', amountFen = 120_000_00n, status = 'OPEN' } = {},
): Promise<string> {
  const id = randomUUID();
  await sut.db.query(
    `INSERT INTO audit_anomaly (id, rule_key, dedupe_key, region_code, amount_fen, summary, evidence, status,
       dismissed_reason, detected_at)
     VALUES ($1, 'LATE_DISBURSEMENT', $2, $3, $4, 'housing subsidies disbursed late', $5::jsonb, $6, $7, now())`,
    [
      id,
      `late:${id}`,
      regionCode,
      amountFen.toString(),
      JSON.stringify([{ kind: 'Flow', id: randomUUID(), note: 'allocation received 2026-07-10' }]),
      status,
      status === 'DISMISSED' ? 'explained by the county' : null,
    ],
  );
  return id;
}

/** A flow in the ledger (as the ledger records one from a money event); `reverses` makes it a return. */
export async function insertFlow(
  sut: Pick<TestSubgraph, 'db'>,
  { reverses = null as string | null, amountFen = 10_000_00n } = {},
): Promise<string> {
  const id = randomUUID();
  await sut.db.query(
    `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_name, description, occurred_at,
       source_event_id, source_event_type, reverses)
     VALUES ($1, 'ALLOCATED', $2, $3, $4, 'payer', 'payee', 'test flow', now(), $5, 'test', $6)`,
    [id, randomUUID(), randomUUID(), amountFen.toString(), randomUUID(), reverses],
  );
  return id;
}

export const engagementInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tracking audit of the Ju River flood fund',
  regionCode: '421100',
  periodFrom: '2026-07-01',
  periodTo: '2026-12-31',
  leadPersonId: LEAD,
  teamPersonIds: [LEAD, MEMBER],
  ...overrides,
});

export const findingInput = (engagementId: string, overrides: Record<string, unknown> = {}) => ({
  engagementId,
  type: 'LATE_DISBURSEMENT',
  title: 'Housing subsidies disbursed late',
  description: 'Tuanfeng county paid the housing subsidies 40 days after the allocation arrived.',
  amountFen: '12000000',
  auditedOrganisationId: TUANFENG_UNIT,
  regionCode: '421121',
  evidence: [{ kind: 'Flow', id: randomUUID(), note: 'the allocation' }],
  recommendations: ['Pay the remaining households at once', 'Set a disbursement timetable'],
  ...overrides,
});
