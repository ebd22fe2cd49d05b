import { Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { openServiceDatabase } from '@emergency/database';
import {
  ContractRegistry,
  CreateEventGapTable1795445000000,
  CreateEventTables1763856000000,
  Outbox,
  OutboxRelay,
  domainTopic,
} from '../src';
import { depositMade } from './test-bed';
import { createTestDatabase, eventually, readTopic, testKafkaBrokers, uniqueName } from '@emergency/testing';

const DepositMade = depositMade('relaytest');

const ctx = { correlationId: '00000000-0000-4000-8000-000000000002' };
const registry = new ContractRegistry([DepositMade]);
/** Far longer than any wait below: an event these tests see published was not found by the poll. */
const POLL_INTERVAL_MS = 60_000;
/** How long a woken relay may take here, on a shared 2-core machine; the poll would take 60 s. */
const WAKE_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the outbox relay wakes on commit (real PostgreSQL and broker)', () => {
  let url: string;
  let db: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let prefix: string;
  let topic: string;
  let outbox: Outbox;
  let relays: OutboxRelay[];

  const migrations = [CreateEventTables1763856000000, CreateEventGapTable1795445000000];
  const open = (schema: string) =>
    openServiceDatabase({ url, schema, applicationName: 'relay-test', entities: [], migrations });

  beforeAll(async () => {
    url = await createTestDatabase('relay');
    db = await open('relay');
    kafka = new Kafka({ clientId: 'relay-test', brokers: testKafkaBrokers(), logLevel: 0 });
    producer = kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  beforeEach(() => {
    prefix = `${uniqueName('rl')}.`;
    topic = domainTopic('relaytest', prefix);
    outbox = new Outbox(registry, '/emergency/test', prefix);
    relays = [];
  });

  afterEach(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await db?.destroy();
  });

  const deposit = (dataSource: DataSource, accountId: string, amountFen: number) =>
    dataSource.transaction((manager) =>
      outbox.publish(manager, DepositMade, accountId, { accountId, amountFen: String(amountFen) }, ctx),
    );

  async function highWatermark(name: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(name)) return 0;
      const offsets = await admin.fetchTopicOffsets(name);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Backends of the listener connection(s) named `applicationName`, with what they last ran. */
  const listenerBackends = async (applicationName: string) =>
    (await db.query(`SELECT pid, state, query FROM pg_stat_activity WHERE application_name = $1`, [
      applicationName,
    ])) as { pid: number; state: string; query: string }[];

  /** The pid of the relay's listener once it has run LISTEN and waits idle. */
  const listeningPid = (applicationName: string) =>
    eventually(async () => {
      const [backend, ...more] = await listenerBackends(applicationName);
      if (!backend || more.length > 0 || backend.state !== 'idle' || !backend.query.startsWith('LISTEN'))
        throw new Error(`listener not (only) listening: ${JSON.stringify([backend, ...more])}`);
      return backend.pid;
    });

  /**
   * A started relay polling every 60 s and listening as `applicationName`, once its listener runs and the flush
   * that follows LISTEN is over: from then on only a wake-up publishes within the test's time.
   */
  async function startedRelay(
    dataSource: DataSource,
    applicationName: string,
    options: { producer?: Producer; listenErrors?: unknown[] } = {},
  ) {
    const relay = new OutboxRelay(dataSource, options.producer ?? producer, {
      pollIntervalMs: POLL_INTERVAL_MS,
      listen: {
        url,
        applicationName,
        onError: (error) => options.listenErrors?.push(error),
      },
    });
    relays.push(relay);
    relay.start();
    const pid = await listeningPid(applicationName);
    await sleep(500);
    return { relay, pid };
  }

  it('publishes an event committed after it started within seconds, not at the next poll', async () => {
    const name = uniqueName('listener');
    await startedRelay(db, name);
    expect(await highWatermark(topic)).toBe(0);

    await deposit(db, 'acc-woken', 100);
    const committed = Date.now();
    await eventually(
      async () => {
        expect(await highWatermark(topic)).toBe(1);
      },
      { timeoutMs: WAKE_TIMEOUT_MS, message: 'the relay did not wake on commit' },
    );
    expect(Date.now() - committed).toBeLessThan(WAKE_TIMEOUT_MS);
    const unsent = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`)) as {
      n: number;
    }[];
    expect(unsent[0].n).toBe(0);
  });

  it('publishes a burst of 200 commits once each, in commit order, one flush at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let batches = 0;
    const counting = new Proxy(producer, {
      get(target, prop, receiver) {
        if (prop === 'sendBatch') {
          return async (...args: Parameters<Producer['sendBatch']>) => {
            inFlight += 1;
            batches += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            try {
              return await target.sendBatch(...args);
            } finally {
              inFlight -= 1;
            }
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    await startedRelay(db, uniqueName('listener'), { producer: counting });

    const committed: string[] = [];
    for (let i = 1; i <= 200; i++) committed.push((await deposit(db, 'acc-burst', i)).id);

    // One key, so one partition: the topic's order is the relay's publishing order.
    const reader = await readTopic(topic);
    try {
      await eventually(
        async () => {
          expect(reader.messages.length).toBeGreaterThanOrEqual(200);
        },
        { timeoutMs: 30_000, message: 'the burst was not published' },
      );
      await sleep(500);
      expect(reader.messages.map((m) => m.headers.ce_id)).toEqual(committed);
    } finally {
      await reader.stop();
    }
    expect(await highWatermark(topic)).toBe(200);
    expect(maxInFlight).toBe(1);
    expect(batches).toBeLessThanOrEqual(200);
  });

  it('listens again after its connection is terminated, and publishes what is committed then', async () => {
    const name = uniqueName('listener');
    const listenErrors: unknown[] = [];
    const { pid } = await startedRelay(db, name, { listenErrors });

    await db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await deposit(db, 'acc-after-outage', 100);
    await eventually(
      async () => {
        expect(await highWatermark(topic)).toBe(1);
      },
      { timeoutMs: WAKE_TIMEOUT_MS, message: 'nothing published after the listener was terminated' },
    );
    const newPid = await listeningPid(name);
    expect(newPid).not.toBe(pid);
    expect(listenErrors.length).toBeGreaterThan(0);

    // And the new connection is woken by the next commit.
    await sleep(500);
    await deposit(db, 'acc-after-reconnect', 100);
    await eventually(
      async () => {
        expect(await highWatermark(topic)).toBe(2);
      },
      { timeoutMs: WAKE_TIMEOUT_MS, message: 'the reconnected listener did not wake the relay' },
    );
  });

  it('closes its listener on stop, leaving no connection behind', async () => {
    const name = uniqueName('listener');
    const { relay } = await startedRelay(db, name);
    await relay.stop();
    await eventually(async () => {
      expect(await listenerBackends(name)).toEqual([]);
    });
    // Stopped at once after start, while the listener is still connecting.
    const early = uniqueName('listener');
    const quick = new OutboxRelay(db, producer, {
      pollIntervalMs: POLL_INTERVAL_MS,
      listen: { url, applicationName: early },
    });
    quick.start();
    await quick.stop();
    await sleep(300);
    expect(await listenerBackends(early)).toEqual([]);
  });

  it('wakes for a schema whose name is too long for a plain channel name', async () => {
    const longSchema = `relay_${'x'.repeat(57)}`; // 63 bytes, PostgreSQL's longest name
    const longDb = await open(longSchema);
    try {
      await startedRelay(longDb, uniqueName('listener'));
      await deposit(longDb, 'acc-long-schema', 100);
      await eventually(
        async () => {
          expect(await highWatermark(topic)).toBe(1);
        },
        { timeoutMs: WAKE_TIMEOUT_MS, message: 'the relay of a long-named schema did not wake' },
      );
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await longDb.destroy();
    }
  });
});
