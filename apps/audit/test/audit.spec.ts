import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  FundAllocatedV1Contract,
  FundContributionRecordedV1Contract,
  FundFlowRecorded,
  IncidentReported,
  ProcurementRecordedV1Contract,
  ReconstructionFundEstablished,
  FundAllocated,
  FundContributionRecorded,
  ProcurementRecorded,
  type FundContributionRecordedV1,
  type FundContributionRecordedV2,
  type MoneyBlock,
} from '@emergency/contracts';
import { domainTopic, newEvent, toKafkaMessage } from '@emergency/events';
import { startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  eventually,
  identities,
  publishEvent,
  readTopic,
  subgraphRequest,
  testProducer,
  useTestEnvironment,
} from '@emergency/testing';
import { AppModule } from '../src/app.module';

const FINANCE = '00000000-0000-4000-8000-00000000f001';
const COUNTY = '00000000-0000-4000-8000-00000000c001';
const TEN_TO_THE_15 = '1000000000000000';

interface Trace {
  raisedFen: string;
  allocatedFen: string;
  spentFen: string;
  unallocatedFen: string;
  unspentFen: string;
  reconciled: boolean;
  discrepancies: string[];
  fund: { id: string };
  incident: { id: string };
}

const TRACE = `query($fundId: ID!) {
  fundTrace(fundId: $fundId) {
    raisedFen allocatedFen spentFen unallocatedFen unspentFen reconciled discrepancies fund { id } incident { id }
  }
}`;

