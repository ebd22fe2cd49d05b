import { join } from 'node:path';
import { SUBGRAPHS, subgraphUrlVariable } from '@emergency/config';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  startMockKafka,
  type KafkaHandle,
  type PostgresHandle,
} from '@emergency/local-stack';
import { buildConsole } from '../console/build';
import { serveConsole, type ConsoleServer } from '../console/serve';
import { repoRoot } from '../supergraph/compose';
import { loadDemoData } from './demo-data';
import { Supervisor } from './supervisor';
import { devToken, signDevToken } from './token';

/**
 * `npm start`: the whole system on one machine with nothing installed but Node. Starts (unless an environment
 * variable points at an external one) PostgreSQL, a Kafka-protocol broker, the five subgraphs and the gateway,
 * loads the demo data once, builds and serves the auditor console, and stops everything it started on Ctrl-C.
 *
 *   DATABASE_URL / <SERVICE>_DATABASE_URL   use an external PostgreSQL (all services / one service)
 *   KAFKA_BROKERS                           use an external Kafka
 *   <SERVICE>_URL                           a subgraph already runs elsewhere; do not start it
 *   GATEWAY_PORT (4000), CONSOLE_PORT (4100), PG_PORT (5433), KAFKA_PORT (9092), LOG_LEVEL (warn)
 */

const root = repoRoot();
const env = process.env;
let postgres: PostgresHandle | undefined;
let kafka: KafkaHandle | undefined;
let consoleServer: ConsoleServer | undefined;
let stopping = false;

const say = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function relay(name: string, stream: NodeJS.ReadableStream) {
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        const entry = JSON.parse(line) as {
          level?: string;
          msg?: string;
          error?: string | { message?: string };
        };
        const error = typeof entry.error === 'string' ? entry.error : entry.error?.message;
        say(`[${name}] ${entry.level ?? ''} ${entry.msg ?? line}${error ? `: ${error}` : ''}`);
      } catch {
        if (line.trim()) say(`[${name}] ${line}`);
      }
    }
  });
}

const services = new Supervisor({
  onUnexpectedExit: (name, how) => {
    say(`[${name}] exited (${how}); stopping everything`);
    void shutdown(1);
  },
  onOutput: relay,
});

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await consoleServer?.close();
  await services.stopAll();
  await kafka?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  say('stopped');
  process.exit(code);
}

async function main() {
  const started = Date.now();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres({
      dataDir: join(root, '.data/postgres'),
      port: Number(env.PG_PORT ?? 5433),
    });
    databaseUrl = await ensureDatabase(postgres.url, 'emergency');
    say(`PostgreSQL      ${databaseUrl} (embedded, data in .data/postgres)   ${elapsed(started)}`);
  }
  let brokers = env.KAFKA_BROKERS;
  if (!brokers) {
    kafka = await startMockKafka({ brokers: 1, fixedPort: Number(env.KAFKA_PORT ?? 9092) });
    brokers = kafka.brokers.join(',');
    say(`Kafka protocol  ${brokers} (librdkafka mock broker, in memory)   ${elapsed(started)}`);
  }

  const urls: Record<string, string> = {};
  const local = SUBGRAPHS.filter(({ name }) => !env[subgraphUrlVariable(name)]);
  for (const { name, port } of SUBGRAPHS) {
    urls[subgraphUrlVariable(name)] = env[subgraphUrlVariable(name)] ?? `http://127.0.0.1:${port}/graphql`;
  }
  for (const { name, port } of local) {
    services.start(
      name,
      `dist/apps/${name}/src/main.js`,
      {
        PORT: String(port),
        DATABASE_URL: env[`${name.toUpperCase()}_DATABASE_URL`] ?? databaseUrl,
        KAFKA_BROKERS: brokers,
      },
      root,
    );
  }
  await Promise.all(
    local.map(({ name, port }) => services.waitReady(name, `http://127.0.0.1:${port}/health/ready`)),
  );
  say(`subgraphs       ${local.map((s) => s.name).join(', ')} ready   ${elapsed(started)}`);

  const gatewayPort = env.GATEWAY_PORT ?? '4000';
  services.start(
    'gateway',
    'dist/apps/gateway/src/main.js',
    {
      ...urls,
      PORT: gatewayPort,
      // Pages served from this machine (a frontend under development) may call the gateway; set it to change.
      CORS_ALLOWED_ORIGINS:
        env.CORS_ALLOWED_ORIGINS ?? `http://localhost:${gatewayPort},http://127.0.0.1:${gatewayPort}`,
    },
    root,
  );
  await services.waitReady('gateway', `http://127.0.0.1:${gatewayPort}/health/ready`);
  const gatewayUrl = `http://localhost:${gatewayPort}/graphql`;
  const token = await devToken(['--role', 'admin']);
  const loaded = await loadDemoData(gatewayUrl, token, (identity) => signDevToken(identity));
  say(`demo data       ${loaded ? 'loaded' : 'already present'}   ${elapsed(started)}`);
  await buildConsole();
  consoleServer = await serveConsole({
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    port: Number(env.CONSOLE_PORT ?? 4100),
    host: 'localhost',
  });
  const consoleUrl = consoleServer.url;
  say(`console         built and served   ${elapsed(started)}`);

  say(`
The emergency supergraph is running (ready in ${elapsed(started)}). Ctrl-C stops everything.

  Gateway   ${gatewayUrl}
  Console   ${consoleUrl}   (the auditor console: sign in with a token)
  Token     npm run token -- --role admin|operator|auditor   (this one is admin, valid 8 h)

  curl -s ${gatewayUrl} \\
    -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"{ incidents(first: 5) { edges { node { title severity funds { name raisedFen allocatedFen } } } } }"}'
`);
}

main().catch((error: unknown) => {
  say(`start failed: ${(error as Error).message}`);
  void shutdown(1);
});
