import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { domainTopic } from '@emergency/events';
import { ensureDatabase } from '@emergency/local-stack';
import { registerOrganisations, TEST_IDENTITY_SECRET, uniqueName } from '@emergency/testing';
import { startBrokerProxy, type BrokerProxy } from './broker-proxy';
import { CHAOS_ORGANISATIONS, MutationStream, type MutationCounts } from './mutations';
import { repoRoot } from '../supergraph/compose';
import { ServiceProcess } from './service-process';
import { verify, type Verification } from './verify';

/** How long and how hard a run shakes the system. */
export interface ChaosOptions {
  /** A PostgreSQL server URL; the run creates its own database on it. */
  databaseServerUrl: string;
  /** The real brokers; the services reach them only through a proxy the run controls. */
  brokers: string[];
  /** Where `npm run build` put the code the services run from (a `dist/` folder). */
  distDir: string;
  /** How long faults are injected (each kind at least once) while mutations flow; verification follows. */
  durationMs: number;
  /**
   * When set, the first broker outage lasts this long instead of 2 to 5 s: longer than the Kafka client's retry
   * budget (about 25 s), so producers' sends and consumers' fetches give up and must recover by themselves.
   */
  longOutageMs?: number;
  /** Concurrent callers sending fund mutations. */
  callers?: number;
  funds?: number;
  /** Seeds the random choices (amounts, pauses, outage lengths, kill moments); printed with the report. */
  seed?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  durationMs: number;
  mutations: MutationCounts;
  kills: { incidents: number; audit: number; auditMidBatch: number };
  brokerOutages: number;
  /** Exits of a service that nobody ordered (each was restarted). */
  crashes: number;
  verification: Verification;
}

