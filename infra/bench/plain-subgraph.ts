import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { parse } from 'graphql';
import { ForwardedIdentityVerifier } from '@emergency/auth';
import { regionScopeSettings, subgraphConfig } from '@emergency/config';
import { contractRegistry } from '@emergency/contracts';
import { openServiceDatabase } from '@emergency/database';
import { Outbox } from '@emergency/events';
import {
  apolloServerPolicy,
  formatError,
  graphqlHttpErrors,
  scalarResolvers,
  subgraphContext,
  subgraphTypeDefs,
  type RequestContext,
} from '@emergency/graphql';
import {
  JsonLogger,
  ServiceMetrics,
  Tracing,
  errorFields,
  graphqlObservation,
  observeHttp,
} from '@emergency/observability';
import type { PageArgs } from '@emergency/paging';
import {
  Clock,
  KnownOrganisations,
  RegionScope,
  serviceEntities,
  serviceMigrations,
  subgraphOptionsOf,
} from '@emergency/subgraph';
// The incidents app's own service and repository, so that the same code answers; loaded only by the server's
// process, not by the benchmark that starts it. Tooling that measures an app, not one app reaching into another.
/* eslint-disable no-restricted-imports */
import type { IncidentFilter } from '../../apps/incidents/src/incident/incident.service';
const incidentsApp = async () => ({
  ...(await import('../../apps/incidents/src/app.module')),
  ...(await import('../../apps/incidents/src/incident/incident.repository')),
  ...(await import('../../apps/incidents/src/incident/incident.service')),
  ...(await import('../../apps/incidents/src/report/report-deadlines')),
  ...(await import('../../apps/incidents/src/report/report.repository')),
});
/* eslint-enable no-restricted-imports */
import { cpuSnapshot, processTree, type CpuSnapshot } from './processes';

/**
 * The incidents subgraph as a plain `@apollo/subgraph` server: ApolloServer and `buildSubgraphSchema` over
 * Express, the same SDL, context (the forwarded identity verified by `ForwardedIdentityVerifier`, the request's
 * loaders), error formatting, server policy and observation (`observeHttp`, `graphqlObservation`: trace context,
 * metrics, the request log), and hand-written resolvers for what the benchmark asks (`incidents`, and references
 * to incidents) that call the very service and repository the Nest app runs. What it lacks is Nest's GraphQL
 * layer, so the benchmark's CPU per request of the incidents process over this one's is that layer's cost.
 *
 * Run as `node dist/infra/bench/plain-subgraph.js` with the incidents process's environment (its database, schema
 * and identity secret); it listens on a free port, then prints one line `PLAIN_SUBGRAPH <url>`.
 */

export const PLAIN_READY_PREFIX = 'PLAIN_SUBGRAPH ';

/** The name the plain server's CPU is reported under. */
export const PLAIN_PROCESS = 'plain @apollo/subgraph';

