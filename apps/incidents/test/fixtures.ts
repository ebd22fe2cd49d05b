import { randomUUID } from 'node:crypto';
import type { Identity } from '@emergency/auth';
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

export const contributionInput = (fundId: string, overrides: Overrides = {}) => ({
  input: {
    fundId,
    kind: 'DONATION',
    status: 'PAID',
    amountFen: '1000',
    contributorName: 'Hubei Charity Federation',
    ...overrides,
  },
});

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

/** A donor's direction of a contribution: its purpose, its recipient, or both (written as recording it would). */
export async function directContribution(
  sut: TestSubgraph,
  contributionId: string,
  direction: { purpose?: string; organisationId?: string },
): Promise<void> {
  await sut.db.query(
    `UPDATE fund_contribution SET directed_purpose = $2, directed_organisation_id = $3 WHERE id = $1`,
    [contributionId, direction.purpose ?? null, direction.organisationId ?? null],
  );
}

/** A paid contribution of goods in kind: the lines, valued at their unit values, and their valuation basis. */
export async function contributeGoods(
  sut: TestSubgraph,
  fundId: string,
  lines: { description: string; unit: string; quantity: number; unitValueFen: bigint }[],
  valuationBasis = 'Invoice of the donor',
): Promise<Contribution> {
  const valueFen = lines.reduce((sum, l) => sum + BigInt(l.quantity) * l.unitValueFen, 0n);
  const contribution = await contribute(sut, fundId, {
    amountFen: valueFen.toString(),
    contributorName: 'Hubei Red Cross Society',
  });
  await sut.db.query(`UPDATE fund_contribution SET form = 'IN_KIND', valuation_basis = $2 WHERE id = $1`, [
    contribution.id,
    valuationBasis,
  ]);
  for (const [position, line] of lines.entries()) {
    await sut.db.query(
      `INSERT INTO contribution_item (contribution_id, position, description, unit, quantity, unit_value_fen)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [contribution.id, position, line.description, line.unit, line.quantity, line.unitValueFen.toString()],
    );
  }
  return contribution;
}

/** A reconstruction project of a fund, owned by an organisation (the county bureau unless told). */
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