/** Services started by the run: the producer of fund events, its consumers. */
const SERVICES = ['incidents', 'audit', 'supplies'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic generator (mulberry32), so that a seed repeats a run's choices. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The crash suite: a stream of fund mutations into the incidents subgraph while, one after the other, incidents
 * is SIGKILLed and restarted, the broker refuses every connection for a few seconds, and the audit subgraph is
 * SIGKILLed while it works through a backlog. Then the faults stop, the run waits until every committed event has
 * been consumed, and checks from the databases and the topic that nothing was lost or applied twice. Every
 * process the run starts is stopped before it returns or throws.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  // One generator for the faults, one for the callers: the faults' choices then depend on the seed alone, not on
  // how the callers interleave.
  const rand = random(seed);
  const callerRand = random(seed ^ 0x5bd1e995);
  const started = Date.now();
  const topicPrefix = `${uniqueName('chaos')}.`;
  const databaseUrl = await ensureDatabase(options.databaseServerUrl, uniqueName('chaos'));
  const proxy: BrokerProxy = await startBrokerProxy(options.brokers);
  const services = new Map<string, ServiceProcess>();
  let stream: MutationStream | undefined;
  try {
    for (const name of SERVICES) {
      services.set(
        name,
        new ServiceProcess(name, options.distDir, await freePort(), {
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: proxy.brokers.join(','),
          KAFKA_TOPIC_PREFIX: topicPrefix,
          GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
          // Built code outside the repository (a test's private build) still finds the repository's packages.
          NODE_PATH: join(repoRoot(), 'node_modules'),
        }),
      );
    }
    const incidents = services.get('incidents')!;
    const audit = services.get('audit')!;
    // One at a time: migrations of one database, and two cores shared with whatever else runs.
    for (const service of services.values()) {
      service.start();
      await service.waitReady(90_000);
    }
    log(`seed ${seed}; services ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The organisations service is not part of the run: its events are played, as incidents learns them.
    const incidentsDb = await connect(databaseUrl, 'incidents');
    try {
      await registerOrganisations({ db: incidentsDb, topicPrefix }, CHAOS_ORGANISATIONS);
    } finally {
      await incidentsDb.end();
    }
    stream = new MutationStream(incidents.url, callerRand, options.funds ?? 3);
    await stream.seed();
    stream.start(options.callers ?? 3);

    const kills = { incidents: 0, audit: 0, auditMidBatch: 0 };
    let brokerOutages = 0;
    const auditDb = await connect(databaseUrl, 'audit');
    try {
      const faults = [
        async () => {
          await incidents.kill();
          kills.incidents++;
          log(`SIGKILL incidents (${stream!.counts.attempted} mutations sent so far)`);
          await sleep(300 + rand() * 1200);
          incidents.start();
          await incidents.waitReady();
        },
        async () => {
          await proxy.refuse();
          brokerOutages++;
          const outageMs =
            brokerOutages === 1 && options.longOutageMs ? options.longOutageMs : 2000 + rand() * 3000;
          log(`broker unreachable for ${(outageMs / 1000).toFixed(1)} s`);
          await sleep(outageMs);
          await proxy.restore();
        },
        async () => {
          if (await killAuditMidBatch(audit, auditDb, rand, log)) kills.auditMidBatch++;
          kills.audit += 2;
          audit.start();
          await audit.waitReady();
        },
      ];
      // The callers get going before the first fault.
      await sleep(1000 + rand() * 1000);
      const faultsStarted = Date.now();
      // Every kind of fault at least once, however short the run.
      for (let i = 0; i < faults.length || Date.now() - faultsStarted < options.durationMs; i++) {
        await faults[i % faults.length]();
        await sleep(500 + rand() * 1500);
      }
    } finally {
      await auditDb.end();
    }
    await stream.stop();
    log(`faults stopped; ${stream.counts.attempted} mutations sent; waiting for the consumers to catch up`);

    await proxy.restore();
    for (const service of services.values()) await service.waitReady();
    const verification = await verify({
      databaseUrl,
      brokers: options.brokers,
      topic: domainTopic('incidents', topicPrefix),
      acked: stream.acked,
      funds: stream.funds,
      incidentsUrl: incidents.url,
      auditUrl: audit.url,
      log,
    });
    return {
      seed,
      durationMs: Date.now() - started,
      mutations: stream.counts,
      kills,
      brokerOutages,
      crashes: [...services.values()].reduce((sum, s) => sum + s.crashes, 0),
      verification,
    };
  } catch (error) {
    const logs = [...services.values()].map((s) => s.recentLog).join('\n');
    if (error instanceof Error) error.message += `\nlast service log lines:\n${logs}`;
    throw error;
  } finally {
    await stream?.stop();
    await Promise.all([...services.values()].map((s) => s.stop()));
    await proxy.close();
  }
}

async function connect(databaseUrl: string, schema: string): Promise<Client> {
  const db = new Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await db.connect();
  return db;
}

const inboxSize = async (db: Client) =>
  Number(((await db.query(`SELECT count(*)::int AS n FROM inbox`)).rows[0] as { n: number }).n);

/**
 * Kills audit, lets a backlog build up on the topic, restarts it and SIGKILLs it again soon after it has started
 * applying the backlog, i.e. in the middle of its batch. Returns whether events were still
 * waiting at the kill. Leaves audit stopped.
 */
async function killAuditMidBatch(
  audit: ServiceProcess,
  auditDb: Client,
  rand: () => number,
  log: (line: string) => void,
): Promise<boolean> {
  await audit.kill();
  await sleep(2500);
  const before = await inboxSize(auditDb);
  audit.start();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    let applied = (await inboxSize(auditDb)) - before;
    if (applied > 0) {
      // Consumed offsets are committed every 500 ms: a kill up to 1.5 s in leaves some committed, some not.
      await sleep(rand() * 1500);
      await audit.kill();
      applied = (await inboxSize(auditDb)) - before;
      const { rows } = await auditDb.query(
        `SELECT count(*)::int AS n FROM incidents.outbox o
         WHERE NOT EXISTS (SELECT 1 FROM audit.inbox i WHERE i.event_id = o.event_id)`,
      );
      const remaining = (rows[0] as { n: number }).n;
      log(`SIGKILL audit after it applied ${applied} events, ${remaining} still to apply`);
      return remaining > 0;
    }
    await sleep(10);
  }
  await audit.kill();
  log('SIGKILL audit (it applied nothing within 30 s of its restart)');
  return false;
}
