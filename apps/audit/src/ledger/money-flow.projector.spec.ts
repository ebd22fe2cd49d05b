import type { EntityManager } from 'typeorm';
import {
  FundAllocatedV2Contract,
  FundAllocatedV1Contract,
  FundContributionRecordedV2Contract as FundContributionRecorded,
  FundContributionRecordedV1Contract,
  ProcurementRecordedV2Contract,
  ProcurementRecordedV1Contract,
  type FundAllocatedV1,
  type FundContributionRecordedV1,
  type ProcurementRecordedV1,
} from '@emergency/contracts';
import { newEvent, type EventContract, type HandlerBinding } from '@emergency/events';
import type { LedgerService } from './ledger.service';
import { MoneyFlowProjector } from './money-flow.projector';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [FUND, INCIDENT, FINANCE, COUNTY, CONTRIBUTION, ALLOCATION, PROCUREMENT] = [1, 2, 3, 4, 5, 6, 7].map(
  id,
);
const manager = {} as EntityManager;

describe(MoneyFlowProjector.name, () => {
  const record = jest.fn();
  const rememberSources = jest.fn();
  const sut = new MoneyFlowProjector({ record, rememberSources } as unknown as LedgerService);
  const bindings = sut.bindings();

  beforeEach(() => {
    record.mockReset();
    rememberSources.mockReset();
  });

  /** The flow the audit records for an event, or null when it records none. */
  async function flowOf<T>(contract: EventContract<T>, data: T, time: string) {
    const binding = bindings.find((b: HandlerBinding) => b.contract === contract);
    expect(binding).toBeDefined();
    const event = { ...newEvent(contract, '/emergency/test', FUND, data, { correlationId: 'c' }), time };
    record.mockReset();
    await binding!.handle(event, manager);
    return record.mock.calls.length === 0 ? null : (record.mock.calls[0][2] as unknown);
  }

  const at = '2026-07-01T08:00:00.000Z';
  const contribution = (status: FundContributionRecordedV1['status']): FundContributionRecordedV1 => ({
    contributionId: CONTRIBUTION,
    fundId: FUND,
    incidentId: INCIDENT,
    kind: 'DONATION',
    status,
    amountFen: '1000000000000000',
    currency: 'CNY',
    contributorName: 'Hubei Red Cross',
    payerOrganisationId: null,
    payeeOrganisationId: FINANCE,
  });
  const contributionV2 = (c: FundContributionRecordedV1) => ({
    contributionId: c.contributionId,
    kind: c.kind,
    status: c.status,
    money: {
      flowId: c.contributionId,
      stage: c.status === 'PAID' ? ('RAISED' as const) : ('PLEDGED' as const),
      fundId: c.fundId,
      allocationId: null,
      incidentId: c.incidentId,
      amountFen: c.amountFen,
      currency: c.currency,
      payer: { organisationId: c.payerOrganisationId, name: c.contributorName },
      payee: { organisationId: c.payeeOrganisationId, name: null },
      sources: [],
      description: 'Donation from Hubei Red Cross',
      occurredAt: at,
    },
  });

  it('projects v1 and v2 of a paid contribution to the same flow', async () => {
    const v1 = contribution('PAID');
    const expected = await flowOf(FundContributionRecordedV1Contract, v1, at);
    expect(expected).toMatchObject({ id: CONTRIBUTION, stage: 'RAISED', amountFen: 10n ** 15n });
    // v2's event time differs: the block's occurredAt is when the money moved.
    expect(await flowOf(FundContributionRecorded, contributionV2(v1), '2026-07-01T08:00:00.250Z')).toEqual(
      expected,
    );
  });

  it('remembers the kind and receiver of a contribution, pledged or paid, in v1 and v2', async () => {
    for (const status of ['PLEDGED', 'PAID'] as const) {
      const c = contribution(status);
      await flowOf(FundContributionRecordedV1Contract, c, at);
      await flowOf(FundContributionRecorded, contributionV2(c), at);
    }
    const remembered = rememberSources.mock.calls.flatMap((call) => (call[2] as unknown[]).filter(Boolean));
    expect(remembered).toEqual(
      Array.from({ length: 4 }, () =>
        expect.objectContaining({ id: CONTRIBUTION, kind: 'DONATION', receiverOrganisationId: FINANCE }),
      ),
    );
  });

  it('records no flow for a pledge, in v1 or v2', async () => {
    for (const status of ['PLEDGED', 'COMMITTED'] as const) {
      const v1 = contribution(status);
      expect(await flowOf(FundContributionRecordedV1Contract, v1, at)).toBeNull();
      expect(await flowOf(FundContributionRecorded, contributionV2(v1), at)).toBeNull();
    }
  });

  it('projects v1 and v2 of an allocation to the same flow', async () => {
    const v1: FundAllocatedV1 = {
      allocationId: ALLOCATION,
      fundId: FUND,
      incidentId: INCIDENT,
      amountFen: '600',
      currency: 'CNY',
      purpose: 'Rebuild village roads',
      payerOrganisationId: FINANCE,
      payeeOrganisationId: COUNTY,
      sources: [{ flowId: CONTRIBUTION, amountFen: '600' }],
    };
    const expected = await flowOf(FundAllocatedV1Contract, v1, at);
    expect(expected).toMatchObject({
      id: ALLOCATION,
      stage: 'ALLOCATED',
      sources: [{ flowId: CONTRIBUTION, origins: [] }],
    });
    const v2 = await flowOf(
      FundAllocatedV2Contract,
      {
        allocationId: ALLOCATION,
        purpose: v1.purpose,
        money: {
          flowId: ALLOCATION,
          stage: 'ALLOCATED',
          fundId: FUND,
          allocationId: ALLOCATION,
          incidentId: INCIDENT,
          amountFen: '600',
          currency: 'CNY',
          payer: { organisationId: FINANCE, name: null },
          payee: { organisationId: COUNTY, name: null },
          sources: v1.sources,
          description: v1.purpose,
          occurredAt: at,
        },
      },
      at,
    );
    expect(v2).toEqual(expected);
  });

  it('projects v1 and v2 of a procurement to the same flow', async () => {
    const v1: ProcurementRecordedV1 = {
      procurementId: PROCUREMENT,
      fundId: FUND,
      allocationId: ALLOCATION,
      incidentId: INCIDENT,
      amountFen: '450',
      currency: 'CNY',
      payerOrganisationId: COUNTY,
      supplierName: 'Wuhan Relief Materials Co., Ltd.',
      itemDescription: 'Family tents',
      quantity: 3,
      unitPriceFen: '150',
      sources: [{ flowId: ALLOCATION, amountFen: '450' }],
    };
    const expected = await flowOf(ProcurementRecordedV1Contract, v1, at);
    expect(expected).toMatchObject({ id: PROCUREMENT, stage: 'DISBURSED', description: '3 × Family tents' });
    const v2 = await flowOf(
      ProcurementRecordedV2Contract,
      {
        procurementId: PROCUREMENT,
        itemDescription: 'Family tents',
        quantity: 3,
        unitPriceFen: '150',
        money: {
          flowId: PROCUREMENT,
          stage: 'SPENT',
          fundId: FUND,
          allocationId: ALLOCATION,
          incidentId: INCIDENT,
          amountFen: '450',
          currency: 'CNY',
          payer: { organisationId: COUNTY, name: null },
          payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
          sources: v1.sources,
          description: '3 × Family tents',
          occurredAt: at,
        },
      },
      at,
    );
    expect(v2).toEqual(expected);
  });

  it('maps every contract that carries the money block with the one generic rule', () => {
    const bound = bindings.map((b) => b.contract);
    for (const contract of [
      FundContributionRecorded,
      FundAllocatedV2Contract,
      ProcurementRecordedV2Contract,
    ]) {
      expect(bound).toContain(contract);
    }
    expect(new Set(bound.map((c) => c.type)).size).toBe(bound.length);
  });
});
