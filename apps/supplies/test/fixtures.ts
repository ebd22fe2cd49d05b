import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Identity } from '@emergency/auth';
import {
  FundAllocated,
  FundAllocatedV1Contract,
  FundAllocationReturned,
  IncidentReportedV1Contract,
  type FundAllocatedV1,
  type FundAllocatedV3,
  type FundAllocationReturnedV1,
} from '@emergency/contracts';
import { domainTopic } from '@emergency/events';
import {
  eventually,
  identities,
  publishEvent,
  registerOrganisations,
  startTestSubgraph,
  testProducer,
  type OrganisationFixture,
  type TestSubgraph,
} from '@emergency/testing';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import { ALLOCATION_BALANCE, RECORD_PROCUREMENT } from './procurement.operations';

/** The supplies subgraph for one test file, on a fresh database and topic prefix. */
export function startSupplies(): Promise<TestSubgraph> {
  return startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT, { LOG_LEVEL: 'error' });
}

export const COUNTY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000c001',
  name: 'Tuanfeng County Emergency Management Bureau',
  regionCode: '421121',
};
export const OTHER_COUNTY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000c002',
  name: 'Luotian County Emergency Management Bureau',
  regionCode: '421123',
};
export const FINANCE: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000f001',
  name: 'Hubei Provincial Department of Finance',
  regionCode: '420000',
  type: 'FINANCE_BUREAU',
};

/** Plays the organisations service registering `organisations`, and waits until supplies knows them. */
export const registerParties = (
  sut: TestSubgraph,
  organisations: OrganisationFixture[] = [COUNTY, OTHER_COUNTY, FINANCE],
) => registerOrganisations({ db: sut.db, topicPrefix: sut.topicPrefix }, organisations);

/** The run's incidents topic, which the test publishes on in the incidents service's stead. */
export interface IncidentsTopic {
  producer: Producer;
  topic: string;
}

export async function incidentsTopicOf(sut: TestSubgraph): Promise<IncidentsTopic> {
  return { producer: await testProducer(), topic: domainTopic('incidents', sut.topicPrefix) };
}

/** The supplies subgraph for one test file, knowing `parties`, with the incidents topic to play that service on. */
export async function startWithIncidents(
  parties?: OrganisationFixture[],
): Promise<{ sut: TestSubgraph; incidents: IncidentsTopic }> {
  const sut = await startSupplies();
  let incidents: IncidentsTopic | undefined;
  try {
    incidents = await incidentsTopicOf(sut);
    await registerParties(sut, parties);
    return { sut, incidents };
  } catch (error) {
    await stopWithIncidents(sut, incidents);
    throw error;
  }
}

/** Stops what {@link startWithIncidents} started, as far as it got. */
export async function stopWithIncidents(sut?: TestSubgraph, incidents?: IncidentsTopic): Promise<void> {
  await incidents?.producer.disconnect();
  await sut?.stop();
}

/** The incident an allocation's fund serves, as the incidents service announces it. */
export const incidentReported = (incidentId: string, regionCode: string) => ({
  incidentId,
  title: 'Ju River flood',
  category: 'NATURAL_DISASTER',
  severity: 'II',
  regionCode,
  occurredAt: '2026-07-06T04:30:00+08:00',
});

/** An allocation of `amountFen` from the province's finance department to the county office. */
export const allocation = (amountFen: string, overrides: Partial<FundAllocatedV1> = {}): FundAllocatedV1 => ({
  allocationId: randomUUID(),
  fundId: randomUUID(),
  incidentId: randomUUID(),
  amountFen,
  currency: 'CNY',
  purpose: 'Emergency supplies for displaced households',
  payerOrganisationId: FINANCE.id,
  payeeOrganisationId: COUNTY.id,
  sources: [{ flowId: randomUUID(), amountFen }],
  ...overrides,
});

/**
 * Plays the incidents service: an incident in `regionCode` (Tuanfeng county unless said otherwise; none for
 * `null`) and an allocation of `amountFen` from its fund to the county office, as their events.
 */
export async function allocate(
  incidents: IncidentsTopic,
  amountFen: string,
  overrides: Partial<FundAllocatedV1> = {},
  regionCode: string | null = '421121',
): Promise<FundAllocatedV1> {
  const data = allocation(amountFen, overrides);
  if (regionCode) {
    await publishEvent(
      incidents.producer,
      incidents.topic,
      IncidentReportedV1Contract,
      data.incidentId,
      incidentReported(data.incidentId, regionCode),
    );
  }
  await publishEvent(incidents.producer, incidents.topic, FundAllocatedV1Contract, data.fundId, data);
  return data;
}

export interface Balance {
  amountFen: string;
  spentFen: string;
  returnedFen: string;
  remainingFen: string;
}

export const balanceOf = async (
  sut: TestSubgraph,
  allocationId: string,
  identity: Identity = identities.admin(),
) =>
  (await sut.call<{ allocationBalance: Balance | null }>(ALLOCATION_BALANCE, { id: allocationId }, identity))
    .allocationBalance;

