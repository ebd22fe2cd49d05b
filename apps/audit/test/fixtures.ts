import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Identity } from '@emergency/auth';
import {
  FundAllocatedV2Contract,
  FundAllocatedV1Contract,
  FundContributionRecordedV2Contract as FundContributionRecorded,
  FundContributionRecordedV1Contract,
  IncidentReported,
  ProcurementRecordedV2Contract,
  ProcurementRecordedV1Contract,
  ReconstructionFundEstablished,
  type FundContributionRecordedV1,
  type MoneyBlockV1,
} from '@emergency/contracts';
import { domainTopic, type EventContract } from '@emergency/events';
import {
  eventually,
  identities,
  publishEvent,
  startTestSubgraph,
  testProducer,
  type TestSubgraph,
} from '@emergency/testing';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import { TRACE, type Trace } from './ledger.operations';

export const FINANCE = '00000000-0000-4000-8000-00000000f001';
export const COUNTY = '00000000-0000-4000-8000-00000000c001';
export const TEN_TO_THE_15 = '1000000000000000';

/** The audit subgraph under test, with a producer to play the incidents and supplies services' parts. */
export interface Audit extends TestSubgraph {
  producer: Producer;
}

/** The audit subgraph for one test file, on a fresh database and topic prefix. */
export async function startAudit(): Promise<Audit> {
  const sut = await startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT, { LOG_LEVEL: 'error' });
  const producer = await testProducer();
  return {
    ...sut,
    producer,
    stop: async () => {
      await producer.disconnect();
      await sut.stop();
    },
  };
}

/** The topic of another domain under the run's prefix: where the audit reads that domain's events. */
export const topicOf = (sut: Audit, domain: 'incidents' | 'supplies') => domainTopic(domain, sut.topicPrefix);

/** Publishes `data` as the `domain` service would; returns the event's id. */
export const published = <T>(
  sut: Audit,
  domain: 'incidents' | 'supplies',
  contract: EventContract<T>,
  subject: string,
  data: T,
) => publishEvent(sut.producer, topicOf(sut, domain), contract, subject, data);

export interface FundRef {
  incidentId: string;
  fundId: string;
}

/** Plays the incidents service: an incident in `regionCode` with a fund managed by the finance bureau. */
export async function fundEstablished(sut: Audit, { regionCode = '421100' } = {}): Promise<FundRef> {
  const incidentId = randomUUID();
  const fundId = randomUUID();
  await published(sut, 'incidents', IncidentReported, incidentId, {
    incidentId,
    title: 'Ju River flood, Huanggang',
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    severity: 'II',
    regionCode,
    occurredAt: '2026-07-06T04:30:00+08:00',
    reportingOrganisationId: null,
    figures: {
      deaths: 3,
      missing: 1,
      injured: null,
      seriouslyInjured: null,
      relocated: 12_000,
      needingRelief: null,
      housesCollapsed: null,
      housesSeverelyDamaged: null,
      housesDamaged: null,
      directLossFen: null,
      affectedAreaHectares: null,
    },
  });
  await published(sut, 'incidents', ReconstructionFundEstablished, fundId, {
    fundId,
    incidentId,
    name: 'Huanggang flood reconstruction fund',
    managingOrganisationId: FINANCE,
    currency: 'CNY',
  });
  return { incidentId, fundId };
}

/** A donation to `fund` as the incidents service records it (v1); paid unless `status` says otherwise. */
export const contribution = (
  fund: FundRef,
  amountFen: string,
  status: FundContributionRecordedV1['status'] = 'PAID',
): FundContributionRecordedV1 => ({
  contributionId: randomUUID(),
  fundId: fund.fundId,
  incidentId: fund.incidentId,
  kind: 'DONATION',
  status,
  amountFen,
  currency: 'CNY',
  contributorName: 'Hubei Red Cross',
  payerOrganisationId: null,
  payeeOrganisationId: FINANCE,
});

/** Plays the incidents service recording a contribution (v1); returns its id, the id of the flow it raises. */
export async function contributionRecorded(
  sut: Audit,
  fund: FundRef,
  { amountFen, status }: { amountFen: string; status?: 'PLEDGED' },
): Promise<string> {
  const data = contribution(fund, amountFen, status);
  await published(sut, 'incidents', FundContributionRecordedV1Contract, fund.fundId, data);
  return data.contributionId;
}

/**
 * Plays the incidents service allocating from `fund` to the county (v1), drawing `[flowId, amountFen]` on each
 * source; the allocation moves their sum. Returns the allocation's id.
 */
