import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { median } from './load';
import { processName, processTree } from './processes';

/** The audit service's schema, where its ledger is (`DATABASE_SCHEMA` defaults to the service's name). */
const AUDIT_SCHEMA = 'audit';
/** Flows per page, as a client pages a fund's flows. */
export const PAGE_SIZE = 50;
/** One flow in this many is an allocation drawing on the raised flow before it (a page shows sources). */
const ALLOCATION_EVERY = 10;

export interface LedgerScaleSettings {
  /** The small fund's flows (1,000). */
  smallFlows: number;
  /** The large fund's flows (100,000). */
  largeFlows: number;
  /** Timed repetitions of each measurement, interleaved; medians are reported. */
  samples: number;
}

/** One read, by the audit's own code and by the single indexed statement returning the same rows. */
export interface LedgerReadFigures {
  name: string;
  /** Median ms of the audit's repository call (and the figures it computes from the rows). */
  auditMs: number;
  /** Median ms of the one SQL statement on the same connection pool. */
  sqlMs: number;
  /** auditMs / sqlMs. */
  ratio: number;
}

export interface LedgerScaleReport {
  smallFlows: number;
  largeFlows: number;
  samples: number;
  /** On the large fund: its totals, and its first, middle and last page of flows. */
  reads: LedgerReadFigures[];
  /** The fund's trace (totals, breakdown, balance, the first page of flows with sources), asked of `via`. */
  trace: { via: string; smallMs: number; largeMs: number; ratio: number };
  /** The audit process's resident memory (MiB) before and after the large fund's traces; NaN when not known. */
  auditRssMiB: { before: number; afterSmall: number; afterLarge: number; growthLarge: number };
  /** This process's heap (MiB) before and after the large fund's reads by the repository. */
  benchHeapMiB: { before: number; after: number };
}

/** The query the trace is measured with: what an auditor opening a fund's trace asks for. */
export const TRACE_QUERY = `query Trace($fundId: ID!) {
  fundTrace(fundId: $fundId) {
    raisedFen allocatedFen disbursedFen usedFen unallocatedFen undisbursedFen
    cash { raisedFen allocatedFen } inKind { raisedFen allocatedFen }
    breakdown(by: SOURCE_KIND) { key total { raisedFen allocatedFen } }
    balance { balanceFen awaitingAllocationFen releasedWithProjectProgressFen }
    flows(first: ${PAGE_SIZE}) { edges { node { id stage amountFen sources { flowId amountFen } } } }
  }
}`;

/**
 * Benchmark only: a synthetic fund of `flows` flows written straight into the audit's tables, as the projection
 * would have written them (infra/bench/ledger.ts does the same for the event latency): paid donations, and every
 * tenth flow an allocation of the donation before it with its link and origin; two ledger entries per flow; the
 * fund's totals and breakdown rows; its incident (Hubei, so province-wide callers see it). One transaction; the
 * ledger's balance check runs on it when it commits. Returns the fund's id.
 */
