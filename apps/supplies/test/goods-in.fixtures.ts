import { randomUUID } from 'node:crypto';
import {
  FundAllocated,
  FundContributionRecorded,
  IncidentReportedV1Contract,
  type FundAllocatedV3,
  type FundContributionRecordedV3,
  type GoodsLine,
} from '@emergency/contracts';
import { eventually, publishEvent, type TestSubgraph } from '@emergency/testing';
import { COUNTY, FINANCE, incidentReported, type IncidentsTopic } from './fixtures';

export const WHEREABOUTS = `whereabouts {
  received { quantity valueFen } onHand { quantity valueFen } inTransit { quantity valueFen }
  lost { quantity valueFen } dispatched { quantity valueFen } used { quantity valueFen } writtenOff { quantity valueFen }
  adjusted { quantity valueFen }
}`;

export const RECORD_PURCHASE = `mutation($input: RecordProcurementInput!) {
  recordProcurement(input: $input) { id itemCode quantity unitPriceFen }
}`;

export const ACCEPT_INTO_STOCK = `mutation($input: AcceptProcurementDeliveryInput!) {
  acceptProcurementDelivery(input: $input) {
    id status itemCode
    deliveryAcceptance { receivedQuantity shortfallQuantity }
    stockLots {
      id reservePointId itemCode sourceKind procurementId allocationId fundId contributionId
      unitValueFen receivedQuantity quantityOnHand valueFen receivedOn expiresOn
    }
  }
}`;

export const PROCUREMENT_GOODS = `query($allocationId: ID, $procurementId: ID) {
  procurementGoods(allocationId: $allocationId, procurementId: $procurementId, first: 10) {
    edges { node {
      procurement { id status }
      bought { quantity valueFen }
      accepted
      notInStock { quantity valueFen }
      ${WHEREABOUTS}
    } }
    pageInfo { hasNextPage }
  }
}`;

const DONATED = `id kind allocationId contributionId fundId incidentId receiver { id } description
  donor { contributorType channel name organisationId }
  direction { purpose organisationId }
  lines { goodsLine description unit unitValueFen stated received allocatedOnward remaining receivedValueFen }
  receipts { id reservePointId receivedOn lines { goodsLine quantity lot { id } } }
  lots {
    id reservePointId itemCode sourceKind allocationId contributionId fundId unitValueFen receivedQuantity
    quantityOnHand donation { contributionId allocationId contributorType channel directedPurpose directedOrganisationId }
  }
  ${WHEREABOUTS}`;

export const RECEIVE_DONATED = `mutation($input: ReceiveDonatedGoodsInput!) {
  receiveDonatedGoods(input: $input) { ${DONATED} }
}`;

export const DONATED_GOODS = `query($allocationId: ID, $contributionId: ID) {
  donatedGoods(allocationId: $allocationId, contributionId: $contributionId) { ${DONATED} }
}`;

export const ISSUE_STOCK = `mutation($input: IssueStockInput!) {
  issueStock(input: $input) { movement { id kind quantity valueFen } lot { id quantityOnHand } }
}`;

export const RETURN_STOCK = `mutation($input: ReturnStockInput!) {
  returnStock(input: $input) { movement { id kind quantity } }
}`;

export const TRANSFER_STOCK = `mutation($input: TransferStockInput!) {
  transferStock(input: $input) { id toLot { id } }
}`;

/** A goods line of `quantity` at `unitValueFen` each. */
export const goods = (
  description: string,
  unit: string,
  quantity: number,
  unitValueFen: string,
): GoodsLine => ({
  description,
  unit,
  quantity,
  unitValueFen,
  amountFen: (BigInt(quantity) * BigInt(unitValueFen)).toString(),
});

const amountOf = (lines: readonly GoodsLine[]) =>
  lines.reduce((sum, l) => sum + BigInt(l.amountFen), 0n).toString();

/**
 * Plays the incidents service: an in-kind donation (paid unless `overrides` says otherwise) of `lines` by a company to the fund, received by the county
 * office, directed to living relief (FundContributionRecorded v3), and the incident it serves (in Tuanfeng county).
 */
export async function donateInKind(
  incidents: IncidentsTopic,
  lines: readonly GoodsLine[],
  overrides: Partial<FundContributionRecordedV3> = {},
): Promise<FundContributionRecordedV3> {
  const contributionId = randomUUID();
  const fundId = randomUUID();
  const incidentId = randomUUID();
  const data: FundContributionRecordedV3 = {
    contributionId,
    kind: 'DONATION',
    status: 'PAID',
    contributorType: 'ORGANISATION',
    fiscalLevel: null,
    programme: null,
    channel: 'DOMESTIC',
    receivingOrganisationId: COUNTY.id,
    directedPurpose: 'LIVING_RELIEF',
    directedOrganisationId: null,
    paidOn: '2026-07-10',
    voucherNumber: 'JZ-2026-0710-01',
    correctsId: null,
    money: {
      flowId: contributionId,
      stage: 'RAISED',
      reverses: null,
      fundId,
      allocationId: null,
      projectId: null,
      incidentId,
      amountFen: amountOf(lines),
      currency: 'CNY',
      form: 'IN_KIND',
      goods: [...lines],
      valuationBasis: 'Invoice price',
      payer: { organisationId: null, name: 'Zhejiang Tiantai Tent Co., Ltd.' },
      payee: { organisationId: COUNTY.id, name: null },
      sources: [],
      description: 'Tents and quilts donated in kind',
      occurredAt: new Date().toISOString(),
    },
    ...overrides,
  };
  // A promise moves nothing: its money block is PLEDGED.
  if (data.status !== 'PAID') data.money.stage = 'PLEDGED';
  await publishEvent(
    incidents.producer,
    incidents.topic,
    IncidentReportedV1Contract,
    incidentId,
    incidentReported(incidentId, '421121'),
  );
  await publishEvent(incidents.producer, incidents.topic, FundContributionRecorded, fundId, data);
  return data;
}

/** Plays the incidents service allocating goods in kind of `contribution` (`lines` of it) to the county office. */
export async function allocateInKind(
  incidents: IncidentsTopic,
  contribution: FundContributionRecordedV3,
  lines: readonly GoodsLine[],
): Promise<FundAllocatedV3> {
  const allocationId = randomUUID();
  const amountFen = amountOf(lines);
  const data: FundAllocatedV3 = {
    allocationId,
    purposeCategory: 'LIVING_RELIEF',
    purpose: 'Tents and quilts for households on Luohuozhou island',
    money: {
      ...contribution.money,
      flowId: allocationId,
      stage: 'ALLOCATED',
      allocationId,
      amountFen,
      goods: [...lines],
      payer: { organisationId: FINANCE.id, name: null },
      payee: { organisationId: COUNTY.id, name: null },
      sources: [
        {
          flowId: contribution.contributionId,
          amountFen,
          origins: [{ contributionId: contribution.contributionId, amountFen }],
        },
      ],
      description: 'Tents and quilts for households on Luohuozhou island',
      occurredAt: new Date().toISOString(),
    },
  };
  await publishEvent(incidents.producer, incidents.topic, FundAllocated, contribution.money.fundId, data);
  return data;
}

/** Waits until supplies knows the goods in kind of `id` (an allocation's or a contribution's). */
export const knownDonation = (sut: TestSubgraph, id: string) =>
  eventually(
    async () => {
      const rows = await sut.db.query(`SELECT 1 FROM known_donation WHERE id = $1`, [id]);
      if (rows.rowCount !== 1) throw new Error(`donation ${id} not yet projected`);
    },
    { timeoutMs: 30_000 },
  );