/** The audit subgraph against the real PostgreSQL and broker; the incidents and supplies services are played by the test. */
describe('audit subgraph', () => {
  let app: INestApplication;
  let url: string;
  let db: Client;
  let producer: Producer;
  let incidentsTopic: string;
  let suppliesTopic: string;
  let auditTopic: string;

  beforeAll(async () => {
    const prefix = await useTestEnvironment('audit', { LOG_LEVEL: 'error' });
    incidentsTopic = domainTopic('incidents', prefix);
    suppliesTopic = domainTopic('supplies', prefix);
    auditTopic = domainTopic('audit', prefix);
    producer = await testProducer();
    const running = await startSubgraph(AppModule, 'audit', 4005, 0);
    app = running.app;
    url = running.url;
    db = new Client({ connectionString: process.env.DATABASE_URL, options: '-c search_path=audit' });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await producer?.disconnect();
  });

  const call = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    identity = identities.auditor(),
  ) => dataOf(await subgraphRequest<T>(url, query, variables, identity));

  const traceOf = async (fundId: string, identity = identities.auditor()) =>
    (await call<{ fundTrace: Trace | null }>(TRACE, { fundId }, identity)).fundTrace;

  /** Plays the incidents service: an incident in `regionCode` with a fund managed by the finance bureau. */
  const fundFor = async (regionCode = '421100') => {
    const incidentId = randomUUID();
    const fundId = randomUUID();
    await publishEvent(producer, incidentsTopic, IncidentReported, incidentId, {
      incidentId,
      title: 'Ju River flood, Huanggang',
      category: 'NATURAL_DISASTER',
      severity: 'II',
      regionCode,
      occurredAt: '2026-07-06T04:30:00+08:00',
    });
    await publishEvent(producer, incidentsTopic, ReconstructionFundEstablished, fundId, {
      fundId,
      incidentId,
      name: 'Huanggang flood reconstruction fund',
      managingOrganisationId: FINANCE,
      currency: 'CNY',
    });
    return { incidentId, fundId };
  };

  const contribution = (
    fund: { incidentId: string; fundId: string },
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

  const contribute = async (
    fund: { incidentId: string; fundId: string },
    amountFen: string,
    status?: 'PLEDGED',
  ) => {
    const data = contribution(fund, amountFen, status);
    await publishEvent(producer, incidentsTopic, FundContributionRecordedV1Contract, fund.fundId, data);
    return data.contributionId;
  };

  const allocate = async (fund: { incidentId: string; fundId: string }, sources: [string, string][]) => {
    const allocationId = randomUUID();
    const amount = sources.reduce((sum, [, a]) => sum + BigInt(a), 0n).toString();
    await publishEvent(producer, incidentsTopic, FundAllocatedV1Contract, fund.fundId, {
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
  };

  const spend = async (
    fund: { incidentId: string; fundId: string },
    allocationId: string,
    amountFen: string,
  ) => {
    const procurementId = randomUUID();
    await publishEvent(producer, suppliesTopic, ProcurementRecordedV1Contract, allocationId, {
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
  };

  const settled = (fundId: string, expected: Partial<Trace>) =>
    eventually(
      async () => {
        const trace = await traceOf(fundId);
        expect(trace).toMatchObject(expected);
        return trace!;
      },
      { timeoutMs: 30_000 },
    );

  it('records raised, allocated and spent money from events and traces each purchase to its contributions', async () => {
    const fund = await fundFor();
    const c1 = await contribute(fund, '30000');
    const c2 = await contribute(fund, '50000');
    await contribute(fund, '99999', 'PLEDGED');
    const a1 = await allocate(fund, [
      [c1, '30000'],
      [c2, '30000'],
    ]);
    const s1 = await spend(fund, a1, '20000');
    const s2 = await spend(fund, a1, '25000');

    // Allocations and purchases arrive on different topics, so the trace is whole only once both have been read.
    const whole = {
      raisedFen: '80000',
      allocatedFen: '60000',
      spentFen: '45000',
      unallocatedFen: '20000',
      unspentFen: '15000',
      reconciled: true,
      discrepancies: [],
      fund: { id: fund.fundId },
      incident: { id: fund.incidentId },
    };
    expect(await settled(fund.fundId, whole)).toEqual(whole);

    const { flow } = await call<{
      flow: {
        stage: string;
        payer: { id: string };
        payee: null;
        payeeName: string;
        sources: { flowId: string; amountFen: string; flow: { stage: string } }[];
        origins: { flow: { id: string }; amountFen: string }[];
      };
    }>(
      `query($id: ID!) {
        flow(id: $id) {
          stage payer { id } payee { id } payeeName
          sources { flowId amountFen flow { stage } }
          origins { flow { id } amountFen }
        }
      }`,
      { id: s2 },
    );
    expect(flow).toEqual({
      stage: 'SPENT',
      payer: { id: COUNTY },
      payee: null,
      payeeName: 'Wuhan Relief Materials Co., Ltd.',
      sources: [{ flowId: a1, amountFen: '25000', flow: { stage: 'ALLOCATED' } }],
      // s1 took the first 20,000 of a1 (all from c1); s2 takes c1's last 10,000, then 15,000 of c2.
      origins: [
        { flow: { id: c1 }, amountFen: '10000' },
        { flow: { id: c2 }, amountFen: '15000' },
      ],
    });

    const { flow: allocation } = await call<{ flow: { uses: { flowId: string; amountFen: string }[] } }>(
      `query($id: ID!) { flow(id: $id) { uses { flowId amountFen } } }`,
      { id: a1 },
    );
    expect(allocation.uses).toEqual([
      { flowId: s1, amountFen: '20000' },
      { flowId: s2, amountFen: '25000' },
    ]);

    // The books: the fund holds what is unallocated, the county what it has not spent, and everything balances.
    const balances = await db.query(
      `SELECT account, sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS balance
       FROM ledger_entry WHERE fund_id = $1 GROUP BY account ORDER BY account`,
      [fund.fundId],
    );
    expect(balances.rows).toEqual([
      { account: 'contributor:Hubei Red Cross', balance: '-80000' },
      { account: 'fund', balance: '20000' },
      { account: `organisation:${COUNTY}`, balance: '15000' },
      { account: 'supplier:Wuhan Relief Materials Co., Ltd.', balance: '45000' },
    ]);
  });

  it('records the same flows from v2 events, which carry the money block, as from v1 events', async () => {
    const moneyOf = (
      flowId: string,
      stage: MoneyBlock['stage'],
      fund: { fundId: string; incidentId: string },
      allocationId: string | null,
      amountFen: string,
      sources: [string, string][],
    ): MoneyBlock => ({
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

    /** Publishes a v1 event as its v2 equivalent: the same facts, in the money block. */
    const asV2 = {
      contribution: (c: FundContributionRecordedV1): FundContributionRecordedV2 => ({
        contributionId: c.contributionId,
        kind: c.kind,
        status: c.status,
        money: {
          ...moneyOf(c.contributionId, c.status === 'PAID' ? 'RAISED' : 'PLEDGED', c, null, c.amountFen, []),
          payer: { organisationId: c.payerOrganisationId, name: c.contributorName },
          payee: { organisationId: c.payeeOrganisationId, name: null },
          description: `Donation from ${c.contributorName}`,
        },
      }),
    };
    const v1 = await fundFor();
    const v1c1 = await contribute(v1, '30000');
    await contribute(v1, '99999', 'PLEDGED');
    const v1a1 = await allocate(v1, [[v1c1, '30000']]);
    await spend(v1, v1a1, '20000');

    const v2 = await fundFor();
    const c1 = contribution(v2, '30000');
    await publishEvent(producer, incidentsTopic, FundContributionRecorded, v2.fundId, asV2.contribution(c1));
    const pledge = contribution(v2, '99999', 'PLEDGED');
    await publishEvent(
      producer,
      incidentsTopic,
      FundContributionRecorded,
      v2.fundId,
      asV2.contribution(pledge),
    );
    const a1 = randomUUID();
    await publishEvent(producer, incidentsTopic, FundAllocated, v2.fundId, {
      allocationId: a1,
      purpose: 'Rebuild village roads',
      money: moneyOf(a1, 'ALLOCATED', v2, a1, '30000', [[c1.contributionId, '30000']]),
    });
    const s1 = randomUUID();
    await publishEvent(producer, suppliesTopic, ProcurementRecorded, a1, {
      procurementId: s1,
      itemDescription: 'Family tents',
      quantity: 1,
      unitPriceFen: '20000',
      money: {
        ...moneyOf(s1, 'SPENT', v2, a1, '20000', [[a1, '20000']]),
        payer: { organisationId: COUNTY, name: null },
        payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
        description: '1 × Family tents',
      },
    });

    const totals = { raisedFen: '30000', allocatedFen: '30000', spentFen: '20000', reconciled: true };
    await settled(v1.fundId, totals);
    await settled(v2.fundId, totals);
    const flows = async (fundId: string) =>
      (
        await db.query(
          `SELECT stage, amount_fen::text, payer_organisation_id, payer_name, payee_organisation_id, payee_name,
                  description
           FROM flow WHERE fund_id = $1 ORDER BY stage, amount_fen`,
          [fundId],
        )
      ).rows;
    expect(await flows(v2.fundId)).toEqual(await flows(v1.fundId));
    expect(await flows(v2.fundId)).toHaveLength(3);
  });

  it('pages a fund’s flows in recording order and filters them by stage', async () => {
    const fund = await fundFor();
    const ids = [];
    for (const amount of ['100', '200', '300']) ids.push(await contribute(fund, amount));
    const allocationId = await allocate(fund, [[ids[0], '100']]);
    await settled(fund.fundId, { allocatedFen: '100' });
    type Page = {
      fundTrace: {
        flows: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      };
    };
    const PAGE = `query($fundId: ID!, $stage: FlowStage, $after: String) {
      fundTrace(fundId: $fundId) {
        flows(stage: $stage, first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
      }
    }`;
    const first = await call<Page>(PAGE, { fundId: fund.fundId, stage: 'RAISED' });
    expect(first.fundTrace.flows.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.fundTrace.flows.pageInfo.hasNextPage).toBe(true);
    const second = await call<Page>(PAGE, {
      fundId: fund.fundId,
      stage: 'RAISED',
      after: first.fundTrace.flows.pageInfo.endCursor,
    });
    expect(second.fundTrace.flows.edges.map((e) => e.node.id)).toEqual([ids[2]]);
    expect(second.fundTrace.flows.pageInfo.hasNextPage).toBe(false);
    const allocated = await call<Page>(PAGE, { fundId: fund.fundId, stage: 'ALLOCATED' });
    expect(allocated.fundTrace.flows.edges.map((e) => e.node.id)).toEqual([allocationId]);
  });

  it('pages every flow of a fund exactly once, in recording order, whatever the page size', async () => {
    // Start the fund's sequence numbers just below a power of ten, so that its flows' numbers change length
    // (…97, 98, 99, 100, …): the order of the numbers as text is then not their order as numbers.
    await db.query(
      `SELECT setval(pg_get_serial_sequence('flow', 'seq'),
         (10 ^ length((last_value + 5)::text))::bigint - 3) FROM flow_seq_seq`,
    );
    const fund = await fundFor();
    const recorded: string[] = [];
    for (let i = 1; i <= 20; i += 1) recorded.push(await contribute(fund, String(i * 100)));
    for (let i = 0; i < 4; i += 1) recorded.push(await allocate(fund, [[recorded[i]!, '100']]));
    const spent = await spend(fund, recorded[20]!, '50');
    await settled(fund.fundId, { raisedFen: '21000', allocatedFen: '400', spentFen: '50' });
    // Events of one topic are recorded in the order they were published; the purchase comes on another topic.
    const ordered = (
      (await db.query(`SELECT id FROM flow WHERE fund_id = $1 ORDER BY seq`, [fund.fundId])).rows as {
        id: string;
      }[]
    ).map((r) => r.id);
    expect(ordered.filter((id) => id !== spent)).toEqual(recorded);
    expect(ordered).toHaveLength(25);
    const raised = recorded.slice(0, 20);

    type FlowPage = {
      fundTrace: {
        flows: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      };
    };
    const pageThrough = async (first: number, stage?: string) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < 100; n += 1) {
        const { fundTrace }: FlowPage = await call<FlowPage>(
          `query($fundId: ID!, $stage: FlowStage, $first: Int, $after: String) {
            fundTrace(fundId: $fundId) {
              flows(stage: $stage, first: $first, after: $after) {
                edges { node { id } } pageInfo { hasNextPage endCursor }
              }
            }
          }`,
          { fundId: fund.fundId, stage, first, after },
        );
        seen.push(...fundTrace.flows.edges.map((e) => e.node.id));
        if (!fundTrace.flows.pageInfo.hasNextPage) return seen;
        after = fundTrace.flows.pageInfo.endCursor;
      }
      throw new Error('paging did not end');
    };
    for (const first of [1, 2, 3, 4, 7, 10, 20, 25, 100]) {
      expect(await pageThrough(first)).toEqual(ordered);
      expect(await pageThrough(first, 'RAISED')).toEqual(raised);
    }
  });

  it('refuses a forged cursor as bad input before it reaches the database', async () => {
    const fund = await fundFor();
    await contribute(fund, '100');
    await settled(fund.fundId, { raisedFen: '100' });
    const cursor = (...key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const id = randomUUID();
    const forged = [
      // Dates JavaScript accepts and PostgreSQL's timestamptz does not hold, or that do not round-trip.
      [`{ fundTraces(after: "${cursor('-271821-04-20T00:00:00.000Z', id)}") { edges { cursor } } }`, {}],
      [`{ fundTraces(after: "${cursor('2026-02-30T00:00:00.000Z', id)}") { edges { cursor } } }`, {}],
      [`{ fundTraces(after: "${cursor('2026-07-06T00:00:00.000Z\u0000', id)}") { edges { cursor } } }`, {}],
      [
        `query($fundId: ID!, $after: String) { fundTrace(fundId: $fundId) { flows(after: $after) { edges { cursor } } } }`,
        { fundId: fund.fundId, after: cursor('99999999999999999999') },
      ],
    ] as const;
    for (const [query, variables] of forged) {
      const response = await subgraphRequest(url, query, variables, identities.auditor());
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(response.errors)).not.toMatch(/out of range|timestamp|invalid input/i);
    }
    // The ends of the range PostgreSQL holds pass the check and reach the database without an error.
    for (const time of [
      '-004713-11-24T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
    ]) {
      const response = await subgraphRequest(
        url,
        `{ fundTraces(after: "${cursor(time, id)}") { edges { cursor } } }`,
        {},
        identities.auditor(),
      );
      expect(response.errors).toBeUndefined();
    }
  });

  it('reports a purchase whose allocation has not arrived, and reconciles once it has', async () => {
    const fund = await fundFor();
    const c1 = await contribute(fund, '1000');
    await settled(fund.fundId, { raisedFen: '1000' });
    const allocationId = randomUUID();
    await spend(fund, allocationId, '400');
    const pending = await settled(fund.fundId, { spentFen: '400' });
    expect(pending.reconciled).toBe(false);
    expect(pending.discrepancies).toEqual([
      expect.stringContaining(`draws on flow ${allocationId}, not recorded in this fund`),
    ]);

    await publishEvent(producer, incidentsTopic, FundAllocatedV1Contract, fund.fundId, {
      allocationId,
      fundId: fund.fundId,
      incidentId: fund.incidentId,
      amountFen: '500',
      currency: 'CNY',
      purpose: 'Rebuild village roads',
      payerOrganisationId: FINANCE,
      payeeOrganisationId: COUNTY,
      sources: [{ flowId: c1, amountFen: '500' }],
    });
    await settled(fund.fundId, { allocatedFen: '500', reconciled: true, discrepancies: [] });
  });

  it('applies a redelivered event once and announces each flow on the audit topic', async () => {
    const fund = await fundFor();
    const data = contribution(fund, '700');
    const event = newEvent(FundContributionRecordedV1Contract, '/emergency/incidents', fund.fundId, data, {
      correlationId: randomUUID(),
    });
    const reader = await readTopic(auditTopic);
    try {
      await producer.send({
        topic: incidentsTopic,
        messages: [toKafkaMessage(event), toKafkaMessage(event)],
      });
      // The same contribution announced again under another event id is the same flow.
      await publishEvent(producer, incidentsTopic, FundContributionRecordedV1Contract, fund.fundId, data);
      await contribute(fund, '1');
      await settled(fund.fundId, { raisedFen: '701' });

      const flows = await db.query(`SELECT count(*)::int AS n FROM flow WHERE id = $1`, [
        data.contributionId,
      ]);
      expect(flows.rows[0]).toEqual({ n: 1 });
      const announced = await eventually(async () => {
        const found = reader.messages.filter(
          (m) => (m.value as { flowId?: string }).flowId === data.contributionId,
        );
        expect(found).toHaveLength(1);
        return found[0];
      });
      expect(announced.headers.ce_type).toBe(FundFlowRecorded.type);
      expect(announced.headers.ce_causationid).toBe(event.id);
      expect(announced.headers.ce_correlationid).toBe(event.correlationid);
      expect(announced.value).toEqual({
        flowId: data.contributionId,
        stage: 'RAISED',
        fundId: fund.fundId,
        incidentId: fund.incidentId,
        amountFen: '700',
        currency: 'CNY',
        sourceEventId: event.id,
      });
    } finally {
      await reader.stop();
    }
  });

  it('keeps its records append-only', async () => {
    const fund = await fundFor();
    await contribute(fund, '500');
    await settled(fund.fundId, { raisedFen: '500' });
    await expect(
      db.query(`UPDATE flow SET amount_fen = 1 WHERE fund_id = $1`, [fund.fundId]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM ledger_entry WHERE fund_id = $1`, [fund.fundId])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`TRUNCATE flow_link`)).rejects.toThrow(/append-only/);
    // An unbalanced entry is refused when its transaction commits.
    const [{ id }] = (await db.query(`SELECT id FROM flow WHERE fund_id = $1`, [fund.fundId])).rows as {
      id: string;
    }[];
    await expect(
      db.query(
        `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen) VALUES ($1, $2, 'fund', 'DEBIT', 1)`,
        [id, fund.fundId],
      ),
    ).rejects.toThrow(/do not balance/);
  });

  it('shows a fund only to callers whose jurisdiction covers its incident', async () => {
    const fund = await fundFor('421100'); // Huanggang
    await contribute(fund, '100');
    await settled(fund.fundId, { raisedFen: '100' });
    expect(await traceOf(fund.fundId, identities.auditor('421100'))).not.toBeNull();
    expect(await traceOf(fund.fundId, identities.operator('421121'))).toBeNull(); // Tuanfeng, a county below
    expect(await traceOf(fund.fundId, identities.auditor('420900'))).toBeNull(); // Xiaogan
    const listed = await call<{ fundTraces: { edges: { node: { fund: { id: string } } }[] } }>(
      `{ fundTraces(first: 100) { edges { node { fund { id } } } } }`,
      {},
      identities.auditor('420900'),
    );
    expect(listed.fundTraces.edges.map((e) => e.node.fund.id)).not.toContain(fund.fundId);
  });

  it('lists funds newest first for province-wide auditors', async () => {
    const older = await fundFor();
    const newer = await fundFor();
    await contribute(newer, '1');
    await settled(newer.fundId, { raisedFen: '1' });
    const { fundTraces } = await call<{ fundTraces: { edges: { node: { fund: { id: string } } }[] } }>(
      `{ fundTraces(first: 100) { edges { node { fund { id } } } } }`,
    );
    const ids = fundTraces.edges.map((e) => e.node.fund.id);
    expect(ids.indexOf(newer.fundId)).toBeLessThan(ids.indexOf(older.fundId));
    expect(ids.indexOf(older.fundId)).toBeGreaterThanOrEqual(0);
  });

  it('adds the trace to the incidents subgraph’s ReconstructionFund and carries 10^15 fen exactly', async () => {
    const fund = await fundFor();
    const c = await contribute(fund, TEN_TO_THE_15);
    await allocate(fund, [[c, TEN_TO_THE_15]]);
    await settled(fund.fundId, { allocatedFen: TEN_TO_THE_15 });
    const { _entities } = await call<{
      _entities: { trace: { raisedFen: string; reconciled: boolean } | null }[];
    }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ReconstructionFund { trace { raisedFen reconciled } } } }`,
      {
        reps: [
          { __typename: 'ReconstructionFund', id: fund.fundId },
          { __typename: 'ReconstructionFund', id: randomUUID() },
        ],
      },
    );
    expect(_entities).toEqual([{ trace: { raisedFen: TEN_TO_THE_15, reconciled: true } }, { trace: null }]);
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await subgraphRequest(url, `{ fundTraces { edges { cursor } } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