export async function fundAllocated(
  sut: Audit,
  fund: FundRef,
  { sources, allocationId = randomUUID() }: { sources: [string, string][]; allocationId?: string },
): Promise<string> {
  const amount = sources.reduce((sum, [, a]) => sum + BigInt(a), 0n).toString();
  await published(sut, 'incidents', FundAllocatedV1Contract, fund.fundId, {
    allocationId,
    fundId: fund.fundId,
    incidentId: fund.incidentId,
    amountFen: amount,
    currency: 'CNY',
    purpose: 'Rebuild village roads',
    payerOrganisationId: FINANCE,
    payeeOrganisationId: COUNTY,
    sources: sources.map(([flowId, amountFen]) => ({ flowId, amountFen })),
  });
  return allocationId;
}

/** Plays the supplies service: the county buys tents for `amountFen` of an allocation (v1). Returns its id. */
export async function procurementRecorded(
  sut: Audit,
  fund: FundRef,
  { allocationId, amountFen }: { allocationId: string; amountFen: string },
): Promise<string> {
  const procurementId = randomUUID();
  await published(sut, 'supplies', ProcurementRecordedV1Contract, allocationId, {
    procurementId,
    fundId: fund.fundId,
    allocationId,
    incidentId: fund.incidentId,
    amountFen,
    currency: 'CNY',
    payerOrganisationId: COUNTY,
    supplierName: 'Wuhan Relief Materials Co., Ltd.',
    itemDescription: 'Family tents',
    quantity: 1,
    unitPriceFen: amountFen,
    sources: [{ flowId: allocationId, amountFen }],
  });
  return procurementId;
}

/** The money block of a v2 event: the finance bureau pays the county unless the event says otherwise. */
export const moneyOf = (
  flowId: string,
  stage: MoneyBlockV1['stage'],
  fund: FundRef,
  allocationId: string | null,
  amountFen: string,
  sources: [string, string][],
): MoneyBlockV1 => ({
  flowId,
  stage,
  fundId: fund.fundId,
  allocationId,
  incidentId: fund.incidentId,
  amountFen,
  currency: 'CNY',
  payer: { organisationId: FINANCE, name: null },
  payee: { organisationId: COUNTY, name: null },
  sources: sources.map(([id, amount]) => ({ flowId: id, amountFen: amount })),
  description: 'Rebuild village roads',
  occurredAt: new Date().toISOString(),
});

/** Plays the incidents service recording contribution `c` as v2: the same facts, in the money block. */
export async function contributionRecordedV2(sut: Audit, c: FundContributionRecordedV1): Promise<void> {
  await published(sut, 'incidents', FundContributionRecorded, c.fundId, {
    contributionId: c.contributionId,
    kind: c.kind,
    status: c.status,
    money: {
      ...moneyOf(c.contributionId, c.status === 'PAID' ? 'RAISED' : 'PLEDGED', c, null, c.amountFen, []),
      payer: { organisationId: c.payerOrganisationId, name: c.contributorName },
      payee: { organisationId: c.payeeOrganisationId, name: null },
      description: `Donation from ${c.contributorName}`,
    },
  });
}

/** Plays the incidents service allocating `amountFen` of contribution `contributionId` to the county (v2). */
export async function fundAllocatedV2(
  sut: Audit,
  fund: FundRef,
  { contributionId, amountFen }: { contributionId: string; amountFen: string },
): Promise<string> {
  const allocationId = randomUUID();
  await published(sut, 'incidents', FundAllocatedV2Contract, fund.fundId, {
    allocationId,
    purpose: 'Rebuild village roads',
    money: moneyOf(allocationId, 'ALLOCATED', fund, allocationId, amountFen, [[contributionId, amountFen]]),
  });
  return allocationId;
}

/** Plays the supplies service: the county buys tents for `amountFen` of an allocation (v2). Returns its id. */
export async function procurementRecordedV2(
  sut: Audit,
  fund: FundRef,
  { allocationId, amountFen }: { allocationId: string; amountFen: string },
): Promise<string> {
  const procurementId = randomUUID();
  await published(sut, 'supplies', ProcurementRecordedV2Contract, allocationId, {
    procurementId,
    itemDescription: 'Family tents',
    quantity: 1,
    unitPriceFen: amountFen,
    money: {
      ...moneyOf(procurementId, 'SPENT', fund, allocationId, amountFen, [[allocationId, amountFen]]),
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
      description: '1 × Family tents',
    },
  });
  return procurementId;
}

/** The fund's trace as `identity` (a province-wide auditor by default) sees it. */
export const traceOf = async (sut: Audit, fundId: string, identity: Identity = identities.auditor()) =>
  (await sut.call<{ fundTrace: Trace | null }>(TRACE, { fundId }, identity)).fundTrace;

/** Waits until the fund's trace matches `expected` (the audit records events moments after they are published). */
export const settled = (sut: Audit, fundId: string, expected: Partial<Trace>) =>
  eventually(
    async () => {
      const trace = await traceOf(sut, fundId);
      expect(trace).toMatchObject(expected);
      return trace!;
    },
    { timeoutMs: 30_000 },
  );
