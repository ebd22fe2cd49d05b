import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, runBench, SCENARIOS, type BenchReport } from './bench';
import { startSystem, targetOf, type StartedSystem } from './run';

const root = join(__dirname, '../..');

/**
 * A smoke run of `npm run bench`: the system started as the benchmark starts it (free ports, a fresh database,
 * the demo data), every scenario for a second on two connections, one round.
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
    started = await startSystem(distDir, { LOG_LEVEL: 'error' }, (line) => lines.push(line));
    report = await runBench(await targetOf(started.system, started.pid), {
      connections: 2,
      seconds: 1,
      warmupSeconds: 0.5,
      rounds: 1,
      events: 5,
      eventRate: 10,
      log: (line) => lines.push(line),
    });
    process.stdout.write(`\nbenchmark (smoke run)\n${formatReport(report)}\n`);
  }, 150_000);

  afterAll(async () => {
    await started?.stop();
    await rm(distDir, { recursive: true, force: true });
  }, 60_000);

  it('measures every scenario, with operations and without errors', () => {
    expect(report.scenarios.map((s) => s.name)).toEqual(Object.values(SCENARIOS));
    for (const scenario of report.scenarios) {
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
    const table = formatReport(report);
    for (const name of Object.values(SCENARIOS)) expect(table).toContain(name);
  });
});
