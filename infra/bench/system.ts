import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPHS, subgraphUrlVariable } from '@emergency/config';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  startMockKafka,
  type KafkaHandle,
  type PostgresHandle,
} from '@emergency/local-stack';
import { loadDemoData } from '../dev/demo-data';
import { Supervisor } from '../dev/supervisor';
import { devToken, signDevToken } from '../dev/token';
import { HIVE_MODES, HIVE_READY_PATH, type HiveMode } from './hive-gateway';

/**
 * The system the benchmark measures, started as `npm start` starts it (embedded PostgreSQL, the mock broker in
 * this process, the five subgraphs and the gateway as child processes, the demo data loaded through the
 * gateway) but on ports of its own and on a fresh data directory, so that it runs beside a developer's
 * `npm start` and never writes into its data. Beside our gateway, Hive Gateway on the same subgraphs twice
 * (infra/bench/hive-gateway.ts), with its merge of identical subgraph requests on and off. Run as
 * `node dist/infra/bench/system.js`; when ready it prints one line `BENCH_SYSTEM <json>` ({@link BenchSystem}) and
 * it stops everything on SIGTERM or SIGINT.
 *
 *   GATEWAY_PORT, PG_PORT, KAFKA_PORT, <SUBGRAPH>_PORT   fixed ports (default: free ones)
 *   BENCH_PROFILE       services to run under V8's CPU profiler, comma-separated (`gateway,incidents`); each writes
 *                       BENCH_PROFILE_DIR/<name>.cpuprofile when the system stops it
 */

export interface BenchSystem {
  gatewayUrl: string;
  /** Hive Gateway's GraphQL URL, by mode; none for a system started elsewhere. */
  hiveUrls?: Record<HiveMode, string>;
  /** The database the services share (each in its own schema); none for a system started elsewhere. */
  databaseUrl?: string;
  /** Each subgraph's GraphQL URL, by name. */
  subgraphUrls: Record<string, string>;
  /** Bootstrap addresses of the broker. */
  brokers: string[];
}

export const READY_PREFIX = 'BENCH_SYSTEM ';

const env = process.env;
let postgres: PostgresHandle | undefined;
let kafka: KafkaHandle | undefined;
let dataDir: string | undefined;
let stopping = false;

/** The processes BENCH_PROFILE may name: the gateway and the subgraphs, as the CPU columns name them. */
export const PROFILED_PROCESSES: readonly string[] = ['gateway', ...SUBGRAPHS.map(({ name }) => name)];

/** BENCH_PROFILE's names (none when unset); an unknown name is an error that lists the known ones. */
export function profiledProcesses(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !PROFILED_PROCESSES.includes(name));
  if (unknown.length > 0)
    throw new Error(
      `BENCH_PROFILE: no process ${unknown.join(', ')} (one of ${PROFILED_PROCESSES.join(', ')})`,
    );
  return [...new Set(names)];
}

const say = (line: string) => process.stderr.write(`${line}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const portOf = async (variable: string) => (env[variable] ? Number(env[variable]) : freePort());

/** The supervisor of the services, with the profiler on for those BENCH_PROFILE names. */
function supervisor(): Supervisor {
  const profiled = profiledProcesses(env.BENCH_PROFILE);
  if (profiled.length > 0 && !env.BENCH_PROFILE_DIR) throw new Error('BENCH_PROFILE needs BENCH_PROFILE_DIR');
  return new Supervisor({
    onUnexpectedExit: (name, how) => {
      say(`[bench system] ${name} exited (${how}); stopping everything`);
      void shutdown(1);
    },
    cpuProfile: profiled.length > 0 ? { dir: env.BENCH_PROFILE_DIR!, names: profiled } : undefined,
  });
}
/** Once started: what a shutdown stops. */
let supervised: Supervisor | undefined;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await supervised?.stopAll();
  await kafka?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  process.exit(code);
}

/** Hive Gateway in each mode, on a free port, with the same subgraph URLs as our gateway. */
async function startHiveGateways(services: Supervisor, dist: string, urls: Record<string, string>) {
  const hiveUrls = {} as Record<HiveMode, string>;
  const ready: Promise<void>[] = [];
  for (const mode of HIVE_MODES) {
    const port = await freePort();
    const name = `hive gateway (${mode})`;
    services.start(
      name,
      join(dist, 'infra/bench/hive-gateway.js'),
      { ...urls, PORT: String(port) },
      undefined,
      [mode],
    );
    ready.push(services.waitReady(name, `http://127.0.0.1:${port}${HIVE_READY_PATH}`, 120_000));
    hiveUrls[mode] = `http://127.0.0.1:${port}/graphql`;
  }
  await Promise.all(ready);
  return hiveUrls;
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Compiled to dist/infra/bench/system.js: the services are beside it in dist/apps.
  const dist = join(__dirname, '../..');
  const services = supervisor();
  supervised = services;

  dataDir = await mkdtemp(join(tmpdir(), 'emergency-bench-pg-'));
  postgres = await startEmbeddedPostgres({
    dataDir,
    port: env.PG_PORT ? Number(env.PG_PORT) : undefined,
  });
  const databaseUrl = await ensureDatabase(postgres.url, 'emergency');
  kafka = await startMockKafka({
    brokers: 1,
    fixedPort: env.KAFKA_PORT ? Number(env.KAFKA_PORT) : undefined,
  });
  const brokers = kafka.brokers;

  const subgraphUrls: Record<string, string> = {};
  const urls: Record<string, string> = {};
  const ports: Record<string, number> = {};
  for (const { name } of SUBGRAPHS) {
    ports[name] = await portOf(`${name.toUpperCase()}_PORT`);
    subgraphUrls[name] = `http://127.0.0.1:${ports[name]}/graphql`;
    urls[subgraphUrlVariable(name)] = subgraphUrls[name];
  }
  for (const { name } of SUBGRAPHS) {
    services.start(name, join(dist, `apps/${name}/src/main.js`), {
      PORT: String(ports[name]),
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
    });
  }
  await Promise.all(
    SUBGRAPHS.map(({ name }) =>
      services.waitReady(name, `http://127.0.0.1:${ports[name]}/health/ready`, 120_000),
    ),
  );

  const gatewayPort = await portOf('GATEWAY_PORT');
  services.start('gateway', join(dist, 'apps/gateway/src/main.js'), { ...urls, PORT: String(gatewayPort) });
  const [, hiveUrls] = await Promise.all([
    services.waitReady('gateway', `http://127.0.0.1:${gatewayPort}/health/ready`, 120_000),
    startHiveGateways(services, dist, urls),
  ]);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  await loadDemoData(gatewayUrl, await devToken(['--role', 'admin']), (identity) => signDevToken(identity));

  const system: BenchSystem = { gatewayUrl, hiveUrls, databaseUrl, subgraphUrls, brokers };
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(system)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    say(`[bench system] start failed: ${(error as Error).message}`);
    void shutdown(1);
  });
}
