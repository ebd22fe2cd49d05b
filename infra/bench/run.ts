import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gatewayConfig } from '@emergency/config';
import { repoRoot } from '../supergraph/compose';
import { devToken } from '../dev/token';
import { formatReport, runBench, type BenchReport, type BenchSettings, type BenchTarget } from './bench';
import { summariseFile } from './profile';
import { profiledProcesses, READY_PREFIX, type BenchSystem } from './system';

/**
 * `npm run bench`: starts the system (infra/bench/system.ts: as `npm start` does, on free ports and a fresh
 * database) unless BENCH_GATEWAY_URL points at a running one, runs the benchmark, prints the table and writes
 * it as JSON to .bench/<timestamp>.json; stops what it started at the end and on Ctrl-C.
 *
 *   BENCH_CONNECTIONS (20), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_ROUNDS (3),
 *   BENCH_EVENTS (300), BENCH_EVENT_RATE (20 a second), BENCH_LEDGER_ROWS (100000), BENCH_IDLE_SECONDS (10)
 *   BENCH_GATEWAY_URL   a running gateway; then BENCH_INCIDENTS_URL (http://127.0.0.1:4004/graphql),
 *                       BENCH_KAFKA_BROKERS (127.0.0.1:9092) and BENCH_PID (the process whose tree's CPU is
 *                       measured; none: no CPU figures); no Hive Gateway rows and no ledger preload
 *   BENCH_ONLY          only the closed-loop scenarios whose name contains it (any case); no event, ledger or idle
 *                       measurement; `ledger at scale` (or a part of it, e.g. `ledger at`): that measurement alone
 *   BENCH_LEDGER_SCALE  the ledger at scale's small and large funds and samples (1000,100000,50)
 *   BENCH_PROFILE       processes of the started system to profile, comma-separated (gateway, organisations, plans,
 *                       supplies, incidents, audit): V8 CPU profiles in .bench/profiles/<timestamp>/, each
 *                       summarised at the end (infra/bench/profile.ts)
 */

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

export function settingsFromEnv(log: (line: string) => void): BenchSettings {
  return {
    connections: number('BENCH_CONNECTIONS', 20),
    seconds: number('BENCH_SECONDS', 10),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 2),
    rounds: number('BENCH_ROUNDS', 3),
    events: number('BENCH_EVENTS', 300),
    eventRate: number('BENCH_EVENT_RATE', 20),
    ledgerRows: number('BENCH_LEDGER_ROWS', 100_000),
    idleSeconds: number('BENCH_IDLE_SECONDS', 10),
    only: env.BENCH_ONLY || undefined,
    ledgerScaleFlows: ledgerScaleFromEnv(env.BENCH_LEDGER_SCALE),
    log,
  };
}

/** `small,large,samples` (BENCH_LEDGER_SCALE) as the ledger at scale's sizes; the defaults when unset. */
export function ledgerScaleFromEnv(value: string | undefined): BenchSettings['ledgerScaleFlows'] {
  if (!value) return { small: 1_000, large: 100_000, samples: 50 };
  const [small, large, samples] = value.split(',').map(Number);
  if (![small, large, samples].every((n) => Number.isInteger(n) && n! > 0))
    throw new Error(`BENCH_LEDGER_SCALE must be small,large,samples (positive integers), not ${value}`);
  return { small: small!, large: large!, samples: samples! };
}

/** A started system: where it is, and how to stop it. */
export interface StartedSystem {
  system: BenchSystem;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Spawns `node <distDir>/infra/bench/system.js` and waits for its ready line. `stop()` sends SIGTERM to that
 * process only (it stops its own children), SIGKILL after 30 s.
 */
export async function startSystem(
  distDir: string,
  extraEnv: Record<string, string> = {},
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<StartedSystem> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--enable-source-maps', join(distDir, 'infra/bench/system.js')],
    {
      // A build outside the repository (a test's private one) finds the packages here.
      env: {
        ...env,
        LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
        NODE_PATH: join(repoRoot(), 'node_modules'),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(force);
  };
  const last: string[] = [];
  const relay = (line: string) => {
    last.push(line);
    if (last.length > 20) last.shift();
    log(`[system] ${line}`);
  };
  createInterface({ input: child.stderr! }).on('line', relay);
  const system = await new Promise<BenchSystem>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as BenchSystem);
      else relay(line);
    });
    void exited.then(() =>
      reject(new Error(`the system exited before it was ready (${child.exitCode}):\n${last.join('\n')}`)),
    );
  });
  return { system, pid: child.pid!, stop };
}

