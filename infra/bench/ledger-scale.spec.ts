import { Pool } from 'pg';
import { identities, startTestSubgraph, type TestSubgraph } from '@emergency/testing';
import { formatLedgerScale, growFund, ledgerAtScale, PAGE_SIZE, TRACE_QUERY } from './ledger-scale';

/**
 * The ledger at scale's measurement, small: on the audit subgraph alone (no gateway; the trace is sent to it
 * directly), funds of 30 and 300 flows, three samples. Its figures are not judged here; that they are measured on
 * the rows the audit would have written, and answered as the audit answers them, is.
 */
describe('benchmark: the ledger at scale', () => {
  let sut: TestSubgraph;
  let pool: Pool;

  beforeAll(async () => {
    // The benchmark runs from the repository and may load the app, as the ops commands do.
    const { AppModule, SERVICE, DEFAULT_PORT } = await import('../../apps/audit/src/app.module');
    sut = await startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT, { LOG_LEVEL: 'error' });
    pool = new Pool({ connectionString: process.env.DATABASE_URL, options: '-c search_path=audit', max: 2 });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await sut?.stop();
  });

  it('grows a fund the audit reads as if its flows had been projected: totals, breakdown, books and pages', async () => {
    const fund = await growFund(pool, 250);
    const { data } = await sut.request<{
      fundTrace: {
        raisedFen: string;
        allocatedFen: string;
        breakdown: { key: string; total: { raisedFen: string } }[];
        flows: { edges: { node: { id: string; stage: string; sources: { amountFen: string }[] } }[] };
      };
    }>(TRACE_QUERY, { fundId: fund }, identities.auditor());
    // 25 allocations of 100 yuan, each of the donation before it; 225 donations.
    expect(data!.fundTrace).toMatchObject({ raisedFen: '2250000', allocatedFen: '250000' });
    expect(data!.fundTrace.breakdown).toEqual([
      { key: 'DONATION', total: { raisedFen: '2250000', allocatedFen: '250000' } },
    ]);
    const page = data!.fundTrace.flows.edges.map((e) => e.node);
    expect(page).toHaveLength(PAGE_SIZE);
    expect(page[9]).toEqual({
      id: expect.any(String),
      stage: 'ALLOCATED',
      amountFen: '10000',
      sources: [{ flowId: expect.any(String), amountFen: '10000' }],
    });
    const { rows } = await pool.query<{ imbalance: string }>(
      `SELECT sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS imbalance
       FROM ledger_entry WHERE fund_id = $1`,
      [fund],
    );
    expect(rows[0]!.imbalance).toBe('0');
  });

  it('times the audit’s reads against the SQL statement, and the trace at two sizes, side by side', async () => {
    const lines: string[] = [];
    const report = await ledgerAtScale(
      process.env.DATABASE_URL!,
      { smallFlows: 30, largeFlows: 300, samples: 3 },
      {
        via: 'the audit subgraph',
        post: async (query, variables) => sut.request(query, variables, identities.admin()),
      },
      undefined,
      (line) => lines.push(line),
    );
    expect(report.reads.map((r) => r.name)).toEqual([
      'totals',
      `first page of ${PAGE_SIZE}`,
      `middle page of ${PAGE_SIZE}`,
      `last page of ${PAGE_SIZE}`,
    ]);
    for (const r of [...report.reads, { ratio: report.trace.ratio }]) expect(r.ratio).toBeGreaterThan(0);
    expect(report.auditRssMiB.growthLarge).toBeNaN(); // no process tree to look in
    const text = formatLedgerScale(report).join('\n');
    expect(text).toMatch(/ledger at scale: a fund of 300 flows \(medians of 3 samples\)/);
    expect(text).toMatch(
      /fund trace, asked of the audit subgraph: [\d.]+ ms at 30 flows, [\d.]+ ms at 300: ratio [\d.]+/,
    );
    expect(lines).toEqual(['ledger at scale: growing a fund of 30 flows and one of 300']);
  }, 60_000);
});
