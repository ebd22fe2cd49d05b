import { randomUUID } from 'node:crypto';
import {
  FundAllocated,
  FundContributionRecorded,
  OrganisationDissolved,
  ProcurementDeliveryAccepted,
  FundAllocatedV2Contract,
  ProcurementRecordedV2Contract,
  ReliefPaymentMade,
  VillageReliefListPublished,
  StockReceived,
  type MoneyBlock,
} from '@emergency/contracts';
import { chinaInstant } from '@emergency/domain';
import { domainTopic } from '@emergency/events';
import { eventually, publishEvent } from '@emergency/testing';
import { COUNTY, moneyOf, published, type Audit, type FundRef } from './fixtures';

/** Noon of a China date, as an ISO instant: when the money of a test moved. */
export const noonOn = (date: string) => chinaInstant(date, '12:00').toISOString();

/** Plays the incidents service allocating `amountFen` on `on` to the county, drawing on `sourceId` (v2). */
export async function allocatedOn(
  sut: Audit,
  fund: FundRef,
  {
    sourceId,
    amountFen,
    on,
    payee = COUNTY,
    at = '12:00',
  }: { sourceId: string; amountFen: string; on: string; payee?: string; at?: string },
): Promise<string> {
  const allocationId = randomUUID();
  await published(sut, 'incidents', FundAllocatedV2Contract, fund.fundId, {
    allocationId,
    purpose: 'Rebuild village roads',
    money: {
      ...moneyOf(allocationId, 'ALLOCATED', fund, allocationId, amountFen, [[sourceId, amountFen]]),
      payee: { organisationId: payee, name: null },
      occurredAt: chinaInstant(on, at).toISOString(),
    },
  });
  return allocationId;
}

/** Plays the supplies service: the county pays `supplier` `amountFen` of an allocation on `on` (v2). */
export async function boughtOn(
  sut: Audit,
  fund: FundRef,
  input: { allocationId: string; amountFen: string; on: string; supplier?: string },
): Promise<string> {
  const procurementId = randomUUID();
  await published(sut, 'supplies', ProcurementRecordedV2Contract, input.allocationId, {
    procurementId,
    itemDescription: 'Family tents',
    quantity: 1,
    unitPriceFen: input.amountFen,
    money: {
      ...moneyOf(procurementId, 'SPENT', fund, input.allocationId, input.amountFen, [
        [input.allocationId, input.amountFen],
      ]),
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: null, name: input.supplier ?? 'Wuhan Relief Materials Co., Ltd.' },
      description: '1 × Family tents',
      occurredAt: noonOn(input.on),
    },
  });
  return procurementId;
}

/** Plays the supplies service receiving `quantity` units of `itemCode` bought by a procurement; returns the lot. */
export async function receivedFor(
  sut: Audit,
  fund: FundRef,
  input: {
    procurementId: string;
    allocationId: string;
    itemCode: string;
    unitValueFen: bigint;
    quantity: number;
    on: string;
    expiresOn?: string;
  },
): Promise<string> {
  const lotId = randomUUID();
  await published(sut, 'supplies', StockReceived, lotId, {
    lotId,
    reservePointId: '00000000-0000-4000-8000-0000000000a1',
    regionCode: '421100',
    itemCode: input.itemCode,
    unitValueFen: input.unitValueFen.toString(),
    source: {
      kind: 'PURCHASE',
      procurementId: input.procurementId,
      allocationId: input.allocationId,
      contributionId: null,
      fundId: fund.fundId,
      transferId: null,
    },
    movementId: randomUUID(),
    quantity: input.quantity,
    valueFen: (input.unitValueFen * BigInt(input.quantity)).toString(),
    balanceAfter: input.quantity,
    at: noonOn(input.on),
    reason: null,
    receivedOn: input.on,
    expiresOn: input.expiresOn ?? null,
  });
  return lotId;
}

/** Plays the organisations service dissolving an organisation at `at`. */
export const dissolved = (sut: Audit, organisationId: string, at: Date) =>
  publishEvent(
    sut.producer,
    domainTopic('organisations', sut.topicPrefix),
    OrganisationDissolved,
    organisationId,
    {
      organisationId,
      reason: 'Merged into the county housing bureau',
      dissolvedAt: at.toISOString(),
    },
  );

