import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { eventually, testKafkaBrokers, uniqueName } from '@emergency/testing';
import { ensureDatabase, startEmbeddedPostgres } from './index';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function refusesConnections(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  const connected = await client.connect().then(
    () => true,
    (error: { code?: string }) => {
      if (error.code !== 'ECONNREFUSED') throw error;
      return false;
    },
  );
  if (connected) {
    await client.end();
    throw new Error(`${url} still accepts connections`);
  }
}

describe('local stack', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emergency-stack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a database once, however often and concurrently it is asked for, and serves queries in it', async () => {
    const name = uniqueName('stack');
    const urls = await Promise.all(
      [1, 2, 3].map(() => ensureDatabase(process.env.TEST_DATABASE_URL ?? '', name)),
    );
    expect(new Set(urls).size).toBe(1);
    expect(await ensureDatabase(process.env.TEST_DATABASE_URL ?? '', name)).toBe(urls[0]);
    const rows = await query<{ db: string; sum: number }>(
      urls[0],
      'SELECT current_database() AS db, 1 + 1 AS sum',
    );
    expect(rows).toEqual([{ db: name, sum: 2 }]);
  });

  it('speaks the Kafka protocol: a keyed message produced with kafkajs is consumed with its key and headers', async () => {
    const kafka = new Kafka({
      clientId: 'stack-test',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName('stack');
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const [sent] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: 'incident-1', value: 'hello', headers: { kind: 'greeting' } }],
    });
    await producer.disconnect();
    expect(sent.errorCode).toBe(0);

    const consumer = kafka.consumer({
      groupId: uniqueName('group'),
      sessionTimeout: 3_000,
      heartbeatInterval: 300,
      rebalanceTimeout: 3_000,
      maxWaitTimeInMs: 50,
    });
    const received: { partition: number; key?: string; value?: string; kind?: string }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({
            partition,
            key: message.key?.toString(),
            value: message.value?.toString(),
            kind: message.headers?.kind?.toString(),
          });
        },
      });
      await eventually(
        async () =>
          expect(received).toEqual([
            { partition: sent.partition, key: 'incident-1', value: 'hello', kind: 'greeting' },
          ]),
        { timeoutMs: 20_000, message: 'message not consumed' },
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it('reuses the data directory across a restart, and stop() really ends the server', async () => {
    const dataDir = join(dir, 'reused');
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await first.stop();
    await refusesConnections(first.url);

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query<{ v: number }>(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
    } finally {
      await second.stop();
    }
    await refusesConnections(second.url);
  });

  it('shuts the server down when the process that started it is killed outright', async () => {
    // A separate Node process starts a server and is then SIGKILLed: no exit handler of it can run.
    const script = `
      const { readFileSync } = require('node:fs');
      const { transformSync } = require('@swc/core');
      require.extensions['.ts'] = (module, file) => module._compile(
        transformSync(readFileSync(file, 'utf8'), {
          filename: file, swcrc: false, module: { type: 'commonjs' }, jsc: { parser: { syntax: 'typescript' } },
        }).code, file);
      require(process.argv[1]).startEmbeddedPostgres({ dataDir: process.argv[2] })
        .then((pg) => process.stdout.write(pg.url + '\\n'));
    `;
    const child = spawn(
      process.execPath,
      ['-e', script, join(__dirname, 'postgres.ts'), join(dir, 'orphan')],
      {
        cwd: join(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) =>
        reject(new Error(`child exited with ${code} before the server was ready`)),
      );
    });
    expect(await query(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);

    child.kill('SIGKILL');
    await eventually(() => refusesConnections(url), {
      timeoutMs: 10_000,
      message: 'orphaned server still runs',
    });
    // The data directory is free again: a new server starts on it at once.
    const next = await startEmbeddedPostgres({ dataDir: join(dir, 'orphan') });
    await next.stop();
  });
});
