import { randomUUID } from 'node:crypto';
import type { Identity } from '@emergency/auth';
import { chinaToday } from '@emergency/domain';
import {
  eventually,
  identities,
  registerOrganisations,
  startTestSubgraph,
  type TestSubgraph,
  type TopicReader,
} from '@emergency/testing';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import {
  ALLOCATE_FUND,
  ESTABLISH_FUND,
  FUND,
  FUND_TOTALS,
  RECORD_CONTRIBUTION,
  RECORD_FULL_CONTRIBUTION,
} from './funds.operations';
import { REPORT_INCIDENT } from './incidents.operations';

// Registered through the organisations topic when the subgraph starts: a provincial bureau manages the funds, so
// allocations may go to any organisation of the province.
export const FINANCE_BUREAU = '00000000-0000-4000-8000-00000000f001';
export const COUNTY_BUREAU = '00000000-0000-4000-8000-00000000c001';
/** An id nothing has. */
export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** The incidents subgraph for one test file, knowing the finance and county bureaus. */
export async function startIncidents(): Promise<TestSubgraph> {
  const sut = await startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT);
  await registerOrganisations(sut, [
    { id: FINANCE_BUREAU, name: 'Hubei Provincial Department of Finance', regionCode: '420000' },
    { id: COUNTY_BUREAU, name: 'Tuanfeng County Emergency Management Bureau', regionCode: '421121' },
  ]);
  return sut;
}

export interface Incident {
  id: string;
  title: string;
  category: string;
  severity: string;
  regionCode: string;
  occurredAt: string;
  status: string;
  createdAt: string;
}

export interface Fund {
  id: string;
  name: string;
  pledgedFen: string;
  raisedFen: string;
  allocatedFen: string;
  availableFen: string;
}

export interface Contribution {
  id: string;
  kind: string;
  status: string;
  amountFen: string;
  contributorName: string;
  payerOrganisation: { id: string } | null;
  fund: { id: string };
}

export interface Allocation {
  id: string;
  amountFen: string;
  purpose: string;
  recipientOrganisation: { id: string };
  fund: { id: string };
  sources: { amountFen: string; contribution: { id: string; amountFen: string; status: string } }[];
}

type Overrides = Record<string, unknown>;

export const incidentInput = (overrides: Overrides = {}) => ({
  input: {
    title: 'Ju River flood, Huanggang',
    category: 'NATURAL_DISASTER',
    severity: 'II',
    regionCode: '421100',
    occurredAt: '2026-07-06T04:30:00+08:00',
    ...overrides,
  },
});

export async function reportIncident(
  sut: TestSubgraph,
  overrides: Overrides = {},
  identity: Identity = identities.admin(),
): Promise<Incident> {
  const data = await sut.call<{ reportIncident: Incident }>(
    REPORT_INCIDENT,
    incidentInput(overrides),
    identity,
  );
  return data.reportIncident;
}

export const fundInput = (incidentId: string, overrides: Overrides = {}) => ({
  input: {
    incidentId,
    name: 'Flood reconstruction fund',
    managingOrganisationId: FINANCE_BUREAU,
    ...overrides,
  },
});

export type EstablishedFund = Fund & { incident: { id: string }; managingOrganisation: { id: string } };

export async function establishFund(
  sut: TestSubgraph,
  incidentId: string,
  overrides: Overrides = {},
): Promise<EstablishedFund> {
  const data = await sut.call<{ establishReconstructionFund: EstablishedFund }>(
    ESTABLISH_FUND,
    fundInput(incidentId, overrides),
  );
  return data.establishReconstructionFund;
}

/**
 * A contribution as recorded: a paid cash donation unless overridden, with what its kind and status need (a
 * donation's channel, an appropriation's level, a payment's day and voucher) unless overridden too.
 */
export const contributionInput = (fundId: string, overrides: Overrides = {}) => {
  const input: Overrides = {
    fundId,
    kind: 'DONATION',
    status: 'PAID',
    amountFen: '1000',
    contributorName: 'Hubei Charity Federation',
    ...overrides,
  };
  return { input: { ...neededBy(input), ...input } };
};

