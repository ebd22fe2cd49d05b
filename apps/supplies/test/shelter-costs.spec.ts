import { randomUUID } from 'node:crypto';
import { ShelterCostPaid, ShelterCostRefunded } from '@emergency/contracts';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  allocateFrom,
  balanceOf,
  COUNTY,
  known,
  OTHER_COUNTY,
  startWithIncidents,
  stopWithIncidents,
  type Drawn,
  type IncidentsTopic,
} from './fixtures';
import { registerShelter } from './shelter.fixtures';

const COST_FIELDS = `id kind description contractorName amountFen paidOn allocation { id }
  payments { allocation { id } amountFen origins { contributionId amountFen } }
  payerOrganisation { id } incident { id }`;
const PAY = `mutation($input: PayShelterCostInput!) { payShelterCost(input: $input) { ${COST_FIELDS} } }`;
const REFUND = `mutation($input: RefundShelterCostInput!) {
  refundShelterCost(input: $input) {
    id amountFen refundedFen netPaidFen payments { allocation { id } origins { contributionId amountFen refundedFen } }
  }
}`;
const COSTS = `query($id: ID!, $first: Int, $after: String) {
  shelter(id: $id) { costs(first: $first, after: $after) { edges { node { ${COST_FIELDS} } } pageInfo { hasNextPage endCursor } } }
}`;

interface Cost {
  id: string;
  kind: string;
  amountFen: string;
  allocation: { id: string } | null;
  payments: { allocation: { id: string }; amountFen: string; origins: Drawn[] }[];
  payerOrganisation: { id: string };
  incident: { id: string };
}

const contribution = (amountFen: string): Drawn => ({ contributionId: randomUUID(), amountFen });
const operator = () => identities.operator('421121', COUNTY.id);
const CONTRACTOR = 'Tuanfeng Jianan Construction Co., Ltd.';