export async function growFund(pool: Pool, flows: number): Promise<string> {
  const fund = randomUUID();
  const incident = randomUUID();
  const organisation = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO audit_incident (id, region_code, source_event_id) VALUES ($1, '420000', gen_random_uuid())`,
      [incident],
    );
    await client.query(
      `INSERT INTO audit_fund (id, incident_id, name, managing_organisation_id, source_event_id, established_at)
       VALUES ($1, $2, 'Synthetic fund of ' || $3::text || ' flows', $4, gen_random_uuid(), now())`,
      [fund, incident, flows, organisation],
    );
    await client.query(
      `CREATE TEMP TABLE bench_scale ON COMMIT DROP AS
       SELECT i, gen_random_uuid() AS id, i % ${ALLOCATION_EVERY} = 0 AS allocation FROM generate_series(1, $1::int) AS i`,
      [flows],
    );
    await client.query(`CREATE INDEX ON bench_scale (i)`);
    await client.query(
      `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payer_organisation_id,
         payee_organisation_id, description, occurred_at, source_event_id, source_event_type, allocation_id)
       SELECT id, CASE WHEN allocation THEN 'ALLOCATED' ELSE 'RAISED' END, $1, $2, 10000,
         CASE WHEN allocation THEN NULL ELSE 'Synthetic donor ' || i END,
         CASE WHEN allocation THEN $3::uuid END, $3, 'Synthetic flow ' || i, now(), gen_random_uuid(),
         'bench.synthetic', CASE WHEN allocation THEN id END
       FROM bench_scale ORDER BY i`,
      [fund, incident, organisation],
    );
    await client.query(
      `INSERT INTO audit_contribution (id, kind, source_event_id)
       SELECT id, 'DONATION', gen_random_uuid() FROM bench_scale WHERE NOT allocation`,
    );
    await client.query(
      `INSERT INTO flow_link (flow_id, position, source_flow_id, amount_fen)
       SELECT a.id, 0, r.id, 10000 FROM bench_scale a JOIN bench_scale r ON r.i = a.i - 1 WHERE a.allocation`,
    );
    await client.query(
      `INSERT INTO flow_origin (flow_id, source_position, position, source_flow_id, contribution_id, amount_fen)
       SELECT a.id, 0, 0, r.id, r.id, 10000 FROM bench_scale a JOIN bench_scale r ON r.i = a.i - 1 WHERE a.allocation`,
    );
    await client.query(
      `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
       SELECT id, $1::uuid, CASE WHEN allocation THEN 'organisation:' || $2 ELSE 'fund' END, 'DEBIT', 10000 FROM bench_scale
       UNION ALL
       SELECT id, $1::uuid, CASE WHEN allocation THEN 'fund' ELSE 'contributor:Synthetic donor ' || i END, 'CREDIT', 10000
       FROM bench_scale`,
      [fund, organisation],
    );
    await client.query(
      `INSERT INTO fund_total (fund_id, form, stage, forward_fen)
       SELECT $1::uuid, 'CASH', CASE WHEN allocation THEN 'ALLOCATED' ELSE 'RAISED' END, count(*) * 10000
       FROM bench_scale GROUP BY allocation`,
      [fund],
    );
    await client.query(
      `INSERT INTO fund_breakdown (fund_id, form, stage, incident_id, receiver, source_kind, to_project, forward_fen)
       SELECT $1::uuid, 'CASH', CASE WHEN allocation THEN 'ALLOCATED' ELSE 'RAISED' END, $2::uuid, $3, 'DONATION', false,
         count(*) * 10000
       FROM bench_scale GROUP BY allocation`,
      [fund, incident, organisation],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE flow, flow_link, flow_origin, ledger_entry, fund_total, fund_breakdown');
    return fund;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const mib = (bytes: number) => bytes / 2 ** 20;

/** The resident memory of the system's audit process, MiB; NaN without a process tree to look in. */
export function auditRssMiB(rootPid: number | undefined): number {
  if (!rootPid) return Number.NaN;
  for (const pid of processTree(rootPid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (processName(args, rootPid, pid) !== 'audit') continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return rss ? Number(rss[1]) / 1024 : Number.NaN;
    } catch {
      // gone
    }
  }
  return Number.NaN;
}

/** Times `fn` `samples` times, alternating with the other functions of `pair`; the median of each, in ms. */
async function interleaved(samples: number, fns: (() => Promise<unknown>)[]): Promise<number[]> {
  const times = fns.map(() => [] as number[]);
  for (const fn of fns) await fn(); // warm: plans cached, pages in the buffer cache
  for (let s = 0; s < samples; s++) {
    for (const [i, fn] of fns.entries()) {
      const from = process.hrtime.bigint();
      await fn();
      times[i]!.push(ms(from));
    }
  }
  return times.map(median);
}

/**
 * The repository the audit service reads its ledger with, on the benchmark's pool, and the figures it computes.
 * Loaded when measured: the benchmark runs from the repository and may read the app, as the ops commands do.
 */
async function auditCode(pool: Pool) {
  const { LedgerRepository } = await import('../../apps/audit/src/ledger/ledger.repository');
  const { fundFigures } = await import('../../apps/audit/src/ledger/money-book');
  const dataSource = {
    query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows,
  } as unknown as DataSource;
  return { repository: new LedgerRepository(dataSource), fundFigures };
}

const FLOW_COLUMNS = `id, seq::text, stage, reverses, fund_id, incident_id, allocation_id, project_id, amount_fen::text,
  form, goods, valuation_basis, payer_organisation_id, payer_name, payee_organisation_id, payee_name, description,
  occurred_at, recorded_at`;

/**
 * The ledger at scale: grows a fund of `smallFlows` and one of `largeFlows`; on the large one times the audit's own
 * reads (totals, the first, middle and last page of flows) against the single indexed statement that returns the
 * same rows; times the fund's trace on both funds; and measures the audit process's memory around the traces.
 * `graphql.post` sends one GraphQL request to `graphql.via` (the audit subgraph, or the gateway) and returns its
 * answer.
 */
export async function ledgerAtScale(
  databaseUrl: string,
  settings: LedgerScaleSettings,
  graphql: { via: string; post: (query: string, variables: Record<string, unknown>) => Promise<unknown> },
  rootPid: number | undefined,
  log: (line: string) => void,
): Promise<LedgerScaleReport> {
  const pool = new Pool({ connectionString: databaseUrl, options: `-c search_path=${AUDIT_SCHEMA}`, max: 2 });
  try {
    log(`ledger at scale: growing a fund of ${settings.smallFlows} flows and one of ${settings.largeFlows}`);
    const small = await growFund(pool, settings.smallFlows);
    const large = await growFund(pool, settings.largeFlows);
    const { repository, fundFigures } = await auditCode(pool);
    const seqs = (
      await pool.query<{ seq: string }>(`SELECT seq::text FROM flow WHERE fund_id = $1 ORDER BY seq`, [large])
    ).rows.map((r) => BigInt(r.seq));
    const pageAfter = {
      first: undefined,
      middle: seqs[Math.floor(seqs.length / 2)],
      last: seqs[Math.max(seqs.length - PAGE_SIZE - 1, 0)],
    };
    const heapBefore = mib(process.memoryUsage().heapUsed);
    const reads: LedgerReadFigures[] = [];
    const [totalsAudit, totalsSql] = await interleaved(settings.samples, [
      async () => fundFigures((await repository.fundTotals([large]))[0]!.totals),
      () =>
        pool.query(
          `SELECT fund_id, form, stage, (forward_fen - reversed_fen)::text AS net FROM fund_total WHERE fund_id = $1`,
          [large],
        ),
    ]);
    reads.push({
      name: 'totals',
      auditMs: totalsAudit!,
      sqlMs: totalsSql!,
      ratio: totalsAudit! / totalsSql!,
    });
    for (const [name, after] of Object.entries(pageAfter)) {
      const [auditMs, sqlMs] = await interleaved(settings.samples, [
        () => repository.pageOfFund(large, undefined, PAGE_SIZE + 1, after),
        () =>
          pool.query(
            `SELECT ${FLOW_COLUMNS} FROM flow WHERE fund_id = $1 AND ($2::bigint IS NULL OR seq > $2)
             ORDER BY flow.seq LIMIT $3`,
            [large, after?.toString() ?? null, PAGE_SIZE + 1],
          ),
      ]);
      reads.push({
        name: `${name} page of ${PAGE_SIZE}`,
        auditMs: auditMs!,
        sqlMs: sqlMs!,
        ratio: auditMs! / sqlMs!,
      });
    }
    const heapAfter = mib(process.memoryUsage().heapUsed);

    const trace = (fundId: string) => async () => {
      const answer = (await graphql.post(TRACE_QUERY, { fundId })) as {
        errors?: unknown[];
        data?: { fundTrace: unknown };
      };
      if (answer.errors?.length || !answer.data?.fundTrace)
        throw new Error(`fund trace: ${JSON.stringify(answer.errors ?? answer.data)}`);
    };
    const rssBefore = auditRssMiB(rootPid);
    const [smallMs] = await interleaved(settings.samples, [trace(small)]);
    const rssAfterSmall = auditRssMiB(rootPid);
    const [smallAgain, largeMs] = await interleaved(settings.samples, [trace(small), trace(large)]);
    const rssAfterLarge = auditRssMiB(rootPid);
    const smallTraceMs = median([smallMs!, smallAgain!]);
    return {
      smallFlows: settings.smallFlows,
      largeFlows: settings.largeFlows,
      samples: settings.samples,
      reads,
      trace: { via: graphql.via, smallMs: smallTraceMs, largeMs: largeMs!, ratio: largeMs! / smallTraceMs },
      auditRssMiB: {
        before: rssBefore,
        afterSmall: rssAfterSmall,
        afterLarge: rssAfterLarge,
        growthLarge: rssAfterLarge - rssAfterSmall,
      },
      benchHeapMiB: { before: heapBefore, after: heapAfter },
    };
  } finally {
    await pool.end();
  }
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The figures side by side, as ratios. */
export function formatLedgerScale(report: LedgerScaleReport): string[] {
  const { reads, trace, auditRssMiB: rss, benchHeapMiB: heap } = report;
  const width = Math.max(...reads.map((r) => r.name.length), 'read'.length);
  return [
    `ledger at scale: a fund of ${report.largeFlows} flows (medians of ${report.samples} samples)`,
    `| ${'read'.padEnd(width)} | audit ms | SQL ms | audit / SQL |`,
    `| ${'-'.repeat(width)} | -------- | ------ | ----------- |`,
    ...reads.map(
      (r) =>
        `| ${r.name.padEnd(width)} | ${fixed(r.auditMs, 3).padStart(8)} | ${fixed(r.sqlMs, 3).padStart(6)} | ` +
        `${fixed(r.ratio, 2).padStart(11)} |`,
    ),
    `fund trace, asked of ${trace.via}: ${fixed(trace.smallMs, 1)} ms at ${report.smallFlows} flows, ` +
      `${fixed(trace.largeMs, 1)} ms at ${report.largeFlows}: ratio ${fixed(trace.ratio, 2)}`,
    `audit RSS: ${fixed(rss.before, 1)} MiB before, ${fixed(rss.afterSmall, 1)} after the small fund's traces, ` +
      `${fixed(rss.afterLarge, 1)} after the large fund's (growth ${fixed(rss.growthLarge, 1)} MiB); ` +
      `benchmark heap ${fixed(heap.before, 1)} → ${fixed(heap.after, 1)} MiB over the large fund's reads`,
  ];
}