/** The target a started system offers, with the dev admin token and the dev identity secret. */
export async function targetOf(system: BenchSystem, rootPid?: number): Promise<BenchTarget> {
  const cfg = gatewayConfig.load(env);
  return {
    gatewayUrl: system.gatewayUrl,
    hiveUrls: system.hiveUrls,
    databaseUrl: system.databaseUrl,
    auditUrl: system.subgraphUrls.audit,
    incidentsUrl: system.subgraphUrls.incidents!,
    brokers: system.brokers,
    token: await devToken(['--role', 'admin']),
    callerToken: (subject) => devToken(['--role', 'admin', '--subject', subject]),
    identitySecret: cfg.GATEWAY_IDENTITY_SECRET,
    identity: { subject: 'dev-admin', name: 'Dev admin', roles: ['admin'] },
    rootPid,
  };
}

/**
 * Prints the summary of each profile the stopped system wrote, of the closed-loop scenarios' measured seconds only
 * (not the start, the warm-ups, the event and idle measurements), and saves it beside; names a profile not written.
 */
async function summariseProfiles(dir: string, profiled: string[], report: BenchReport) {
  const windowsUs = report.scenarios.flatMap((s) => s.measuredUs ?? []);
  const written = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  for (const name of written.sort())
    process.stdout.write(`\nCPU profile, ${await summariseFile(join(dir, name), windowsUs)}\n`);
  const missing = profiled.filter((name) => !written.includes(`${name}.cpuprofile`));
  if (missing.length > 0) process.stdout.write(`\nno CPU profile written by ${missing.join(', ')}\n`);
}

let started: StartedSystem | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  await started?.stop();
  process.exit(code);
}

async function main() {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const settings = settingsFromEnv(log);
  process.on('SIGINT', () => void stopAll(130));
  process.on('SIGTERM', () => void stopAll(143));

  const profiled = profiledProcesses(env.BENCH_PROFILE);
  const profileDir =
    profiled.length > 0
      ? join(repoRoot(), '.bench/profiles', new Date().toISOString().replace(/[:.]/g, '-'))
      : undefined;
  let target: BenchTarget;
  if (env.BENCH_GATEWAY_URL) {
    if (profileDir)
      throw new Error('BENCH_PROFILE profiles a system the benchmark starts, not BENCH_GATEWAY_URL');
    target = await targetOf(
      {
        gatewayUrl: env.BENCH_GATEWAY_URL,
        subgraphUrls: { incidents: env.BENCH_INCIDENTS_URL ?? 'http://127.0.0.1:4004/graphql' },
        brokers: (env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      },
      env.BENCH_PID ? Number(env.BENCH_PID) : undefined,
    );
  } else {
    log('starting the system (fresh database, demo data)…');
    const since = Date.now();
    if (profileDir) {
      await mkdir(profileDir, { recursive: true });
      log(`CPU profiles of ${profiled.join(', ')} into ${profileDir}`);
    }
    started = await startSystem(
      join(repoRoot(), 'dist'),
      profileDir ? { BENCH_PROFILE_DIR: profileDir } : {},
      log,
    );
    log(`ready in ${((Date.now() - since) / 1000).toFixed(1)} s: ${started.system.gatewayUrl}`);
    target = await targetOf(started.system, started.pid);
  }

  const report: BenchReport = await runBench(target, settings);
  await started?.stop();
  started = undefined;
  const table = formatReport(report);
  process.stdout.write(`\n${table}\n`);
  const dir = join(repoRoot(), '.bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
  if (profileDir) await summariseProfiles(profileDir, profiled, report);
  process.exit(report.scenarios.some((s) => s.errors > 0) ? 1 : 0);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    void stopAll(1);
  });
}
