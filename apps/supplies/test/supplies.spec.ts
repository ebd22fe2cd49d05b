import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  FundAllocatedV1Contract,
  IncidentReported,
  ProcurementRecorded,
  type FundAllocatedV1,
} from '@emergency/contracts';
import { deadLetterTopic, domainTopic } from '@emergency/events';
import { startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  dissolveOrganisations,
  eventually,
  identities,
  publishEvent,
  readTopic,
  registerOrganisations,
  subgraphRequest,
  testProducer,
  useTestEnvironment,
} from '@emergency/testing';
import { AppModule } from '../src/app.module';

const COUNTY = '00000000-0000-4000-8000-00000000c001';
const OTHER_COUNTY = '00000000-0000-4000-8000-00000000c002';
const FINANCE = '00000000-0000-4000-8000-00000000f001';

interface Balance {
  amountFen: string;
  spentFen: string;
  remainingFen: string;
}

/** The supplies subgraph against the real PostgreSQL and broker; the incidents service's events are played by the test. */
describe('supplies subgraph', () => {
  let app: INestApplication;
  let url: string;
  let db: Client;
  let producer: Producer;
  let incidentsTopic: string;
  let suppliesTopic: string;
  let topicPrefix: string;

  beforeAll(async () => {
    const prefix = await useTestEnvironment('supplies', { LOG_LEVEL: 'error' });
    topicPrefix = prefix;
    incidentsTopic = domainTopic('incidents', prefix);
    suppliesTopic = domainTopic('supplies', prefix);
    producer = await testProducer();
    const running = await startSubgraph(AppModule, 'supplies', 4003, 0);
    app = running.app;
    url = running.url;
    db = new Client({ connectionString: process.env.DATABASE_URL, options: '-c search_path=supplies' });
    await db.connect();
    await registerOrganisations({ db, topicPrefix }, [
      { id: COUNTY, name: 'Tuanfeng County Emergency Management Bureau', regionCode: '421121' },
      { id: OTHER_COUNTY, name: 'Luotian County Emergency Management Bureau', regionCode: '421123' },
      {
        id: FINANCE,
        name: 'Hubei Provincial Department of Finance',
        regionCode: '420000',
        type: 'FINANCE_BUREAU',
      },
    ]);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await producer?.disconnect();
  });

  const call = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    identity = identities.admin(),
  ) => dataOf(await subgraphRequest<T>(url, query, variables, identity));

  const failure = async (
    query: string,
    variables: Record<string, unknown> = {},
    identity = identities.admin(),
  ) => {
    const res = await subgraphRequest(url, query, variables, identity);
    expect(res.errors?.length).toBeGreaterThan(0);
    return res.errors![0].extensions ?? {};
  };

  const count = async (table: string) =>
    ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n;

  const RECORD = `mutation($input: RecordProcurementInput!) {
    recordProcurement(input: $input) {
      id supplierName itemDescription quantity unitPriceFen amountFen
      allocation { id } payerOrganisation { id } incident { id }
    }
  }`;
  const BALANCE = `query($id: ID!) { allocationBalance(allocationId: $id) { amountFen spentFen remainingFen } }`;

  /**
   * Plays the incidents service: an incident in `regionCode` (Tuanfeng county unless said otherwise; none for
   * `null`) and an allocation of `amountFen` from its fund to the county office, as their events.
   */
  const allocate = async (
    amountFen: string,
    overrides: Partial<FundAllocatedV1> = {},
    regionCode: string | null = '421121',
  ) => {
    const data: FundAllocatedV1 = {
      allocationId: randomUUID(),
      fundId: randomUUID(),
      incidentId: randomUUID(),
      amountFen,
      currency: 'CNY',
      purpose: 'Emergency supplies for displaced households',
      payerOrganisationId: FINANCE,
      payeeOrganisationId: COUNTY,
      sources: [{ flowId: randomUUID(), amountFen }],
      ...overrides,
    };
    if (regionCode) {
      await publishEvent(producer, incidentsTopic, IncidentReported, data.incidentId, {
        incidentId: data.incidentId,
        title: 'Ju River flood',
        category: 'NATURAL_DISASTER',
        severity: 'II',
        regionCode,
        occurredAt: '2026-07-06T04:30:00+08:00',
      });
    }
    await publishEvent(producer, incidentsTopic, FundAllocatedV1Contract, data.fundId, data);
    return data;
  };

  const balanceOf = async (allocationId: string) =>
    (await call<{ allocationBalance: Balance | null }>(BALANCE, { id: allocationId })).allocationBalance;

  /** Waits until supplies knows the allocation and, unless told not to, its incident's region. */
  const known = (allocationId: string, incidentId?: string) =>
    eventually(
      async () => {
        const balance = await balanceOf(allocationId);
        if (!balance) throw new Error(`allocation ${allocationId} not yet projected`);
        if (incidentId) {
          const regions = await db.query(`SELECT 1 FROM known_incident WHERE id = $1`, [incidentId]);
          if (regions.rowCount !== 1) throw new Error(`incident ${incidentId} not yet projected`);
        }
        return balance;
      },
      { timeoutMs: 30_000 },
    );

  const purchase = (allocationId: string, overrides: Record<string, unknown> = {}) => ({
    input: {
      allocationId,
      supplierName: 'Wuhan Relief Materials Co., Ltd.',
      itemDescription: 'Family tents, 12 m²',
      quantity: 1500,
      unitPriceFen: '128000',
      ...overrides,
    },
  });

  it('learns allocations from the incidents topic and spends from them, publishing a traceable event', async () => {
    const allocation = await allocate('1200000000');
    expect(await known(allocation.allocationId, allocation.incidentId)).toEqual({
      amountFen: '1200000000',
      spentFen: '0',
      remainingFen: '1200000000',
    });

    const reader = await readTopic(suppliesTopic);
    try {
      const { recordProcurement } = await call<{
        recordProcurement: Record<string, unknown> & { id: string };
      }>(RECORD, purchase(allocation.allocationId), identities.operator('421121', COUNTY));
      expect(recordProcurement).toMatchObject({
        quantity: 1500,
        unitPriceFen: '128000',
        amountFen: '192000000',
        allocation: { id: allocation.allocationId },
        payerOrganisation: { id: COUNTY },
        incident: { id: allocation.incidentId },
      });
      expect(await balanceOf(allocation.allocationId)).toEqual({
        amountFen: '1200000000',
        spentFen: '192000000',
        remainingFen: '1008000000',
      });

      const event = await eventually(async () => {
        const found = reader.messages.find(
          (m) => (m.value as { procurementId?: string }).procurementId === recordProcurement.id,
        );
        if (!found) throw new Error('ProcurementRecorded not on the topic yet');
        return found;
      });
      expect(event.key).toBe(allocation.allocationId);
      expect(event.headers.ce_type).toBe(ProcurementRecorded.type);
      expect(event.value).toMatchObject({
        money: {
          stage: 'SPENT',
          fundId: allocation.fundId,
          allocationId: allocation.allocationId,
          incidentId: allocation.incidentId,
          amountFen: '192000000',
          payer: { organisationId: COUNTY },
          payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
          sources: [{ flowId: allocation.allocationId, amountFen: '192000000' }],
        },
      });
    } finally {
      await reader.stop();
    }
  });

  it('applies a redelivered or repeated allocation once', async () => {
    const allocation = await allocate('5000');
    await known(allocation.allocationId);
    // The same allocation announced again under a new event id (a replayed outbox row) changes nothing.
    await publishEvent(producer, incidentsTopic, FundAllocatedV1Contract, allocation.fundId, {
      ...allocation,
      amountFen: '9999',
    });
    // Events with one key are applied in order: once a later one is in, the repeat has been dealt with.
    const marker = await allocate('1', { fundId: allocation.fundId });
    await known(marker.allocationId);
    expect(await balanceOf(allocation.allocationId)).toMatchObject({ amountFen: '5000' });
    const rows = await db.query(`SELECT count(*)::int AS n FROM known_allocation WHERE id = $1`, [
      allocation.allocationId,
    ]);
    expect(rows.rows[0]).toEqual({ n: 1 });
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
    const allocation = await allocate('1000000');
    await known(allocation.allocationId);
    const before = await count('procurement');
    expect(await failure(RECORD, purchase(allocation.allocationId, overrides))).toMatchObject({ code });
    expect(await count('procurement')).toBe(before);
    expect(await count('outbox')).toBe(await count('procurement'));
  });

  it('refuses to spend more than an allocation holds, or from another organisation’s allocation', async () => {
    const allocation = await allocate('1000000');
    await known(allocation.allocationId, allocation.incidentId);
    expect(
      await failure(RECORD, purchase(allocation.allocationId, { quantity: 8, unitPriceFen: '125001' })),
    ).toMatchObject({ code: 'ALLOCATION_EXCEEDED', remainingFen: '1000000', requestedFen: '1000008' });
    expect(
      await failure(
        RECORD,
        purchase(allocation.allocationId, { quantity: 1 }),
        identities.operator('421121', OTHER_COUNTY),
      ),
    ).toMatchObject({ code: 'ALLOCATION_NOT_YOURS' });
    expect(
      await failure(RECORD, purchase(allocation.allocationId, { quantity: 1 }), identities.auditor()),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await balanceOf(allocation.allocationId)).toMatchObject({ spentFen: '0' });
  });

  it('refuses to spend from an allocation whose recipient was dissolved or is unknown, writing nothing', async () => {
    const dissolved = { id: randomUUID(), name: 'Hong’an County Relief Station', regionCode: '421122' };
    await registerOrganisations({ db, topicPrefix }, [dissolved]);
    const fromDissolved = await allocate('1000', { payeeOrganisationId: dissolved.id });
    const fromUnknown = await allocate('1000', { payeeOrganisationId: randomUUID() }); // made before checks existed
    await known(fromDissolved.allocationId);
    await known(fromUnknown.allocationId);
    await dissolveOrganisations({ db, topicPrefix }, [dissolved.id]);
    const before = { procurements: await count('procurement'), outbox: await count('outbox') };

    expect(await failure(RECORD, purchase(fromDissolved.allocationId, { unitPriceFen: '1' }))).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'allocationId',
    });
    expect(await failure(RECORD, purchase(fromUnknown.allocationId, { unitPriceFen: '1' }))).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'allocationId',
    });
    expect({ procurements: await count('procurement'), outbox: await count('outbox') }).toEqual(before);
    expect(await balanceOf(fromDissolved.allocationId)).toMatchObject({ spentFen: '0' });
  });

  it('lets concurrent purchases from one allocation together spend at most what it holds', async () => {
    const allocation = await allocate('1000');
    await known(allocation.allocationId);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        subgraphRequest(url, RECORD, purchase(allocation.allocationId, { quantity: 1, unitPriceFen: '250' })),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(4);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'ALLOCATION_EXCEEDED').length).toBe(6);
    expect(await balanceOf(allocation.allocationId)).toEqual({
      amountFen: '1000',
      spentFen: '1000',
      remainingFen: '0',
    });
  });

  it('carries 10^15 fen exactly', async () => {
    const allocation = await allocate('1000000000000000');
    await known(allocation.allocationId);
    const { recordProcurement } = await call<{
      recordProcurement: { amountFen: string; unitPriceFen: string };
    }>(RECORD, purchase(allocation.allocationId, { quantity: 1, unitPriceFen: '1000000000000000' }));
    expect(recordProcurement).toMatchObject({
      amountFen: '1000000000000000',
      unitPriceFen: '1000000000000000',
    });
  });

  it('adds spending to the incidents subgraph’s FundAllocation entity and lists procurements by page', async () => {
    const allocation = await allocate('100000');
    await known(allocation.allocationId);
    for (const item of ['Rice, 25 kg', 'Drinking water, 24 × 550 ml', 'Quilts']) {
      await call(
        RECORD,
        purchase(allocation.allocationId, { quantity: 2, unitPriceFen: '1000', itemDescription: item }),
      );
    }
    const never = randomUUID();
    const { _entities } = await call<{
      _entities: {
        id: string;
        spentFen: string;
        procurements: { edges: { node: { itemDescription: string } }[] };
      }[];
    }>(
      `query($reps: [_Any!]!) {
        _entities(representations: $reps) {
          ... on FundAllocation { id spentFen procurements(first: 10) { edges { node { itemDescription } } } }
        }
      }`,
      {
        reps: [
          { __typename: 'FundAllocation', id: allocation.allocationId },
          { __typename: 'FundAllocation', id: never },
        ],
      },
    );
    expect(_entities[0].spentFen).toBe('6000');
    expect(_entities[0].procurements.edges.map((e) => e.node.itemDescription)).toEqual([
      'Quilts',
      'Drinking water, 24 × 550 ml',
      'Rice, 25 kg',
    ]);
    expect(_entities[1]).toEqual({ id: never, spentFen: '0', procurements: { edges: [] } });

    const PAGE = `query($filter: ProcurementFilter, $after: String) {
      procurements(filter: $filter, first: 2, after: $after) {
        edges { node { itemDescription } } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      procurements: {
        edges: { node: { itemDescription: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const filter = { allocationId: allocation.allocationId };
    const first = await call<Page>(PAGE, { filter });
    expect(first.procurements.pageInfo.hasNextPage).toBe(true);
    const second = await call<Page>(PAGE, { filter, after: first.procurements.pageInfo.endCursor });
    expect(second.procurements.edges.map((e) => e.node.itemDescription)).toEqual(['Rice, 25 kg']);
    expect(second.procurements.pageInfo.hasNextPage).toBe(false);
    // A county operator sees only what its own organisation bought.
    const other = await call<Page>(PAGE, { filter }, identities.operator('421121', OTHER_COUNTY));
    expect(other.procurements.edges).toEqual([]);
  });

  it('keeps an operator scoped to a county to that county’s incidents on every path', async () => {
    const tuanfeng = await allocate('100000', { payeeOrganisationId: COUNTY }, '421121');
    const xiaonan = await allocate('100000', { payeeOrganisationId: OTHER_COUNTY }, '420902');
    await known(tuanfeng.allocationId, tuanfeng.incidentId);
    await known(xiaonan.allocationId, xiaonan.incidentId);
    const bought = async (allocationId: string) =>
      (
        await call<{ recordProcurement: { id: string } }>(
          RECORD,
          purchase(allocationId, { quantity: 1, unitPriceFen: '100' }),
        )
      ).recordProcurement.id;
    const ours = await bought(tuanfeng.allocationId);
    const theirs = await bought(xiaonan.allocationId);
    // The documented way to scope an operator: a region and no organisation.
    const county = identities.operator('421121');

    const balance = (id: string, identity = county) =>
      call<{ allocationBalance: Balance | null }>(BALANCE, { id }, identity);
    expect((await balance(tuanfeng.allocationId)).allocationBalance).toMatchObject({ spentFen: '100' });
    expect((await balance(xiaonan.allocationId)).allocationBalance).toBeNull();
    expect(
      (await balance(xiaonan.allocationId, identities.operator('420900'))).allocationBalance,
    ).toMatchObject({
      spentFen: '100',
    });

    const ONE = `query($id: ID!) { procurement(id: $id) { id } }`;
    expect((await call<{ procurement: unknown }>(ONE, { id: ours }, county)).procurement).toEqual({
      id: ours,
    });
    expect((await call<{ procurement: unknown }>(ONE, { id: theirs }, county)).procurement).toBeNull();

    const { procurements } = await call<{ procurements: { edges: { node: { id: string } }[] } }>(
      `{ procurements(first: 100) { edges { node { id } } } }`,
      {},
      county,
    );
    const listed = procurements.edges.map((e) => e.node.id);
    expect(listed).toContain(ours);
    expect(listed).not.toContain(theirs);
    const filtered = await call<{ procurements: { edges: unknown[] } }>(
      `query($f: ProcurementFilter) { procurements(filter: $f, first: 100) { edges { node { id } } } }`,
      { f: { allocationId: xiaonan.allocationId } },
      county,
    );
    expect(filtered.procurements.edges).toEqual([]);

    const { _entities } = await call<{ _entities: unknown[] }>(
      `query($reps: [_Any!]!) {
        _entities(representations: $reps) {
          ... on Procurement { id }
          ... on FundAllocation { id spentFen procurements(first: 10) { edges { node { id } } } }
        }
      }`,
      {
        reps: [
          { __typename: 'Procurement', id: ours },
          { __typename: 'Procurement', id: theirs },
          { __typename: 'FundAllocation', id: tuanfeng.allocationId },
          { __typename: 'FundAllocation', id: xiaonan.allocationId },
        ],
      },
      county,
    );
    expect(_entities).toEqual([
      { id: ours },
      null,
      { id: tuanfeng.allocationId, spentFen: '100', procurements: { edges: [{ node: { id: ours } }] } },
      { id: xiaonan.allocationId, spentFen: '0', procurements: { edges: [] } },
    ]);

    // Spending: another county's allocation is refused, writing nothing; the county's own is allowed.
    const before = await count('procurement');
    expect(
      await failure(RECORD, purchase(xiaonan.allocationId, { quantity: 1, unitPriceFen: '1' }), county),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'allocationId' });
    expect(await count('procurement')).toBe(before);
    expect(await count('outbox')).toBe(before);
    await call(RECORD, purchase(tuanfeng.allocationId, { quantity: 1, unitPriceFen: '1' }), county);
    expect(await count('procurement')).toBe(before + 1);
  });

  it('lets a county see and spend what a prefecture’s fund allocated to it, and nothing of its neighbour’s', async () => {
    // The incident is Huanggang's (a prefecture), the recipients are two of its counties.
    const ours = await allocate('1000', { payeeOrganisationId: COUNTY }, '421100');
    const neighbours = await allocate('1000', { payeeOrganisationId: OTHER_COUNTY }, '421100');
    await known(ours.allocationId, ours.incidentId);
    await known(neighbours.allocationId, neighbours.incidentId);
    const county = identities.operator('421121');
    const balance = async (id: string) =>
      (await call<{ allocationBalance: Balance | null }>(BALANCE, { id }, county)).allocationBalance;
    expect(await balance(ours.allocationId)).toMatchObject({ spentFen: '0' });
    expect(await balance(neighbours.allocationId)).toBeNull();

    const before = await count('procurement');
    expect(
      await failure(RECORD, purchase(neighbours.allocationId, { quantity: 1, unitPriceFen: '1' }), county),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'allocationId' });
    expect(await count('procurement')).toBe(before);
    await call(RECORD, purchase(ours.allocationId, { quantity: 1, unitPriceFen: '1' }), county);
    expect(await count('procurement')).toBe(before + 1);
  });

  it('dead-letters a malformed allocation event and goes on with the partition', async () => {
    const key = randomUUID();
    await producer.send({
      topic: incidentsTopic,
      messages: [
        {
          key,
          value: '{"not":"an event"',
          headers: { ce_type: FundAllocatedV1Contract.type, ce_id: randomUUID() },
        },
      ],
    });
    const bad = await allocate('100');
    // Schema-invalid: money as a float.
    await publishEvent(producer, incidentsTopic, FundAllocatedV1Contract, bad.fundId, {
      ...bad,
      allocationId: randomUUID(),
      amountFen: 12.5 as unknown as string,
    });
    const after = await allocate('700');
    await known(after.allocationId);

    const reader = await readTopic(deadLetterTopic(incidentsTopic));
    try {
      await eventually(async () => expect(reader.messages.length).toBeGreaterThanOrEqual(2), {
        timeoutMs: 30_000,
      });
      const types = reader.messages.map((m) => m.headers['dlq-error-type']).sort();
      expect(types).toEqual(['EventValidationError', 'MalformedEventError']);
      for (const message of reader.messages) {
        expect(message.headers['dlq-original-topic']).toBe(incidentsTopic);
        expect(message.headers['dlq-error-message']).toBeTruthy();
      }
    } finally {
      await reader.stop();
    }
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await subgraphRequest(url, `{ procurements { edges { node { id } } } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