/** Waits until the audit knows the organisation is dissolved. */
export const knownDissolved = (sut: Audit, organisationId: string) =>
  eventually(
    async () => {
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM anomaly_dissolved_organisation WHERE organisation_id = $1`,
        [organisationId],
      );
      expect(rows[0].n).toBe(1);
    },
    { timeoutMs: 30_000 },
  );

/** Plays the incidents service paying a household relief of `amountFen` out of an allocation (masked name). */
export async function reliefPaid(
  sut: Audit,
  fund: FundRef,
  input: {
    allocationId: string;
    contributionId: string;
    amountFen: string;
    household: string;
    on: string;
    kind?: 'HOUSING_SUBSIDY' | 'LIVING_RELIEF';
  },
): Promise<string> {
  const paymentId = randomUUID();
  await published(sut, 'incidents', ReliefPaymentMade, fund.fundId, {
    paymentId,
    kind: input.kind ?? 'LIVING_RELIEF',
    villageCode: '421121100',
    householdSize: 3,
    paidOn: input.on,
    money: {
      flowId: paymentId,
      stage: 'DISBURSED',
      reverses: null,
      fundId: fund.fundId,
      allocationId: input.allocationId,
      projectId: null,
      incidentId: fund.incidentId,
      amountFen: input.amountFen,
      currency: 'CNY',
      form: 'CASH',
      goods: [],
      valuationBasis: null,
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: null, name: input.household },
      sources: [
        {
          flowId: input.allocationId,
          amountFen: input.amountFen,
          origins: [{ contributionId: input.contributionId, amountFen: input.amountFen }],
        },
      ],
      description: `${input.kind === 'HOUSING_SUBSIDY' ? 'Housing reconstruction subsidy' : 'Living relief'} to a household of village 421121100`,
      occurredAt: noonOn(input.on),
    },
  });
  return paymentId;
}

/** Waits until the audit has recorded every one of `ids` in `table` (flows or goods lots). */
export const recorded = (sut: Audit, table: 'flow' | 'goods_lot', ids: string[]) =>
  eventually(
    async () => {
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      expect(rows[0].n).toBe(ids.length);
    },
    { timeoutMs: 30_000 },
  );

export interface Evidence {
  kind: string;
  id: string;
  note: string;
  flow: { id: string; stage: string; amountFen: string } | null;
}

export interface Anomaly {
  id: string;
  ruleKey: string;
  fundId: string | null;
  incidentId: string | null;
  regionCode: string;
  amountFen: string;
  summary: string;
  status: string;
  dismissedReason: string | null;
  findingId: string | null;
  evidence: Evidence[];
}

const ANOMALY = `id ruleKey fundId incidentId regionCode amountFen summary status dismissedReason findingId
  evidence { kind id note flow { id stage amountFen } }`;

export const DETECT = `mutation($fundId: ID!) {
  detectAnomalies(input: { fundId: $fundId }) { fundId flagged { ${ANOMALY} } }
}`;
export const DISMISS = `mutation($id: ID!, $reason: String!) {
  dismissAnomaly(input: { anomalyId: $id, reason: $reason }) { ${ANOMALY} }
}`;
export const ANOMALY_BY_ID = `query($id: ID!) { anomaly(id: $id) { ${ANOMALY} } }`;
export const ANOMALIES = `query($filter: AnomalyFilter, $first: Int, $after: String) {
  anomalies(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${ANOMALY} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const RULES = `query($regionCode: String!) {
  anomalyRules(regionCode: $regionCode) { regionPrefix rules { ruleKey enabled days factor thresholdFen source } }
}`;
export const SET_RULES = `mutation($input: SetAnomalyRulesInput!) {
  setAnomalyRules(input: $input) { regionPrefix rules { ruleKey enabled days factor thresholdFen source } }
}`;

/** A whole money block (the current version) of cash moved forward on `on`. */
const block = (
  fund: FundRef,
  input: {
    flowId: string;
    stage: MoneyBlock['stage'];
    allocationId: string | null;
    amountFen: string;
    payer: MoneyBlock['payer'];
    payee: MoneyBlock['payee'];
    sources: MoneyBlock['sources'];
    on: string;
  },
): MoneyBlock => ({
  flowId: input.flowId,
  stage: input.stage,
  reverses: null,
  fundId: fund.fundId,
  allocationId: input.allocationId,
  projectId: null,
  incidentId: fund.incidentId,
  amountFen: input.amountFen,
  currency: 'CNY',
  form: 'CASH',
  goods: [],
  valuationBasis: null,
  payer: input.payer,
  payee: input.payee,
  sources: input.sources,
  description: 'Directed donation test',
  occurredAt: noonOn(input.on),
});

/** Plays the incidents service recording a paid donation directed to a purpose or an organisation (v3). */
export async function directedDonation(
  sut: Audit,
  fund: FundRef,
  input: { amountFen: string; purpose?: 'HOUSING' | 'SCHOOLS'; organisationId?: string },
): Promise<string> {
  const contributionId = randomUUID();
  await published(sut, 'incidents', FundContributionRecorded, fund.fundId, {
    contributionId,
    kind: 'DONATION',
    status: 'PAID',
    contributorType: 'ORGANISATION',
    fiscalLevel: null,
    programme: null,
    channel: 'DOMESTIC',
    receivingOrganisationId: null,
    directedPurpose: input.purpose ?? null,
    directedOrganisationId: input.organisationId ?? null,
    paidOn: '2026-07-15',
    voucherNumber: 'HBCF-2026-0715-01',
    correctsId: null,
    money: block(fund, {
      flowId: contributionId,
      stage: 'RAISED',
      allocationId: null,
      amountFen: input.amountFen,
      payer: { organisationId: null, name: 'China Three Gorges Corporation' },
      payee: { organisationId: COUNTY, name: null },
      sources: [],
      on: '2026-07-15',
    }),
  });
  return contributionId;
}

/** Plays the incidents service allocating part of a contribution for a purpose to an organisation (v3). */
export async function allocatedFor(
  sut: Audit,
  fund: FundRef,
  input: {
    contributionId: string;
    amountFen: string;
    purpose: 'HOUSING' | 'SUPPLIES';
    organisationId: string;
  },
): Promise<string> {
  const allocationId = randomUUID();
  await published(sut, 'incidents', FundAllocated, fund.fundId, {
    allocationId,
    purposeCategory: input.purpose,
    purpose: 'Directed donation test',
    money: block(fund, {
      flowId: allocationId,
      stage: 'ALLOCATED',
      allocationId,
      amountFen: input.amountFen,
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: input.organisationId, name: null },
      sources: [
        {
          flowId: input.contributionId,
          amountFen: input.amountFen,
          origins: [{ contributionId: input.contributionId, amountFen: input.amountFen }],
        },
      ],
      on: '2026-07-20',
    }),
  });
  return allocationId;
}

/** Plays the supplies service accepting a procurement's delivery without receiving it into stock (USED). */
export async function deliveryAccepted(
  sut: Audit,
  fund: FundRef,
  input: {
    procurementId: string;
    allocationId: string;
    contributionId: string;
    amountFen: string;
    on: string;
  },
): Promise<string> {
  const flowId = randomUUID();
  await published(sut, 'supplies', ProcurementDeliveryAccepted, input.procurementId, {
    procurementId: input.procurementId,
    acceptedOn: input.on,
    quantity: 1,
    receivedQuantity: 1,
    shortfallQuantity: 0,
    note: null,
    money: block(fund, {
      flowId,
      stage: 'USED',
      allocationId: input.allocationId,
      amountFen: input.amountFen,
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
      sources: [
        {
          flowId: input.procurementId,
          amountFen: input.amountFen,
          origins: [{ contributionId: input.contributionId, amountFen: input.amountFen }],
        },
      ],
      on: input.on,
    }),
  });
  return flowId;
}

/** Plays the incidents service publishing a village's relief list naming `payments` (USED, drawing on each). */
export async function listPublished(
  sut: Audit,
  fund: FundRef,
  input: {
    payments: { id: string; amountFen: string }[];
    contributionId: string;
    allocationId: string;
    on: string;
  },
): Promise<string> {
  const publicationId = randomUUID();
  const total = input.payments.reduce((sum, p) => sum + BigInt(p.amountFen), 0n).toString();
  await published(sut, 'incidents', VillageReliefListPublished, fund.fundId, {
    publicationId,
    villageCode: '421121100',
    publishedOn: input.on,
    paymentIds: input.payments.map((p) => p.id),
    money: block(fund, {
      flowId: publicationId,
      stage: 'USED',
      allocationId: input.allocationId,
      amountFen: total,
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: COUNTY, name: null },
      sources: input.payments.map((p) => ({
        flowId: p.id,
        amountFen: p.amountFen,
        origins: [{ contributionId: input.contributionId, amountFen: p.amountFen }],
      })),
      on: input.on,
    }),
  });
  return publicationId;
}