/** Waits until supplies knows the allocation and, when `incidentId` is given, its incident's region. */
export const known = (sut: TestSubgraph, allocationId: string, incidentId?: string) =>
  eventually(
    async () => {
      const balance = await balanceOf(sut, allocationId);
      if (!balance) throw new Error(`allocation ${allocationId} not yet projected`);
      if (incidentId) {
        const regions = await sut.db.query(`SELECT 1 FROM known_incident WHERE id = $1`, [incidentId]);
        if (regions.rowCount !== 1) throw new Error(`incident ${incidentId} not yet projected`);
      }
      return balance;
    },
    { timeoutMs: 30_000 },
  );

/** The variables of a purchase from `allocationId`: 1,500 family tents unless `overrides` says otherwise. */
export const purchase = (allocationId: string, overrides: Record<string, unknown> = {}) => ({
  input: {
    allocationId,
    supplierName: 'Wuhan Relief Materials Co., Ltd.',
    itemDescription: 'Family tents, 12 m²',
    quantity: 1500,
    unitPriceFen: '128000',
    ...overrides,
  },
});

export interface Procurement {
  id: string;
  supplierName: string;
  itemDescription: string;
  quantity: number;
  unitPriceFen: string;
  amountFen: string;
  allocation: { id: string } | null;
  payerOrganisation: { id: string } | null;
  incident: { id: string } | null;
}

export async function recordProcurement(
  sut: TestSubgraph,
  allocationId: string,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<Procurement> {
  const { recordProcurement } = await sut.call<{ recordProcurement: Procurement }>(
    RECORD_PROCUREMENT,
    purchase(allocationId, overrides),
    identity,
  );
  return recordProcurement;
}

/** How much of one contribution an allocation drew, or a return gave back. */
export interface Drawn {
  contributionId: string;
  amountFen: string;
}

const sourcesOf = (drawn: readonly Drawn[]) =>
  drawn.map((d) => ({ flowId: d.contributionId, amountFen: d.amountFen, origins: [{ ...d }] }));

const sumOf = (drawn: readonly Drawn[]) => drawn.reduce((sum, d) => sum + BigInt(d.amountFen), 0n).toString();

/**
 * Plays the incidents service under the money model: an allocation (FundAllocated v3) from a fund to the county
 * office drawing on `contributions` in the order given, and the incident it serves (in Tuanfeng county).
 */
export async function allocateFrom(
  incidents: IncidentsTopic,
  contributions: readonly Drawn[],
  overrides: { fundId?: string; incidentId?: string; recipientId?: string; projectId?: string } = {},
): Promise<FundAllocatedV3> {
  const allocationId = randomUUID();
  const fundId = overrides.fundId ?? randomUUID();
  const incidentId = overrides.incidentId ?? randomUUID();
  const data: FundAllocatedV3 = {
    allocationId,
    purposeCategory: 'SUPPLIES',
    purpose: 'Emergency supplies for displaced households',
    money: {
      flowId: allocationId,
      stage: 'ALLOCATED',
      reverses: null,
      fundId,
      allocationId,
      projectId: overrides.projectId ?? null,
      incidentId,
      amountFen: sumOf(contributions),
      currency: 'CNY',
      form: 'CASH',
      goods: [],
      valuationBasis: null,
      payer: { organisationId: FINANCE.id, name: null },
      payee: { organisationId: overrides.recipientId ?? COUNTY.id, name: null },
      sources: sourcesOf(contributions),
      description: 'Emergency supplies for displaced households',
      occurredAt: new Date().toISOString(),
    },
  };
  await publishEvent(
    incidents.producer,
    incidents.topic,
    IncidentReportedV1Contract,
    incidentId,
    incidentReported(incidentId, '421121'),
  );
  await publishEvent(incidents.producer, incidents.topic, FundAllocated, fundId, data);
  return data;
}

/** Plays the incidents service returning `given` of an allocation to its fund (FundAllocationReturned). */
export async function returnOf(
  incidents: IncidentsTopic,
  allocation: FundAllocatedV3,
  given: readonly Drawn[],
  returnId: string = randomUUID(),
): Promise<FundAllocationReturnedV1> {
  const data: FundAllocationReturnedV1 = {
    returnId,
    allocationId: allocation.allocationId,
    destination: 'FUND',
    reason: 'Not needed after the water receded',
    revoked: false,
    money: {
      ...allocation.money,
      flowId: returnId,
      reverses: allocation.allocationId,
      amountFen: sumOf(given),
      payer: allocation.money.payee,
      payee: allocation.money.payer,
      sources: sourcesOf(given),
      description: 'Returned to the fund',
      occurredAt: new Date().toISOString(),
    },
  };
  await publishEvent(
    incidents.producer,
    incidents.topic,
    FundAllocationReturned,
    allocation.money.fundId,
    data,
  );
  return data;
}
