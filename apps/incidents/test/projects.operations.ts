import { registerOrganisations, type TestSubgraph } from '@emergency/testing';
import { allocate, contribute, contributeGoods, establishFund, reportIncident } from './fixtures';

/** The reconstruction project and relief payment features' operations, and the fixtures their tests share. */

const PROJECT_FIELDS = `id name category regionCode status percentComplete acceptingBody plannedInvestmentFen
  paidFen settledFen fund { id } ownerOrganisation { id } statusHistory { status on }
  contracts { id amountFen paidFen settledAmountFen signedOn reference contractorOrganisation { id } }
  progress { percentComplete milestone reportedOn }
  payments { id amountFen refundedFen netFen paidOn voucherNumber contract { id }
    sources { allocationId paidFen netFen origins { contributionId amountFen } }
    refunds { amountFen reason } }`;

export const REGISTER_PROJECT = `mutation($input: RegisterReconstructionProjectInput!) {
  registerReconstructionProject(input: $input) { ${PROJECT_FIELDS} }
}`;
export const SIGN_CONTRACT = `mutation($input: SignProjectContractInput!) {
  signProjectContract(input: $input) { id amountFen paidFen signedOn reference contractorOrganisation { id } }
}`;
export const START_PROJECT = `mutation($projectId: ID!, $on: String!) {
  startReconstructionProject(input: { projectId: $projectId, startedOn: $on }) { id status }
}`;
export const REPORT_PROGRESS = `mutation($input: ReportProjectProgressInput!) {
  reportProjectProgress(input: $input) { id percentComplete }
}`;
export const MAKE_PAYMENT = `mutation($input: MakeProjectPaymentInput!) {
  makeProjectPayment(input: $input) {
    id amountFen refundedFen netFen contract { id paidFen }
    sources { allocationId paidFen netFen origins { contributionId amountFen } }
  }
}`;
export const REFUND_PAYMENT = `mutation($input: RefundProjectPaymentInput!) {
  refundProjectPayment(input: $input) {
    id amountFen refundedFen netFen sources { allocationId paidFen netFen origins { contributionId amountFen } }
    refunds { amountFen reason }
  }
}`;
export const COMPLETE_PROJECT = `mutation($projectId: ID!, $on: String!) {
  completeReconstructionProject(input: { projectId: $projectId, completedOn: $on }) { id status }
}`;
export const ACCEPT_PROJECT = `mutation($projectId: ID!, $on: String!, $body: String!) {
  acceptReconstructionProject(input: { projectId: $projectId, acceptedOn: $on, acceptingBody: $body }) { id status }
}`;
export const SETTLE_PROJECT = `mutation($input: SettleReconstructionProjectInput!) {
  settleReconstructionProject(input: $input) { id status settledFen }
}`;
export const PROJECT = `query($id: ID!) { reconstructionProject(id: $id) { ${PROJECT_FIELDS} } }`;
export const FUND_PROJECTS = `query($id: ID!, $first: Int, $after: String) { reconstructionFund(id: $id) {
  projects(first: $first, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
} }`;

