import { randomUUID } from 'node:crypto';
import { ProcurementRecorded } from '@emergency/contracts';
import {
  dissolveOrganisations,
  eventually,
  identities,
  readTopic,
  type TestSubgraph,
} from '@emergency/testing';
import {
  allocate,
  balanceOf,
  COUNTY,
  known,
  OTHER_COUNTY,
  purchase,
  recordProcurement,
  registerParties,
  startWithIncidents,
  stopWithIncidents,
  type IncidentsTopic,
} from './fixtures';
import { PROCUREMENTS, RECORD_PROCUREMENT } from './procurement.operations';

const SPENDING = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on FundAllocation { id spentFen procurements(first: 10) { edges { node { itemDescription } } } }
  }
}`;

interface Page {
  procurements: {
    edges: { node: { itemDescription: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}

/** Purchases paid from allocations, against the real PostgreSQL and broker; the incidents service is played by the test. */
describe('procurements', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;

  beforeAll(async () => ({ sut, incidents } = await startWithIncidents()), 120_000);
  afterAll(() => stopWithIncidents(sut, incidents));

  it('learns allocations from the incidents topic and spends from them, publishing a traceable event', async () => {
    const allocation = await allocate(incidents, '1200000000');
    expect(await known(sut, allocation.allocationId, allocation.incidentId)).toEqual({
      amountFen: '1200000000',
      spentFen: '0',
      returnedFen: '0',
      remainingFen: '1200000000',
    });

    const reader = await readTopic(sut.topic);
    try {
      const recorded = await recordProcurement(
        sut,
        allocation.allocationId,
        {},
        identities.operator('421121', COUNTY.id),
      );
      expect(recorded).toMatchObject({
        quantity: 1500,
        unitPriceFen: '128000',
        amountFen: '192000000',
        allocation: { id: allocation.allocationId },
        payerOrganisation: { id: COUNTY.id },
        incident: { id: allocation.incidentId },
      });
      expect(await balanceOf(sut, allocation.allocationId)).toEqual({
        amountFen: '1200000000',
        spentFen: '192000000',
        returnedFen: '0',
        remainingFen: '1008000000',
      });

      const event = await eventually(async () => {
        const found = reader.messages.find(
          (m) => (m.value as { procurementId?: string }).procurementId === recorded.id,
        );
        if (!found) throw new Error('ProcurementRecorded not on the topic yet');
        return found;
      });
      // A procurement's events are keyed by its fund: one may be paid from several of the fund's allocations.
      expect(event.key).toBe(allocation.fundId);
      expect(event.headers.ce_type).toBe(ProcurementRecorded.type);
      expect(event.value).toMatchObject({
        payments: [{ allocationId: allocation.allocationId, amountFen: '192000000' }],
        money: {
          flowId: recorded.id,
          stage: 'DISBURSED',
          reverses: null,
          fundId: allocation.fundId,
          allocationId: allocation.allocationId,
          incidentId: allocation.incidentId,
          amountFen: '192000000',
          form: 'CASH',
          goods: [],
          payer: { organisationId: COUNTY.id },
          payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
          // An allocation announced before the money model: each of its sources is a contribution.
          sources: [
            {
              flowId: allocation.allocationId,
              amountFen: '192000000',
              origins: [{ contributionId: allocation.sources[0].flowId, amountFen: '192000000' }],
            },
          ],
        },
      });
    } finally {
      await reader.stop();
    }
  });

  it.each([
    ['a zero quantity', { quantity: 0 }, 'INVALID_QUANTITY'],
    ['a quantity past the limit', { quantity: 1_000_000_001 }, 'INVALID_QUANTITY'],
    ['a zero unit price', { unitPriceFen: '0' }, 'INVALID_AMOUNT'],
    [
      'a total past the bigint range',
      { quantity: 1_000_000, unitPriceFen: '9223372036854775' },
      'INVALID_AMOUNT',
    ],
    ['a blank supplier', { supplierName: '  ' }, 'BAD_USER_INPUT'],
    ['a malformed allocation id', { allocationId: 'abc' }, 'BAD_USER_INPUT'],
    ['an allocation never made', { allocationId: randomUUID() }, 'ALLOCATION_UNKNOWN'],
  ])('rejects %s with a stable code and writes nothing', async (_label, overrides, code) => {
    const allocation = await allocate(incidents, '1000000');
    await known(sut, allocation.allocationId);
    const before = await sut.count('procurement');
    expect(await sut.failure(RECORD_PROCUREMENT, purchase(allocation.allocationId, overrides))).toMatchObject(
      {
        code,
      },
    );
    expect(await sut.count('procurement')).toBe(before);
    expect(await sut.count('outbox')).toBe(await sut.count('procurement'));
  });

  it('refuses to spend more than an allocation holds, or from another organisation’s allocation', async () => {
    const allocation = await allocate(incidents, '1000000');
    await known(sut, allocation.allocationId, allocation.incidentId);
    expect(
      await sut.failure(
        RECORD_PROCUREMENT,
        purchase(allocation.allocationId, { quantity: 8, unitPriceFen: '125001' }),
      ),
    ).toMatchObject({ code: 'ALLOCATION_EXCEEDED', remainingFen: '1000000', requestedFen: '1000008' });
    expect(
      await sut.failure(
        RECORD_PROCUREMENT,
        purchase(allocation.allocationId, { quantity: 1 }),
        identities.operator('421121', OTHER_COUNTY.id),
      ),
    ).toMatchObject({ code: 'ALLOCATION_NOT_YOURS' });
    expect(
      await sut.failure(
        RECORD_PROCUREMENT,
        purchase(allocation.allocationId, { quantity: 1 }),
        identities.auditor(),
      ),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await balanceOf(sut, allocation.allocationId)).toMatchObject({ spentFen: '0' });
  });

  it('refuses to spend from an allocation whose recipient was dissolved or is unknown, writing nothing', async () => {
    const dissolved = { id: randomUUID(), name: 'Hong’an County Relief Station', regionCode: '421122' };
    await registerParties(sut, [dissolved]);
    const fromDissolved = await allocate(incidents, '1000', { payeeOrganisationId: dissolved.id });
    // Made before checks existed.
    const fromUnknown = await allocate(incidents, '1000', { payeeOrganisationId: randomUUID() });
    await known(sut, fromDissolved.allocationId);
    await known(sut, fromUnknown.allocationId);
    await dissolveOrganisations({ db: sut.db, topicPrefix: sut.topicPrefix }, [dissolved.id]);
    const before = { procurements: await sut.count('procurement'), outbox: await sut.count('outbox') };

    expect(
      await sut.failure(RECORD_PROCUREMENT, purchase(fromDissolved.allocationId, { unitPriceFen: '1' })),
    ).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'allocationId',
    });
    expect(
      await sut.failure(RECORD_PROCUREMENT, purchase(fromUnknown.allocationId, { unitPriceFen: '1' })),
    ).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'allocationId',
    });
    expect({ procurements: await sut.count('procurement'), outbox: await sut.count('outbox') }).toEqual(
      before,
    );
    expect(await balanceOf(sut, fromDissolved.allocationId)).toMatchObject({ spentFen: '0' });
  });

  it('lets concurrent purchases from one allocation together spend at most what it holds', async () => {
    const allocation = await allocate(incidents, '1000');
    await known(sut, allocation.allocationId);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        sut.request(
          RECORD_PROCUREMENT,
          purchase(allocation.allocationId, { quantity: 1, unitPriceFen: '250' }),
        ),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(4);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'ALLOCATION_EXCEEDED').length).toBe(6);
    expect(await balanceOf(sut, allocation.allocationId)).toEqual({
      amountFen: '1000',
      spentFen: '1000',
      returnedFen: '0',
      remainingFen: '0',
    });
  });

  it('carries 10^15 fen exactly', async () => {
    const allocation = await allocate(incidents, '1000000000000000');
    await known(sut, allocation.allocationId);
    const recorded = await recordProcurement(sut, allocation.allocationId, {
      quantity: 1,
      unitPriceFen: '1000000000000000',
    });
    expect(recorded).toMatchObject({
      amountFen: '1000000000000000',
      unitPriceFen: '1000000000000000',
    });
  });

  it('adds spending to the incidents subgraph’s FundAllocation entity and lists procurements by page', async () => {
    const allocation = await allocate(incidents, '100000');
    await known(sut, allocation.allocationId);
    for (const item of ['Rice, 25 kg', 'Drinking water, 24 × 550 ml', 'Quilts']) {
      await recordProcurement(sut, allocation.allocationId, {
        quantity: 2,
        unitPriceFen: '1000',
        itemDescription: item,
      });
    }
    const never = randomUUID();
    const { _entities } = await sut.call<{
      _entities: {
        id: string;
        spentFen: string;
        procurements: { edges: { node: { itemDescription: string } }[] };
      }[];
    }>(SPENDING, {
      reps: [
        { __typename: 'FundAllocation', id: allocation.allocationId },
        { __typename: 'FundAllocation', id: never },
      ],
    });
    expect(_entities[0].spentFen).toBe('6000');
    expect(_entities[0].procurements.edges.map((e) => e.node.itemDescription)).toEqual([
      'Quilts',
      'Drinking water, 24 × 550 ml',
      'Rice, 25 kg',
    ]);
    expect(_entities[1]).toEqual({ id: never, spentFen: '0', procurements: { edges: [] } });

    const filter = { allocationId: allocation.allocationId };
    const first = await sut.call<Page>(PROCUREMENTS, { filter, first: 2 });
    expect(first.procurements.pageInfo.hasNextPage).toBe(true);
    const second = await sut.call<Page>(PROCUREMENTS, {
      filter,
      first: 2,
      after: first.procurements.pageInfo.endCursor,
    });
    expect(second.procurements.edges.map((e) => e.node.itemDescription)).toEqual(['Rice, 25 kg']);
    expect(second.procurements.pageInfo.hasNextPage).toBe(false);
    // A county operator sees only what its own organisation bought.
    const other = await sut.call<Page>(
      PROCUREMENTS,
      { filter, first: 2 },
      identities.operator('421121', OTHER_COUNTY.id),
    );
    expect(other.procurements.edges).toEqual([]);
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await sut.request(`{ procurements { edges { node { id } } } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
