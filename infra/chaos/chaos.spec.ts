import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKafkaBrokers } from '@emergency/testing';
import { runChaos } from './chaos';
import { formatReport } from './report';

const root = join(__dirname, '../..');

/**
 * The short crash suite (`npm run chaos` runs the long one): services as real processes, killed with SIGKILL,
 * the broker made unreachable, and then the data checked end to end.
 */
describe('crash suite', () => {
  let distDir: string;

  beforeAll(async () => {
    // A private build: another test file rebuilding dist/ must not pull the code from under a restart.
    distDir = await mkdtemp(join(tmpdir(), 'emergency-chaos-build-'));
    execFileSync(process.execPath, [join(root, 'infra/scripts/build.mjs')], {
      env: { ...process.env, BUILD_QUIET: '1', BUILD_OUT_DIR: distDir },
    });
  });

  afterAll(async () => {
    await rm(distDir, { recursive: true, force: true });
  });

  it('loses and duplicates no fund event while incidents and audit are SIGKILLed and the broker is down', async () => {
    const lines: string[] = [];
    const report = await runChaos({
      databaseServerUrl: process.env.TEST_DATABASE_URL!,
      brokers: testKafkaBrokers(),
      distDir,
      durationMs: 10_000,
      callers: 2,
      funds: 3,
      log: (line) => lines.push(line),
    });
    process.stdout.write(
      `\ncrash suite (short)\n${lines.map((l) => `  ${l}\n`).join('')}\n${formatReport(report)}\n`,
    );
    const v = report.verification;

    expect(v.lost).toEqual({ acked: 0, outbox: 0, unsent: 0, topic: 0, applied: 0 });
    expect(v.duplicated).toEqual({ outbox: 0, topic: 0, applied: 0 });
    expect(v.fundsOff).toEqual([]);
    // The run did what it claims: mutations committed, every fault injected at least once.
    expect(v.committed.contributions + v.committed.allocations).toBeGreaterThan(50);
    expect(v.events).toBeGreaterThan(50);
    expect(v.applied.audit).toBe(v.events);
    expect(report.kills.incidents).toBeGreaterThanOrEqual(1);
    expect(report.kills.auditMidBatch).toBeGreaterThanOrEqual(1);
    expect(report.brokerOutages).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