export const RECORD_RELIEF = `mutation($input: RecordReliefPaymentInput!) {
  recordReliefPayment(input: $input) {
    id allocationId kind headName idNumber householdSize villageCode form amountFen paidOn publishedOn
    goods { description unit quantity unitValueFen }
  }
}`;
export const PUBLISH_VILLAGE_LIST = `mutation($input: PublishVillageReliefListInput!) {
  publishVillageReliefList(input: $input) { id villageCode form publishedOn amountFen }
}`;
export const VILLAGE_LIST = `query($fundId: ID!, $villageCode: String!, $first: Int, $after: String) {
  villageReliefList(fundId: $fundId, villageCode: $villageCode, first: $first, after: $after) {
    edges { node { id kind headName idNumber householdSize form amountFen paidOn publishedOn
      goods { description unit quantity unitValueFen } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A contractor: an enterprise of the county. */
export const CONTRACTOR = '00000000-0000-4000-8000-0000000e0001';
/** An active organisation that is not an enterprise. */
export const SCHOOL = '00000000-0000-4000-8000-0000000e0002';
/** The county where projects are built and villages paid (incidents are reported in 421100). */
export const COUNTY = '421121';
export const VILLAGE = '421121001001';
export const OTHER_VILLAGE = '421121001002';

/** Registers the contractor and the school in `sut`'s projection, with their types. */
export async function registerContractors(sut: TestSubgraph): Promise<void> {
  await registerOrganisations(sut, [
    {
      id: CONTRACTOR,
      name: 'Hubei Water Conservancy Construction Co.',
      regionCode: COUNTY,
      type: 'ENTERPRISE',
    },
    { id: SCHOOL, name: 'Tuanfeng No. 2 Middle School', regionCode: COUNTY, type: 'SCHOOL' },
  ]);
}

/** A fund of a new incident with `raised` fen paid in, as contributions of the given amounts (oldest first). */
export async function fundWith(sut: TestSubgraph, ...amounts: string[]) {
  const fund = await establishFund(sut, (await reportIncident(sut)).id);
  const contributions = [];
  for (const amountFen of amounts) contributions.push(await contribute(sut, fund.id, { amountFen }));
  return { fund, contributions };
}

/** An allocation of `amountFen` to a project, whose owner receives it, for the project's category. */
export async function allocateToProject(
  sut: TestSubgraph,
  fundId: string,
  projectId: string,
  amountFen: string,
  category = 'WATER',
) {
  return allocate(sut, fundId, {
    organisationId: undefined,
    projectId,
    purposeCategory: category,
    amountFen,
    purpose: 'Dike section reconstruction',
  });
}

/** An in-kind allocation of `quantity` bags of rice at 5000 fen each, from a donation of them, to `organisationId`. */
export async function allocateRiceInKind(
  sut: TestSubgraph,
  fundId: string,
  organisationId: string,
  quantity = 10,
) {
  const rice = { description: 'Rice', unit: 'bag' };
  const contribution = await contributeGoods(
    sut,
    fundId,
    [{ ...rice, quantity, unitValueFen: 5000n }],
    'Invoice price',
    {
      contributorName: 'Hubei Grain Group',
    },
  );
  const allocation = await allocate(sut, fundId, {
    organisationId,
    amountFen: undefined,
    form: 'IN_KIND',
    goods: { contributionId: contribution.id, lines: [{ ...rice, quantity }] },
    purposeCategory: 'LIVING_RELIEF',
    purpose: 'Rice for households',
  });
  return { allocationId: allocation.id, contributionId: contribution.id };
}

/** What is left of each contribution of an allocation (drawn less used and returned), in the order drawn. */
export async function leftOf(sut: TestSubgraph, allocationId: string) {
  const { rows } = await sut.db.query(
    `SELECT contribution_id, (amount_fen - used_fen - returned_fen)::text AS left
     FROM allocation_source WHERE allocation_id = $1 ORDER BY position`,
    [allocationId],
  );
  return (rows as { contribution_id: string; left: string }[]).map((r) => [r.contribution_id, r.left]);
}

/** Rows of every table a refused project or relief write could touch, and the outbox. */
export async function writtenByProjects(sut: TestSubgraph) {
  const { rows } = await sut.db.query(
    `SELECT (SELECT count(*) FROM reconstruction_project)::int AS projects,
            (SELECT string_agg(id || status || percent_complete, ',' ORDER BY id) FROM reconstruction_project) AS states,
            (SELECT count(*) FROM project_contract)::int AS contracts,
            (SELECT count(*) FROM project_progress)::int AS progress,
            (SELECT count(*) FROM project_payment)::int AS payments,
            (SELECT sum(refunded_fen)::text FROM project_payment) AS refunded,
            (SELECT count(*) FROM project_payment_origin)::int AS origins,
            (SELECT count(*) FROM project_refund)::int AS refunds,
            (SELECT count(*) FROM relief_payment)::int AS relief,
            (SELECT count(*) FROM relief_payment WHERE publication_id IS NOT NULL)::int AS published,
            (SELECT count(*) FROM village_relief_publication)::int AS publications,
            (SELECT sum(used_fen)::text FROM allocation_source) AS used,
            (SELECT sum(used_quantity)::int FROM allocation_item) AS goods_used,
            (SELECT count(*) FROM outbox)::int AS outbox`,
  );
  return rows[0] as Record<string, unknown>;
}

/** The outbox payloads of `eventType` whose `field` is `id`, oldest first. */
export async function published(sut: TestSubgraph, eventType: string, field: string, id: string) {
  const { rows } = await sut.db.query(
    `SELECT payload FROM outbox WHERE event_type = $1 AND payload->>$2 = $3 ORDER BY seq`,
    [eventType, field, id],
  );
  return (rows as { payload: Record<string, unknown> }[]).map((r) => r.payload);
}
