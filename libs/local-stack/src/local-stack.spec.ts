import { Kafka } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('local stack', () => {
  it('creates a database once, however often it is asked for, and serves queries in it', async () => {
    const name = uniqueName('stack');
    const [first, second] = await Promise.all([
      ensureDatabase(process.env.TEST_DATABASE_URL!, name),
      ensureDatabase(process.env.TEST_DATABASE_URL!, name),
    ]);
    expect(first).toBe(second);
    const rows = await query<{ db: string }>(first, 'SELECT current_database() AS db');
    expect(rows[0].db).toBe(name);
  });

  it('speaks the Kafka protocol: a keyed message produced is consumed with its key and headers', async () => {
    const kafka = new Kafka({ clientId: 'stack-test', brokers: testKafkaBrokers(), logLevel: 0 });
    const topic = uniqueName('stack');
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value: 'hello', headers: { h: 'v' } }] });
    await producer.disconnect();
    const consumer = kafka.consumer({
      groupId: uniqueName('g'),
      sessionTimeout: 3000,
      heartbeatInterval: 300,
      maxWaitTimeInMs: 50,
    });
    const received: { key?: string; value?: string; header?: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          key: message.key?.toString(),
          value: message.value?.toString(),
          header: message.headers?.h?.toString(),
        });
      },
    });
    try {
      await eventually(async () => expect(received).toEqual([{ key: 'k1', value: 'hello', header: 'v' }]), {
        timeoutMs: 20_000,
      });
    } finally {
      await consumer.disconnect();
    }
  });

  it('keeps data across a restart on the same data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emergency-stack-'));
    try {
      const first = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
      await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
      await first.stop();
      const second = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
      try {
        expect(await query<{ v: number }>(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