/** What a contribution's kind and status need, for the tests that are about something else. */
function neededBy(input: Overrides): Overrides {
  return {
    ...(input.kind === 'DONATION' ? { channel: 'DOMESTIC' } : {}),
    ...(input.kind === 'APPROPRIATION' ? { fiscalLevel: 'PROVINCIAL' } : {}),
    ...(input.status === 'PAID' ? { paidOn: chinaToday(), voucherNumber: 'V-0001' } : {}),
  };
}

export async function contribute(
  sut: TestSubgraph,
  fundId: string,
  overrides: Overrides = {},
): Promise<Contribution> {
  const data = await sut.call<{ recordFundContribution: Contribution }>(
    RECORD_CONTRIBUTION,
    contributionInput(fundId, overrides),
  );
  return data.recordFundContribution;
}

export const allocationInput = (fundId: string, overrides: Overrides = {}) => ({
  input: {
    fundId,
    organisationId: COUNTY_BUREAU,
    amountFen: '100',
    purposeCategory: 'LIVING_RELIEF',
    purpose: 'Temporary housing',
    ...overrides,
  },
});

export async function allocate(
  sut: TestSubgraph,
  fundId: string,
  overrides: Overrides = {},
): Promise<Allocation> {
  const data = await sut.call<{ allocateFund: Allocation }>(
    ALLOCATE_FUND,
    allocationInput(fundId, overrides),
  );
  return data.allocateFund;
}

export async function fundById(sut: TestSubgraph, id: string, identity?: Identity): Promise<Fund> {
  return (await sut.call<{ reconstructionFund: Fund }>(FUND, { id }, identity)).reconstructionFund;
}

/** Rows of every table a refused write could touch, and the outbox. */
export async function written(sut: TestSubgraph) {
  return {
    incidents: await sut.count('incident'),
    funds: await sut.count('reconstruction_fund'),
    contributions: await sut.count('fund_contribution'),
    allocations: await sut.count('fund_allocation'),
    sources: await sut.count('allocation_source'),
    outbox: await sut.count('outbox'),
  };
}

/** A donor's direction, as contribution overrides: the purpose, the recipient organisation, or both. */
export const directedTo = (direction: { purpose?: string; organisationId?: string }): Overrides => ({
  directedPurpose: direction.purpose ?? null,
  directedOrganisationId: direction.organisationId ?? null,
});

/** A paid donation of goods in kind: the lines at their unit values, their valuation basis, any other overrides. */
export async function contributeGoods(
  sut: TestSubgraph,
  fundId: string,
  lines: { description: string; unit: string; quantity: number; unitValueFen: bigint }[],
  valuationBasis = 'Invoice of the donor',
  overrides: Overrides = {},
): Promise<Contribution> {
  return contribute(sut, fundId, {
    amountFen: undefined,
    form: 'IN_KIND',
    goods: lines.map((l) => ({ ...l, unitValueFen: l.unitValueFen.toString() })),
    valuationBasis,
    contributorName: 'Hubei Red Cross Society',
    ...overrides,
  });
}

/**
 * A reconstruction project of a fund, owned by an organisation (the county bureau unless told), written straight
 * into its table in the status a test of allocations needs (a settled one would take a whole project life).
 */
export async function addProject(
  sut: TestSubgraph,
  fundId: string,
  overrides: { category?: string; ownerOrganisationId?: string; status?: string } = {},
): Promise<{ id: string }> {
  const id = randomUUID();
  await sut.db.query(
    `INSERT INTO reconstruction_project
       (id, fund_id, name, category, region_code, owner_organisation_id, planned_investment_fen, status)
     VALUES ($1, $2, 'Tuanfeng No. 2 Middle School', $3, '421121', $4, 50000000, $5)`,
    [
      id,
      fundId,
      overrides.category ?? 'SCHOOLS',
      overrides.ownerOrganisationId ?? COUNTY_BUREAU,
      overrides.status ?? 'STARTED',
    ],
  );
  return { id };
}

