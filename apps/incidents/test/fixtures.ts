import type { Identity } from '@emergency/auth';
import { chinaToday } from '@emergency/domain';
import { identities, registerOrganisations, startTestSubgraph, type TestSubgraph } from '@emergency/testing';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import { ALLOCATE_FUND, ESTABLISH_FUND, FUND, RECORD_CONTRIBUTION } from './funds.operations';
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
