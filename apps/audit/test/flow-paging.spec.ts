import { randomUUID } from 'node:crypto';
import { identities } from '@emergency/testing';
import {
  contributionRecorded,
  fundAllocated,
  fundEstablished,
  procurementRecorded,
  settled,
  startAudit,
  type Audit,
} from './fixtures';
import { FLOWS, FUND_TRACES, type FlowsPage } from './ledger.operations';

/** A cursor as the audit would encode `key`, for forging one. */
const cursor = (...key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Paging a fund's flows and the list of funds: order, filters and cursors. */
describe('audit: flows and funds in pages', () => {
  let sut: Audit;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(() => sut?.stop());

  const flowsPage = (variables: { fundId: string; stage?: string; first?: number; after?: string | null }) =>
    sut.call<FlowsPage>(FLOWS, variables, identities.auditor());

  it('pages a fund’s flows in recording order and filters them by stage', async () => {
    const fund = await fundEstablished(sut);
    const ids = [];
    for (const amount of ['100', '200', '300'])
      ids.push(await contributionRecorded(sut, fund, { amountFen: amount }));
    const allocationId = await fundAllocated(sut, fund, { sources: [[ids[0], '100']] });
    await settled(sut, fund.fundId, { allocatedFen: '100' });
    const first = await flowsPage({ fundId: fund.fundId, stage: 'RAISED', first: 2 });
    expect(first.fundTrace.flows.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.fundTrace.flows.pageInfo.hasNextPage).toBe(true);
    const second = await flowsPage({
      fundId: fund.fundId,
      stage: 'RAISED',
      first: 2,
      after: first.fundTrace.flows.pageInfo.endCursor,
    });
    expect(second.fundTrace.flows.edges.map((e) => e.node.id)).toEqual([ids[2]]);
    expect(second.fundTrace.flows.pageInfo.hasNextPage).toBe(false);
    const allocated = await flowsPage({ fundId: fund.fundId, stage: 'ALLOCATED', first: 2 });
    expect(allocated.fundTrace.flows.edges.map((e) => e.node.id)).toEqual([allocationId]);
  });

  it('pages every flow of a fund exactly once, in recording order, whatever the page size', async () => {
    // Start the fund's sequence numbers just below a power of ten, so that its flows' numbers change length
    // (…97, 98, 99, 100, …): the order of the numbers as text is then not their order as numbers.
    await sut.db.query(
      `SELECT setval(pg_get_serial_sequence('flow', 'seq'),
         (10 ^ length((last_value + 5)::text))::bigint - 3) FROM flow_seq_seq`,
    );
    const fund = await fundEstablished(sut);
    const recorded: string[] = [];
    for (let i = 1; i <= 20; i += 1) {
      recorded.push(await contributionRecorded(sut, fund, { amountFen: String(i * 100) }));
    }
    for (let i = 0; i < 4; i += 1) {
      recorded.push(await fundAllocated(sut, fund, { sources: [[recorded[i]!, '100']] }));
    }
    const spent = await procurementRecorded(sut, fund, { allocationId: recorded[20]!, amountFen: '50' });
    await settled(sut, fund.fundId, { raisedFen: '21000', allocatedFen: '400', spentFen: '50' });
    // Events of one topic are recorded in the order they were published; the purchase comes on another topic.
    const ordered = (
      (await sut.db.query(`SELECT id FROM flow WHERE fund_id = $1 ORDER BY seq`, [fund.fundId])).rows as {
        id: string;
      }[]
    ).map((r) => r.id);
    expect(ordered.filter((id) => id !== spent)).toEqual(recorded);
    expect(ordered).toHaveLength(25);
    const raised = recorded.slice(0, 20);

    const pageThrough = async (first: number, stage?: string) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < 100; n += 1) {
        const { fundTrace }: FlowsPage = await flowsPage({ fundId: fund.fundId, stage, first, after });
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
    const fund = await fundEstablished(sut);
    await contributionRecorded(sut, fund, { amountFen: '100' });
    await settled(sut, fund.fundId, { raisedFen: '100' });
    const id = randomUUID();
    const forged = [
      // Dates JavaScript accepts and PostgreSQL's timestamptz does not hold, or that do not round-trip.
      [FUND_TRACES, { after: cursor('-271821-04-20T00:00:00.000Z', id) }],
      [FUND_TRACES, { after: cursor('2026-02-30T00:00:00.000Z', id) }],
      [FUND_TRACES, { after: cursor('2026-07-06T00:00:00.000Z\u0000', id) }],
      [FLOWS, { fundId: fund.fundId, after: cursor('99999999999999999999') }],
    ] as const;
    for (const [query, variables] of forged) {
      const response = await sut.request(query, variables, identities.auditor());
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(response.errors)).not.toMatch(/out of range|timestamp|invalid input/i);
    }
    // The ends of the range PostgreSQL holds pass the check and reach the database without an error.
    for (const time of [
      '-004713-11-24T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
    ]) {
      const response = await sut.request(FUND_TRACES, { after: cursor(time, id) }, identities.auditor());
      expect(response.errors).toBeUndefined();
    }
  });
});