/** Shelter construction and upgrade costs paid from allocations: money disbursed, followed by the audit. */
describe('shelter costs', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;
  let reader: TopicReader;

  beforeAll(async () => {
    ({ sut, incidents } = await startWithIncidents());
    reader = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await reader?.stop();
    await stopWithIncidents(sut, incidents);
  });

  const costInput = (shelterId: string, overrides: Record<string, unknown> = {}) => ({
    shelterId,
    kind: 'UPGRADE',
    description: 'Showers and a second power line',
    contractorName: CONTRACTOR,
    payerOrganisationId: COUNTY.id,
    amountFen: '600',
    paidOn: '2026-07-14',
    ...overrides,
  });
  const pay = async (input: Record<string, unknown>) =>
    (await sut.call<{ payShelterCost: Cost }>(PAY, { input }, operator())).payShelterCost;
  /** What a refusal leaves: nothing written. */
  const written = async () => ({
    costs: await sut.count('shelter_cost'),
    payments: await sut.count('shelter_cost_payment'),
    origins: await sut.count('shelter_cost_origin'),
    refunds: await sut.count('shelter_cost_refund'),
    refunded: (
      await sut.db.query(`SELECT coalesce(sum(refunded_fen), 0)::text AS s FROM shelter_cost_origin`)
    ).rows[0].s as string,
    outbox: await sut.count('outbox'),
    spent: (await sut.db.query(`SELECT coalesce(sum(spent_fen), 0)::text AS s FROM known_allocation`)).rows[0]
      .s as string,
    used: (await sut.db.query(`SELECT coalesce(sum(used_fen), 0)::text AS s FROM known_allocation_source`))
      .rows[0].s as string,
  });

  it('pays an upgrade from one allocation, first in first out, and publishes the money block', async () => {
    const shelter = await registerShelter(sut);
    const [c1, c2] = [contribution('400'), contribution('1000')];
    const a1 = await allocateFrom(incidents, [c1, c2]);
    await known(sut, a1.allocationId, a1.money.incidentId);

    const cost = await pay(costInput(shelter.id, { allocationId: a1.allocationId }));
    expect(cost).toMatchObject({
      kind: 'UPGRADE',
      amountFen: '600',
      allocation: { id: a1.allocationId },
      payerOrganisation: { id: COUNTY.id },
      incident: { id: a1.money.incidentId },
    });
    expect(cost.payments).toEqual([
      {
        allocation: { id: a1.allocationId },
        amountFen: '600',
        origins: [
          { contributionId: c1.contributionId, amountFen: '400' },
          { contributionId: c2.contributionId, amountFen: '200' },
        ],
      },
    ]);
    expect(await balanceOf(sut, a1.allocationId)).toEqual({
      amountFen: '1400',
      spentFen: '600',
      returnedFen: '0',
      remainingFen: '800',
    });

    const event = await eventually(async () => {
      const found = reader.messages.find(
        (m) =>
          m.headers.ce_type === ShelterCostPaid.type && (m.value as { costId: string }).costId === cost.id,
      );
      if (!found) throw new Error('ShelterCostPaid not on the topic yet');
      return found.value;
    });
    expect(event).toEqual({
      costId: cost.id,
      shelterId: shelter.id,
      regionCode: '421121',
      kind: 'UPGRADE',
      paidOn: '2026-07-14',
      payments: [{ allocationId: a1.allocationId, amountFen: '600' }],
      money: expect.objectContaining({
        flowId: cost.id,
        stage: 'DISBURSED',
        reverses: null,
        fundId: a1.money.fundId,
        allocationId: a1.allocationId,
        incidentId: a1.money.incidentId,
        amountFen: '600',
        currency: 'CNY',
        form: 'CASH',
        payer: { organisationId: COUNTY.id, name: null },
        payee: { organisationId: null, name: CONTRACTOR },
        sources: [
          {
            flowId: a1.allocationId,
            amountFen: '600',
            origins: [
              { contributionId: c1.contributionId, amountFen: '400' },
              { contributionId: c2.contributionId, amountFen: '200' },
            ],
          },
        ],
      }),
    });
  });

  it('splits a construction cost over two allocations of one fund, each drawing on its own contributions', async () => {
    const shelter = await registerShelter(sut, { name: 'Tuanfeng Huilongshan town square' });
    const [c1, c2] = [contribution('500'), contribution('900')];
    const a1 = await allocateFrom(incidents, [c1]);
    const a2 = await allocateFrom(incidents, [c2], {
      fundId: a1.money.fundId,
      incidentId: a1.money.incidentId,
    });
    await known(sut, a1.allocationId, a1.money.incidentId);
    await known(sut, a2.allocationId);

    const cost = await pay(
      costInput(shelter.id, {
        kind: 'CONSTRUCTION',
        amountFen: '1000',
        allocations: [
          { allocationId: a1.allocationId, amountFen: '300' },
          { allocationId: a2.allocationId, amountFen: '700' },
        ],
      }),
    );
    expect(cost).toMatchObject({ kind: 'CONSTRUCTION', amountFen: '1000', allocation: null });
    expect(cost.payments).toEqual([
      {
        allocation: { id: a1.allocationId },
        amountFen: '300',
        origins: [{ contributionId: c1.contributionId, amountFen: '300' }],
      },
      {
        allocation: { id: a2.allocationId },
        amountFen: '700',
        origins: [{ contributionId: c2.contributionId, amountFen: '700' }],
      },
    ]);
    expect(await balanceOf(sut, a1.allocationId)).toMatchObject({ spentFen: '300', remainingFen: '200' });
    expect(await balanceOf(sut, a2.allocationId)).toMatchObject({ spentFen: '700', remainingFen: '200' });

    const { shelter: read } = await sut.call<{ shelter: { costs: { edges: { node: Cost }[] } } }>(
      COSTS,
      { id: shelter.id, first: 5 },
      operator(),
    );
    expect(read.costs.edges.map((e) => e.node)).toEqual([cost]);

    const event = await eventually(async () => {
      const found = reader.messages.find(
        (m) =>
          m.headers.ce_type === ShelterCostPaid.type && (m.value as { costId: string }).costId === cost.id,
      );
      if (!found) throw new Error('ShelterCostPaid not on the topic yet');
      return found.value as { money: { allocationId: string | null; sources: unknown[] } };
    });
    expect(event.money.allocationId).toBeNull();
    expect(event.money.sources).toEqual([
      {
        flowId: a1.allocationId,
        amountFen: '300',
        origins: [{ contributionId: c1.contributionId, amountFen: '300' }],
      },
      {
        flowId: a2.allocationId,
        amountFen: '700',
        origins: [{ contributionId: c2.contributionId, amountFen: '700' }],
      },
    ]);
  });

  it('gives a refund back to the allocation, last drawn first, as a flow reversing the payment', async () => {
    const shelter = await registerShelter(sut, { name: 'Tuanfeng county stadium' });
    const [c1, c2] = [contribution('400'), contribution('1000')];
    const a1 = await allocateFrom(incidents, [c1, c2]);
    await known(sut, a1.allocationId, a1.money.incidentId);
    const cost = await pay(costInput(shelter.id, { allocationId: a1.allocationId }));

    const refund = async (amountFen: string) =>
      sut.call<{ refundShelterCost: Record<string, unknown> }>(
        REFUND,
        { input: { costId: cost.id, amountFen, reason: 'Second power line not laid' } },
        operator(),
      );
    const { refundShelterCost } = await refund('300');
    expect(refundShelterCost).toEqual({
      id: cost.id,
      amountFen: '600',
      refundedFen: '300',
      netPaidFen: '300',
      payments: [
        {
          allocation: { id: a1.allocationId },
          origins: [
            { contributionId: c1.contributionId, amountFen: '400', refundedFen: '100' },
            { contributionId: c2.contributionId, amountFen: '200', refundedFen: '200' },
          ],
        },
      ],
    });
    expect(await balanceOf(sut, a1.allocationId)).toMatchObject({ spentFen: '300', remainingFen: '1100' });

    const event = await eventually(async () => {
      const found = reader.messages.find(
        (m) =>
          m.headers.ce_type === ShelterCostRefunded.type &&
          (m.value as { costId: string }).costId === cost.id,
      );
      if (!found) throw new Error('ShelterCostRefunded not on the topic yet');
      return found.value as { money: Record<string, unknown> };
    });
    expect(event.money).toMatchObject({
      stage: 'DISBURSED',
      reverses: cost.id,
      amountFen: '300',
      payer: { organisationId: null, name: CONTRACTOR },
      payee: { organisationId: COUNTY.id, name: null },
      sources: [
        {
          flowId: a1.allocationId,
          amountFen: '300',
          origins: expect.arrayContaining([
            { contributionId: c1.contributionId, amountFen: '100' },
            { contributionId: c2.contributionId, amountFen: '200' },
          ]),
        },
      ],
    });

    const before = await written();
    const failure = await sut.failure(
      REFUND,
      { input: { costId: cost.id, amountFen: '301', reason: 'More than is left' } },
      operator(),
    );
    expect(failure).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', field: 'amountFen' });
    expect(await written()).toEqual(before);
  });

  describe('refuses, writing nothing', () => {
    let shelterId: string;
    let allocationId: string;

    beforeAll(async () => {
      shelterId = (await registerShelter(sut, { name: 'Tuanfeng Dashiban village hall' })).id;
      const a = await allocateFrom(incidents, [contribution('500')]);
      allocationId = a.allocationId;
      await known(sut, allocationId, a.money.incidentId);
    });

    it.each([
      ['an unknown allocation', () => ({ allocationId: randomUUID() }), 'ALLOCATION_UNKNOWN', 'allocationId'],
      ['more than the allocation holds', () => ({ amountFen: '501' }), 'ALLOCATION_EXCEEDED', 'allocationId'],
      [
        'a payer other than the allocation’s recipient',
        () => ({ payerOrganisationId: OTHER_COUNTY.id }),
        'SHELTER_COST_PAYER_NOT_RECIPIENT',
        'payerOrganisationId',
      ],
      ['an unknown shelter', () => ({ shelterId: randomUUID() }), 'SHELTER_NOT_FOUND', 'shelterId'],
      ['an amount of zero', () => ({ amountFen: '0' }), 'INVALID_AMOUNT', 'amountFen'],
    ])('%s', async (_, overrides, code, field) => {
      const before = await written();
      const failure = await sut.failure(
        PAY,
        { input: costInput(shelterId, { allocationId, amountFen: '300', ...overrides() }) },
        operator(),
      );
      expect(failure).toMatchObject({ code, field });
      expect(await written()).toEqual(before);
    });

    it('a shelter outside the caller’s jurisdiction', async () => {
      const before = await written();
      const failure = await sut.failure(
        PAY,
        { input: costInput(shelterId, { allocationId }) },
        identities.operator('421123', OTHER_COUNTY.id),
      );
      expect(failure).toMatchObject({ code: 'SHELTER_NOT_FOUND', field: 'shelterId' });
      expect(await written()).toEqual(before);
    });
  });
});
