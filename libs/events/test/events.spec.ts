import { ROOT_CONTEXT, context, trace, TraceFlags } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { DomainError } from '@emergency/graphql';
import {
  ContractRegistry,
  IdempotentConsumer,
  Outbox,
  OutboxRelay,
  PermanentEventError,
  deadLetterTopic,
  domainTopic,
  on,
} from '../src';
import { registerTraceContext } from '@emergency/observability';
import { eventually, readTopic, uniqueName } from '@emergency/testing';
import { depositMade, eventTestBed } from './test-bed';

const DepositMade = depositMade('ledgertest');

class CreateTestTables1700000000000 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(
      `CREATE TABLE deposit (id serial PRIMARY KEY, account_id text NOT NULL, amount_fen bigint NOT NULL)`,
    );
    await q.query(`CREATE TABLE balance (account_id text PRIMARY KEY, amount_fen bigint NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE balance`);
    await q.query(`DROP TABLE deposit`);
  }
}

const ctx = { correlationId: '00000000-0000-4000-8000-000000000001' };
const registry = new ContractRegistry([DepositMade]);

describe('transactional outbox, relay and idempotent consumer (real PostgreSQL and broker)', () => {
  let prefix: string;
  let topic: string;
  let outbox: Outbox;

  const bed = eventTestBed('events', [CreateTestTables1700000000000]);

  beforeEach(() => {
    prefix = `${uniqueName('ev')}.`;
    topic = domainTopic('ledgertest', prefix);
    outbox = new Outbox(registry, '/emergency/test', prefix);
  });

  const deposit = (accountId: string, amountFen: bigint, fail = false) =>
    bed.producerDb.transaction(async (manager) => {
      await manager.query(`INSERT INTO deposit (account_id, amount_fen) VALUES ($1, $2)`, [
        accountId,
        amountFen,
      ]);
      await outbox.publish(
        manager,
        DepositMade,
        accountId,
        { accountId, amountFen: amountFen.toString() },
        ctx,
      );
      if (fail) throw new Error('business rule failed after the event was queued');
    });

  async function highWatermark(name: string): Promise<number> {
    const admin = bed.kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      if (!topics.includes(name)) return 0; // nothing was ever produced to it
      const offsets = await admin.fetchTopicOffsets(name);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  function balanceConsumer(groupId: string) {
    return new IdempotentConsumer({
      kafka: bed.kafka,
      producer: bed.producer,
      dataSource: bed.consumerDb,
      groupId,
      topics: [topic],
      registry,
      handlers: [
        on(DepositMade, async (event, manager) => {
          await manager.query(
            `INSERT INTO balance (account_id, amount_fen) VALUES ($1, $2)
             ON CONFLICT (account_id) DO UPDATE SET amount_fen = balance.amount_fen + EXCLUDED.amount_fen`,
            [`${prefix}${event.data.accountId}`, event.data.amountFen],
          );
        }),
      ],
      sessionTimeoutMs: 3000,
      maxWaitTimeMs: 50,
      retryBackoffMs: 10,
      maxAttempts: 3,
    });
  }

  const balanceOf = async (accountId: string) => {
    const rows = (await bed.consumerDb.query(`SELECT amount_fen FROM balance WHERE account_id = $1`, [
      `${prefix}${accountId}`,
    ])) as { amount_fen: string }[];
    return rows[0] ? BigInt(rows[0].amount_fen) : 0n;
  };

  it('publishes nothing for a rolled-back transaction, and exactly the committed event otherwise', async () => {
    await expect(deposit('acc-rolled-back', 100n, true)).rejects.toThrow('business rule failed');
    const relay = new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 });
    expect(await relay.flush()).toBe(0);
    expect(await highWatermark(topic)).toBe(0);
    const written = (await bed.producerDb.query(
      `SELECT count(*)::int AS n FROM deposit WHERE account_id = 'acc-rolled-back'`,
    )) as {
      n: number;
    }[];
    expect(written[0].n).toBe(0);

    await deposit('acc-committed', 100n);
    expect(await relay.flush()).toBe(1);
    expect(await highWatermark(topic)).toBe(1);
  });

  it('refuses to queue an event outside a transaction or with data that breaks its schema', async () => {
    await expect(
      outbox.publish(bed.producerDb.manager, DepositMade, 'x', { accountId: 'x', amountFen: '1' }, ctx),
    ).rejects.toThrow('must run inside a transaction');
    await expect(
      bed.producerDb.transaction((manager) =>
        outbox.publish(manager, DepositMade, 'x', { accountId: 'x', amountFen: '1.5' }, ctx),
      ),
    ).rejects.toThrow('amountFen');
  });

  it('loses nothing and applies nothing twice when the relay and the consumer die mid-stream', async () => {
    const events = 120;
    for (let i = 0; i < events; i++) await deposit(`acc-${i % 7}`, BigInt(i + 1));
    const expected = new Map<string, bigint>();
    for (let i = 0; i < events; i++) {
      expected.set(`acc-${i % 7}`, (expected.get(`acc-${i % 7}`) ?? 0n) + BigInt(i + 1));
    }

    // A relay that dies after the broker acknowledged a batch but before it marked the rows sent: the worst
    // moment, which makes the restarted relay publish those events a second time.
    let batches = 0;
    const dying = new Proxy(bed.producer, {
      get(target, prop, receiver) {
        if (prop === 'sendBatch') {
          return async (...args: Parameters<Producer['sendBatch']>) => {
            const result = await target.sendBatch(...args);
            if (++batches === 3) throw new Error('relay killed after send, before mark');
            return result;
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const firstRelay = new OutboxRelay(bed.producerDb, dying, { pollIntervalMs: 10, batchSize: 10 });
    await expect(firstRelay.flush()).rejects.toThrow('relay killed');
    const restarted = new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10, batchSize: 10 });
    await restarted.flush();
    const pending = (await bed.producerDb.query(
      `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`,
    )) as {
      n: number;
    }[];
    expect(pending[0].n).toBe(0);
    // Ten events were published twice: the topic holds duplicates the consumer must absorb.
    expect(await highWatermark(topic)).toBe(events + 10);

    const groupId = uniqueName('balance');
    const first = balanceConsumer(groupId);
    await first.start();
    await eventually(async () => {
      const rows = (await bed.consumerDb.query(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1`,
        [groupId],
      )) as { n: number }[];
      if (rows[0].n < 30) throw new Error(`only ${rows[0].n} applied so far`);
    });
    await first.stop(); // killed mid-stream: some applied events were not yet committed to Kafka

    const second = balanceConsumer(groupId);
    await second.start();
    try {
      await eventually(
        async () => {
          for (const [account, amount] of expected) expect(await balanceOf(account)).toBe(amount);
        },
        { timeoutMs: 30_000 },
      );
      const inbox = (await bed.consumerDb.query(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1`,
        [groupId],
      )) as { n: number }[];
      expect(inbox[0].n).toBe(events);
    } finally {
      await second.stop();
    }
  });

  it('dead-letters a malformed message with error headers and goes on with the partition', async () => {
    const key = 'acc-poison';
    await bed.producer.send({
      topic,
      messages: [
        { key, value: 'not json at all', headers: { ce_type: DepositMade.type } },
        { key, value: JSON.stringify({ accountId: key, amountFen: 'oops' }), headers: {} },
      ],
    });
    await deposit(key, 700n);
    await new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 }).flush();

    const consumer = balanceConsumer(uniqueName('poison'));
    await consumer.start();
    try {
      await eventually(async () => expect(await balanceOf(key)).toBe(700n), { timeoutMs: 30_000 });
    } finally {
      await consumer.stop();
    }

    const reader = await readTopic(deadLetterTopic(topic));
    try {
      await eventually(async () => expect(reader.messages).toHaveLength(2), { timeoutMs: 30_000 });
      const dead = reader.messages.map(({ headers }) => ({
        error: headers['dlq-error-message'],
        type: headers['dlq-error-type'],
      }));
      expect(dead.every((d) => d.type === 'MalformedEventError' && d.error)).toBe(true);
    } finally {
      await reader.stop();
    }
  });
  it('applies each event within the trace of the request that published it', async () => {
    registerTraceContext();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const request = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    // The request's transaction queues the event; the relay publishes it later, outside the request.
    await context.with(request, () => deposit('acc-traced', 1n));
    await new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 }).flush();

    const seen: (string | undefined)[] = [];
    const consumer = new IdempotentConsumer({
      kafka: bed.kafka,
      producer: bed.producer,
      dataSource: bed.consumerDb,
      groupId: uniqueName('traced'),
      topics: [topic],
      registry,
      handlers: [
        on(DepositMade, async (event) => {
          if (event.data.accountId === 'acc-traced')
            seen.push(trace.getSpanContext(context.active())?.traceId);
        }),
      ],
      sessionTimeoutMs: 3000,
      maxWaitTimeMs: 50,
    });
    await consumer.start();
    try {
      await eventually(async () => expect(seen).toHaveLength(1), { timeoutMs: 30_000 });
    } finally {
      await consumer.stop();
    }
    expect(seen).toEqual([traceId]);
  });

  it('dead-letters permanent handler errors at once with their reason, and retries transient ones', async () => {
    const attempts = new Map<string, number>();
    const failures: Record<string, () => Promise<unknown>> = {
      'acc-domain': () => Promise.reject(new DomainError('FUND_CLOSED', 'the fund is closed')),
      'acc-permanent': () => Promise.reject(new PermanentEventError('allocation belongs to another fund')),
      'acc-null': () =>
        bed.consumerDb.query(`INSERT INTO balance (account_id, amount_fen) VALUES ('x', NULL)`),
      'acc-cast': () => bed.consumerDb.query(`SELECT 'twelve'::bigint`),
    };
    const consumer = new IdempotentConsumer({
      kafka: bed.kafka,
      producer: bed.producer,
      dataSource: bed.consumerDb,
      groupId: uniqueName('classify'),
      topics: [topic],
      registry,
      handlers: [
        on(DepositMade, async (event, manager) => {
          const { accountId } = event.data;
          const attempt = (attempts.get(accountId) ?? 0) + 1;
          attempts.set(accountId, attempt);
          await failures[accountId]?.();
          if (accountId === 'acc-transient' && attempt < 3) {
            throw Object.assign(new Error('could not serialize access'), { code: '40001' });
          }
          await manager.query(
            `INSERT INTO balance (account_id, amount_fen) VALUES ($1, $2)
             ON CONFLICT (account_id) DO UPDATE SET amount_fen = balance.amount_fen + EXCLUDED.amount_fen`,
            [`${prefix}${accountId}`, event.data.amountFen],
          );
        }),
      ],
      sessionTimeoutMs: 3000,
      maxWaitTimeMs: 50,
      retryBackoffMs: 10,
      maxAttempts: 4,
    });
    for (const account of [...Object.keys(failures), 'acc-transient']) await deposit(account, 5n);
    await new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 }).flush();

    const reader = await readTopic(deadLetterTopic(topic));
    await consumer.start();
    try {
      await eventually(async () => expect(await balanceOf('acc-transient')).toBe(5n), { timeoutMs: 30_000 });
      await eventually(async () => expect(reader.messages).toHaveLength(4), { timeoutMs: 30_000 });
    } finally {
      await consumer.stop();
      await reader.stop();
    }
    const dead = Object.fromEntries(reader.messages.map(({ key, headers }) => [key, headers['dlq-reason']]));
    expect(dead).toEqual({
      'acc-domain': 'domain',
      'acc-permanent': 'permanent',
      'acc-null': 'data',
      'acc-cast': 'data',
    });
    // Permanent errors were tried once; the transient one until it went through.
    expect(Object.fromEntries(attempts)).toEqual({
      'acc-domain': 1,
      'acc-permanent': 1,
      'acc-null': 1,
      'acc-cast': 1,
      'acc-transient': 3,
    });
  });
});