// Contributions in full: their fields, the organisations that receive them, their events and the fund's totals.

/** Organisations that receive donations for a fund, registered by {@link registerReceivers}. */
export const RED_CROSS = '00000000-0000-4000-8000-00000000d001';
export const CHARITY_FEDERATION = '00000000-0000-4000-8000-00000000d002';

export async function registerReceivers(sut: TestSubgraph): Promise<void> {
  await registerOrganisations(sut, [
    { id: RED_CROSS, name: 'Hubei Red Cross Society', regionCode: '420000' },
    { id: CHARITY_FEDERATION, name: 'Hubei Charity Federation', regionCode: '420000' },
  ]);
}

export interface ContributionInFull extends Contribution {
  contributorType: string;
  fiscalLevel: string | null;
  programme: string | null;
  form: string;
  goods: { description: string; unit: string; quantity: number; unitValueFen: string; amountFen: string }[];
  valuationBasis: string | null;
  channel: string | null;
  receivingOrganisation: { id: string } | null;
  directedPurpose: string | null;
  directedOrganisation: { id: string } | null;
  paidOn: string | null;
  voucherNumber: string | null;
  statusReason: string | null;
  corrects: { id: string; status: string } | null;
  correctedBy: { id: string } | null;
  returnedFen: string;
}

/** Records a contribution (a paid cash donation unless overridden) and answers every field of it. */
export async function contributeInFull(
  sut: TestSubgraph,
  fundId: string,
  overrides: Overrides = {},
): Promise<ContributionInFull> {
  const data = await sut.call<{ recordFundContribution: ContributionInFull }>(
    RECORD_FULL_CONTRIBUTION,
    contributionInput(fundId, overrides),
  );
  return data.recordFundContribution;
}

/** Goods in kind: 500 family tents at 1,200 yuan, as a donation's overrides. */
export const TENTS = {
  form: 'IN_KIND',
  amountFen: null,
  goods: [{ description: 'Family tent', unit: 'piece', quantity: 500, unitValueFen: '120000' }],
  valuationBasis: 'Manufacturer’s invoice',
};

export interface FundTotalsRead {
  pledgedFen: string;
  raisedFen: string;
  raisedCashFen: string;
  raisedInKindFen: string;
  allocatedFen: string;
  availableFen: string;
}

export async function fundTotals(sut: TestSubgraph, id: string): Promise<FundTotalsRead> {
  return (await sut.call<{ reconstructionFund: FundTotalsRead }>(FUND_TOTALS, { id })).reconstructionFund;
}

/** Rows of every table a refused contribution could touch, and the outbox. */
export async function writtenByContributions(sut: TestSubgraph) {
  return {
    ...(await written(sut)),
    items: await sut.count('contribution_item'),
  };
}

/** The stored rows of a fund's contributions, oldest first: what a refused move must leave as it was. */
export async function contributionRows(sut: TestSubgraph, fundId: string) {
  const result = await sut.db.query(
    `SELECT id, status, amount_fen::text AS amount, paid_on::text AS paid_on, voucher_number, status_reason,
            corrects_id, drawn_fen::text AS drawn
     FROM fund_contribution WHERE fund_id = $1 ORDER BY created_at, id`,
    [fundId],
  );
  return result.rows as Record<string, string | null>[];
}

/** The data of the event of `type` (e.g. 'incidents.FundContributionPaid.v1') that `match` picks, once it arrives. */
export async function publishedData<T = Record<string, unknown>>(
  reader: TopicReader,
  type: string,
  match: (data: T) => boolean,
): Promise<T> {
  return eventually(
    async () => {
      const found = reader.messages.find((m) => m.headers.ce_type === type && match(m.value as T));
      if (!found) throw new Error(`no ${type} event yet`);
      return found.value as T;
    },
    { timeoutMs: 20_000 },
  );
}
