import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, runBench, SCENARIOS, type BenchReport } from './bench';
import { keepAliveAgent, post } from './load';
import { startSystem, targetOf, type StartedSystem } from './run';

const root = join(__dirname, '../..');

/**
 * A smoke run of `npm run bench`: the system started as the benchmark starts it (free ports, a fresh database,
 * the demo data, Hive Gateway in both modes), every scenario for half a second on two connections, one round, the
 * ledger grown to 2,000 rows, a second of idle, the ledger at scale on funds of 100 and 1,000 flows.
 */
describe('benchmark (smoke run)', () => {
  let distDir: string;
  let started: StartedSystem | undefined;
  let report: BenchReport;

  beforeAll(async () => {
    // A private build: another test file rebuilding dist/ must not pull the code from under the system.
    distDir = await mkdtemp(join(tmpdir(), 'emergency-bench-build-'));
    execFileSync(process.execPath, [join(root, 'infra/scripts/build.mjs')], {
      env: { ...process.env, BUILD_QUIET: '1', BUILD_OUT_DIR: distDir },
    });
    const lines: string[] = [];
    const since = Date.now();
    started = await startSystem(distDir, { LOG_LEVEL: 'error' }, (line) => lines.push(line));
    const ready = Date.now();
    report = await runBench(await targetOf(started.system, started.pid), {
      connections: 2,
      seconds: 0.5,
      warmupSeconds: 0.25,
      rounds: 1,
      events: 5,
      eventRate: 10,
      ledgerRows: 2_000,
      idleSeconds: 1,
      ledgerScaleFlows: { small: 100, large: 1_000, samples: 3 },
      log: (line) => lines.push(line),
    });
    process.stdout.write(
      `\nbenchmark (smoke run): system ready in ${ready - since} ms, benchmark ${Date.now() - ready} ms\n` +
        `${formatReport(report)}\n`,
    );
  }, 240_000);

  afterAll(async () => {
    await started?.stop();
    await rm(distDir, { recursive: true, force: true });
  }, 60_000);

  it('measures every scenario, with operations and without errors', () => {
    expect(report.scenarios.map((s) => s.name)).toEqual(Object.values(SCENARIOS));
    for (const scenario of report.scenarios.filter((s) => s.name !== SCENARIOS.idle)) {
      expect({ name: scenario.name, errors: scenario.errors, samples: scenario.errorSamples }).toEqual({
        name: scenario.name,
        errors: 0,
        samples: [],
      });
      expect(scenario.operations).toBeGreaterThan(0);
      expect(scenario.p50Ms).toBeGreaterThan(0);
    }
    expect(report.ratios.oneSubgraphGatewayOverDirect.throughput).toBeGreaterThan(0);
  });

  it('charges the CPU it used to the gateway, each subgraph, PostgreSQL and the broker', () => {
    const nested = report.scenarios.find((s) => s.name === SCENARIOS.nested)!;
    expect(Object.keys(nested.cpuMsPerOperation)).toEqual(
      expect.arrayContaining([
        'gateway',
        'organisations',
        'plans',
        'supplies',
        'incidents',
        'audit',
        'postgres',
        'system (broker)',
      ]),
    );
    expect(nested.cpuMsPerOperation.gateway).toBeGreaterThan(0);
    expect(nested.systemCpuMs).toBeGreaterThan(nested.cpuMsPerOperation.gateway!);
    const table = formatReport(report);
    for (const name of Object.values(SCENARIOS)) expect(table).toContain(name);
  });

  it('runs the queries through Hive Gateway in both modes, its own process doing the work', () => {
    for (const [name, own, other] of [
      [SCENARIOS.nestedHiveOn, 'hive dedup-on', 'hive dedup-off'],
      [SCENARIOS.nestedHiveOff, 'hive dedup-off', 'hive dedup-on'],
    ] as const) {
      const cpu = report.scenarios.find((s) => s.name === name)!.cpuMsPerOperation;
      expect(cpu[own]).toBeGreaterThan(0);
      // The other gateways stood idle beside it: not the system's work for this row.
      const all = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
      expect(report.scenarios.find((s) => s.name === name)!.systemCpuMs).toBeCloseTo(
        all - (cpu.gateway ?? 0) - (cpu[other] ?? 0),
        6,
      );
    }
    for (const ratio of Object.values(report.ratios.oursOverHive)) {
      expect(ratio['dedup-on']).toBeGreaterThan(0);
      expect(ratio['dedup-off']).toBeGreaterThan(0);
    }
  });

  it('has Hive Gateway refuse a caller without a token, as our gateway does', async () => {
    const agent = keepAliveAgent(1);
    try {
      for (const url of Object.values(started!.system.hiveUrls!)) {
        // 401 with the gateway's message and code, before any subgraph is asked.
        await expect(
          post(agent, { url, body: JSON.stringify({ query: '{ __typename }' }), headers: {} }),
        ).rejects.toThrow(/^HTTP 401: .*Missing Authorization header.*"code":"UNAUTHENTICATED"/);
        await expect(
          post(agent, {
            url,
            body: JSON.stringify({ query: '{ __typename }' }),
            headers: { authorization: 'Bearer not-a-token' },
          }),
        ).rejects.toThrow(/^HTTP 401: .*invalid token.*"code":"UNAUTHENTICATED"/);
      }
    } finally {
      agent.destroy();
    }
  });

  it('measures the event latency again on the ledger grown by the preload', () => {
    const seeded = report.scenarios.find((s) => s.name === SCENARIOS.events)!;
    const grown = report.scenarios.find((s) => s.name === SCENARIOS.eventsGrown)!;
    expect(seeded.ledgerRows).toBeLessThan(2_000);
    expect(grown.ledgerRows).toBeGreaterThanOrEqual(2_000);
    expect(report.ratios.eventP99GrownOverSeeded).toBeGreaterThan(0);
    expect(report.notes).toEqual([]);
  });

  it('measures the ledger at scale: the audit’s reads against the SQL statement, the trace at two sizes', () => {
    const scale = report.ledgerScale!;
    expect(scale).toMatchObject({ smallFlows: 100, largeFlows: 1_000, samples: 3 });
    expect(scale.reads.map((r) => r.name)).toEqual([
      'totals',
      'first page of 50',
      'middle page of 50',
      'last page of 50',
    ]);
    for (const read of scale.reads) {
      expect(read.auditMs).toBeGreaterThan(0);
      expect(read.sqlMs).toBeGreaterThan(0);
      expect(read.ratio).toBeCloseTo(read.auditMs / read.sqlMs, 6);
    }
    expect(scale.trace.smallMs).toBeGreaterThan(0);
    expect(scale.trace.largeMs).toBeGreaterThan(0);
    expect(Number.isFinite(scale.auditRssMiB.growthLarge)).toBe(true);
    expect(formatReport(report)).toContain('ledger at scale: a fund of 1000 flows');
  });

  it('measures each process idle, in CPU ms per second', () => {
    const idle = report.scenarios.find((s) => s.name === SCENARIOS.idle)!;
    expect(Object.keys(idle.cpuMsPerOperation)).toEqual(
      expect.arrayContaining(['gateway', 'hive dedup-on', 'hive dedup-off', 'audit', 'postgres']),
    );
    expect(idle.systemCpuMs).toBeGreaterThanOrEqual(0);
  });

  it('reports every target with its threshold, the measured figure and whether it is met', () => {
    expect(report.targets.map((t) => [t.target, t.comparison, t.threshold])).toEqual([
      ['nested query: ours / Hive (dedup on), throughput', '>=', 1],
      ['nested query: ours / Hive (dedup off), throughput', '>=', 1],
      ['nested query: whole-system CPU ms per operation', '<=', 8],
      ['nested query, a caller per connection: ours / Hive (dedup on), throughput', '>=', 1],
      ['nested query, a caller per connection: ours / Hive (dedup off), throughput', '>=', 1],
      ['nested query, a caller per connection: whole-system CPU ms per operation', '<=', 8],
      ['one subgraph: via gateway / direct, throughput', '>=', 0.75],
      ['one subgraph, a caller per connection: via gateway / direct, throughput', '>=', 0.75],
      ['one subgraph: CPU per request, Nest subgraph / plain @apollo/subgraph', '<=', 1.2],
      ['event: p99 / bare kafkajs p99', '<=', 2],
      ['event: p99 on the grown ledger / on the seeded one', '<=', 1.25],
      ['mutation mix: operations per second', '>=', 300],
      ['ledger: totals of the large fund / the SQL statement', '<=', 2],
      ['ledger: any page of the large fund’s flows / the SQL statement (worst)', '<=', 2],
      ['ledger: fund trace at the large fund / at the small one', '<=', 1.2],
      ['ledger: audit RSS growth over the large fund’s traces, MiB', '<=', 16],
    ]);
    for (const t of report.targets) {
      expect(Number.isFinite(t.measured)).toBe(true);
      expect(t.met).toBe(t.comparison === '>=' ? t.measured >= t.threshold : t.measured <= t.threshold);
    }
    const table = formatReport(report);
    expect(table).toContain('targets (reported, not enforced)');
    for (const t of report.targets) expect(table).toContain(t.target);
  });
});
