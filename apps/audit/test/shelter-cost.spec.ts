import { randomUUID } from 'node:crypto';
import { FundAllocated, ShelterCostPaid } from '@emergency/contracts';
import { eventually, identities } from '@emergency/testing';
import {
  contribution,
  contributionRecordedV2,
  COUNTY,
  FINANCE,
  fundEstablished,
  published,
  settled,
  startAudit,
  type Audit,
} from './fixtures';

const FLOW = `query($id: ID!) {
  flow(id: $id) {
    stage reverses allocationId form
    sources { flowId amountFen origins { contributionId amountFen } }
    origins { contributionId amountFen }
  }
}`;

/** The audit books a shelter's cost paid from an allocation as it books any money event: by its money block. */
describe('audit: shelter costs', () => {
  let sut: Audit;

  beforeAll(async () => {
    sut = await startAudit();
  }, 120_000);
  afterAll(() => sut?.stop());

  it('books ShelterCostPaid as money disbursed from the allocation, traced to its contribution', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421121' });
    const raised = contribution(fund, '100000');
    await contributionRecordedV2(sut, raised);
    const allocationId = randomUUID();
    const at = new Date().toISOString();
    const origins = (amountFen: string) => [{ contributionId: raised.contributionId, amountFen }];
    await published(sut, 'incidents', FundAllocated, fund.fundId, {
      allocationId,
      purposeCategory: 'PUBLIC_FACILITIES',
      purpose: 'Shelter upgrades in Tuanfeng',
      money: {
        flowId: allocationId,
        stage: 'ALLOCATED',
        reverses: null,
        fundId: fund.fundId,
        allocationId,
        projectId: null,
        incidentId: fund.incidentId,
        amountFen: '100000',
        currency: 'CNY',
        form: 'CASH',
        goods: [],
        valuationBasis: null,
        payer: { organisationId: FINANCE, name: null },
        payee: { organisationId: COUNTY, name: null },
        sources: [{ flowId: raised.contributionId, amountFen: '100000', origins: origins('100000') }],
        description: 'Shelter upgrades in Tuanfeng',
        occurredAt: at,
      },
    });
    const costId = randomUUID();
    await published(sut, 'supplies', ShelterCostPaid, fund.fundId, {
      costId,
      shelterId: randomUUID(),
      regionCode: '421121',
      kind: 'UPGRADE',
      paidOn: '2026-07-14',
      payments: [{ allocationId, amountFen: '60000' }],
      money: {
        flowId: costId,
        stage: 'DISBURSED',
        reverses: null,
        fundId: fund.fundId,
        allocationId,
        projectId: null,
        incidentId: fund.incidentId,
        amountFen: '60000',
        currency: 'CNY',
        form: 'CASH',
        goods: [],
        valuationBasis: null,
        payer: { organisationId: COUNTY, name: null },
        payee: { organisationId: null, name: 'Tuanfeng Jianan Construction Co., Ltd.' },
        sources: [{ flowId: allocationId, amountFen: '60000', origins: origins('60000') }],
        description: 'Shelter upgrade: Tuanfeng No. 1 Middle School gymnasium (showers)',
        occurredAt: at,
      },
    });

    await settled(sut, fund.fundId, {
      raisedFen: '100000',
      allocatedFen: '100000',
      spentFen: '60000',
      unspentFen: '40000',
      reconciled: true,
      discrepancies: [],
    });
    const flow = await eventually(async () => {
      const { flow } = await sut.call<{ flow: Record<string, unknown> | null }>(
        FLOW,
        { id: costId },
        identities.auditor(),
      );
      if (!flow) throw new Error('the shelter cost is not booked yet');
      return flow;
    });
    expect(flow).toEqual({
      stage: 'DISBURSED',
      reverses: null,
      allocationId,
      form: 'CASH',
      sources: [{ flowId: allocationId, amountFen: '60000', origins: origins('60000') }],
      origins: origins('60000'),
    });
  });
});