async function main() {
  const {
    AppModule,
    DEFAULT_PORT,
    SERVICE,
    IncidentRepository,
    IncidentService,
    ReportDeadlines,
    ReportRepository,
  } = await incidentsApp();
  const env = process.env;
  const cfg = subgraphConfig(SERVICE, DEFAULT_PORT).load(env);
  const options = subgraphOptionsOf(AppModule);
  const production = cfg.NODE_ENV === 'production';
  const dataSource = await openServiceDatabase({
    url: cfg.DATABASE_URL,
    schema: cfg.DATABASE_SCHEMA,
    applicationName: `${SERVICE}-plain`,
    poolSize: cfg.DATABASE_POOL_SIZE,
    entities: serviceEntities(options),
    migrations: serviceMigrations(options),
    migrationsRun: 'skip',
  });
  const clock = new Clock();
  const incidents = new IncidentService(
    dataSource,
    new IncidentRepository(dataSource),
    new Outbox(contractRegistry(), `/emergency/${SERVICE}`, cfg.KAFKA_TOPIC_PREFIX),
    RegionScope.of(regionScopeSettings.load(env).REGION_DATA_SCOPE),
    new KnownOrganisations(dataSource, options),
    clock,
    new ReportDeadlines(new ReportRepository(dataSource), clock),
  );
  const identities = new ForwardedIdentityVerifier(cfg.GATEWAY_IDENTITY_SECRET, SERVICE);
  // The service's own observation, as libs/subgraph's bootstrap and module install it: only Nest's layer differs.
  const logger = new JsonLogger(`${SERVICE}-plain`, cfg.LOG_LEVEL);
  const metrics = new ServiceMetrics(SERVICE);
  const tracing = new Tracing({ service: SERVICE, otlpEndpoint: cfg.OTEL_EXPORTER_OTLP_ENDPOINT });
  const policy = apolloServerPolicy(production);
  const server = new ApolloServer<RequestContext>({
    schema: buildSubgraphSchema({
      typeDefs: parse(subgraphTypeDefs(options.sdl)),
      resolvers: {
        ...scalarResolvers,
        Query: {
          incidents: (
            _: unknown,
            args: { filter?: IncidentFilter | null; first?: number; after?: string },
            ctx: RequestContext,
          ) => incidents.list(ctx, args.filter ?? {}, { first: args.first, after: args.after } as PageArgs),
        },
        Incident: {
          __resolveReference: (reference: { id: string }, ctx: RequestContext) =>
            incidents.reference(ctx, reference.id),
        },
      } as never,
    }),
    ...policy,
    plugins: [...policy.plugins, ApolloServerPluginInlineTraceDisabled(), graphqlObservation()],
    formatError: formatError(production, (error) =>
      logger.entry('error', 'unexpected error in resolver', errorFields(error)),
    ),
  });
  await server.start();
  const app = express();
  app.use(observeHttp({ logger, metrics, tracing }));
  app.use(
    '/graphql',
    express.json({ limit: cfg.MAX_REQUEST_BODY_BYTES }),
    graphqlHttpErrors((error) => logger.entry('error', 'unexpected HTTP error', errorFields(error))),
    expressMiddleware(server, { context: ({ req }) => subgraphContext(req, identities) }),
  );
  const listening = app.listen(0, '127.0.0.1', () => {
    const { port } = listening.address() as AddressInfo;
    process.stdout.write(`${PLAIN_READY_PREFIX}http://127.0.0.1:${port}/graphql\n`);
  });
  const stop = () => {
    listening.close();
    void server
      .stop()
      .then(() => tracing.shutdown())
      .finally(() => void dataSource.destroy().finally(() => process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** A started plain server: where it answers, its process, and how to stop it. */
export interface PlainSubgraph {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the plain server beside the incidents process of the system under `rootPid`, with that process's
 * environment (so the same database, schema and secret) and from the same build (`<dist>/apps/incidents/...` gives
 * `<dist>/infra/bench/plain-subgraph.js`), on a free port. Undefined when no incidents process is found there.
 */
export async function startPlainSubgraph(rootPid: number): Promise<PlainSubgraph | undefined> {
  const incidents = processTree(rootPid)
    .map((pid) => ({ pid, args: readProc(pid, 'cmdline') }))
    .map(({ pid, args }) => ({ pid, main: args.find((a) => /apps\/incidents\/src\/main\.js$/.test(a)) }))
    .find(({ main }) => main !== undefined);
  if (!incidents) return undefined;
  const dist = join(dirname(incidents.main!), '../../..');
  const env = Object.fromEntries(
    readProc(incidents.pid, 'environ').map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
  const child: ChildProcess = spawn(process.execPath, [join(dist, 'infra/bench/plain-subgraph.js')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Whatever way the benchmark ends, the server ends with it.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(PLAIN_READY_PREFIX)) resolve(line.slice(PLAIN_READY_PREFIX.length));
    });
    void exited.then(() =>
      reject(new Error(`the plain subgraph exited before it listened (${child.exitCode})`)),
    );
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
      process.off('exit', orphaned);
    },
  };
}

/** CPU used so far by the plain server's process, under {@link PLAIN_PROCESS}. */
export function plainCpuSnapshot(pid: number): CpuSnapshot {
  return new Map([...cpuSnapshot(pid)].map(([p, { ms }]) => [p, { name: PLAIN_PROCESS, ms }]));
}

function readProc(pid: number, file: 'cmdline' | 'environ'): string[] {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`plain subgraph: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
