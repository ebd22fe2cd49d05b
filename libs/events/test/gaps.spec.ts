import { Type } from '@sinclair/typebox';
import { Registry } from 'prom-client';
import { EventMetrics } from '@emergency/observability';
import { eventually, uniqueName } from '@emergency/testing';
import {
  ContractRegistry,
  EventGapError,
  IdempotentConsumer,
  Outbox,
  OutboxRelay,
  defineEvent,
  domainTopic,
  newEvent,
  on,
  recordedGaps,
  requeueOutbox,
  resolveEventGaps,
  toKafkaMessage,
} from '../src';
import { CreateBalance1700000000000, depositMade, eventTestBed } from './test-bed';

const DepositMade = depositMade('gaptest');

/** Another consumer's event, large, to fill a partition past what the local broker keeps. */
const LedgerPadded = defineEvent({
  domain: 'gaptest',
  name: 'LedgerPadded',
  version: 1,
  description: 'Test event',
  schema: Type.Object({ padding: Type.String() }),
});

const registry = new ContractRegistry([DepositMade, LedgerPadded]);
const ctx = { correlationId: '00000000-0000-4000-8000-000000000002' };
// The local broker keeps about 5 MiB per partition: 14 messages of 450 kB push everything before them out.
const PADDING_MESSAGES = 14;
const PADDING_BYTES = 450_000;

describe('a consumer that falls behind the broker (real PostgreSQL and local broker)', () => {
  const bed = eventTestBed('event_gaps', [CreateBalance1700000000000]);

  /** A topic with `deposits` deposits to `account` through the outbox, then enough padding to drop them. */
  async function truncatedTopic(
    account: string,
    deposits: number,
    beforePadding?: (topic: string) => Promise<void>,
  ) {
    const prefix = `${uniqueName('gap')}.`;
    const topic = domainTopic('gaptest', prefix);
    const outbox = new Outbox(registry, '/emergency/test', prefix);
    for (let i = 1; i <= deposits; i++) {
      await bed.producerDb.transaction((manager) =>
        outbox.publish(manager, DepositMade, account, { accountId: account, amountFen: String(i) }, ctx),
      );
    }
    const relay = new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 });
    expect(await relay.flush()).toBe(deposits);
    await beforePadding?.(topic);
    const padding = 'x'.repeat(PADDING_BYTES);
    for (let i = 0; i < PADDING_MESSAGES; i++) {
      const event = newEvent(LedgerPadded, '/emergency/other', account, { padding }, ctx);
      await bed.producer.send({ topic, acks: -1, messages: [toKafkaMessage(event)] });
    }
    const admin = bed.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const truncated = offsets.find((p) => Number(p.low) > 0);
    // The premise of these tests: the broker dropped the deposits from the partition.
    expect(Number(truncated?.low)).toBeGreaterThanOrEqual(deposits);
    return { topic, relay, partition: truncated!.partition, low: truncated!.low };
  }

  function balanceConsumer(topic: string, groupId: string, metrics?: EventMetrics) {
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
            [event.data.accountId, event.data.amountFen],
          );
        }),
      ],
      sessionTimeoutMs: 3000,
      maxWaitTimeMs: 50,
      observer: metrics?.observer(),
    });
  }

  const balanceOf = async (account: string) => {
    const rows = (await bed.consumerDb.query(`SELECT amount_fen FROM balance WHERE account_id = $1`, [
      account,
    ])) as { amount_fen: string }[];
    return rows[0] ? BigInt(rows[0].amount_fen) : 0n;
  };

  const stoppedAtGap = async (consumer: IdempotentConsumer) =>
    eventually(
      async () => {
        if (!(consumer.failure instanceof EventGapError)) throw new Error('consumer still running');
        return consumer.failure;
      },
      { timeoutMs: 30_000 },
    );

  it('starts when its inbox remembers a topic the broker does not have (the local broker restarted empty)', async () => {
    const account = uniqueName('acc');
    const groupId = uniqueName('restarted');
    const prefix = `${uniqueName('gone')}.`;
    const topic = domainTopic('gaptest', prefix);
    // Applied in an earlier run; this broker has never heard of the topic.
    await bed.consumerDb.query(
      `INSERT INTO inbox (event_id, consumer_group, event_type, topic, kafka_partition, kafka_offset)
       VALUES (gen_random_uuid(), $1, $2, $3, 0, 41)`,
      [groupId, DepositMade.type, topic],
    );
    const consumer = balanceConsumer(topic, groupId);
    try {
      await consumer.start();
      const outbox = new Outbox(registry, '/emergency/test', prefix);
      await bed.producerDb.transaction((manager) =>
        outbox.publish(manager, DepositMade, account, { accountId: account, amountFen: '7' }, ctx),
      );
      await new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 }).flush();
      await eventually(async () => expect(await balanceOf(account)).toBe(7n), { timeoutMs: 30_000 });
      expect(consumer.failure).toBeUndefined();
    } finally {
      await consumer.stop();
    }
  });

  it('stops a new group at a truncated partition with a gap error and a metric, and converges after republishing', async () => {
    const account = uniqueName('acc');
    const { topic, relay, partition, low } = await truncatedTopic(account, 5);
    const metrics = new EventMetrics(new Registry());
    const groupId = uniqueName('projection');

    // What a database kept from an earlier run of the local broker (which starts empty each time): an event
    // applied at an offset this incarnation of the topic has not reached. It must not hide the gap.
    await bed.consumerDb.query(
      `INSERT INTO inbox (event_id, consumer_group, event_type, topic, kafka_partition, kafka_offset)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 100000)`,
      [groupId, DepositMade.type, topic, partition],
    );

    const first = balanceConsumer(topic, groupId, metrics);
    await first.start();
    const error = await stoppedAtGap(first);
    expect(error.gap).toEqual({ groupId, topic, partition, expectedOffset: '0', firstAvailableOffset: low });
    expect(error.message).toMatch(/events:republish/);
    expect((await metrics.gaps.get()).values).toEqual([{ labels: { group: groupId, topic }, value: 1 }]);
    expect(await balanceOf(account)).toBe(0n);
    await first.stop();

    // Restarting alone does not get past the gap: it is still open.
    const again = balanceConsumer(topic, groupId, metrics);
    await again.start();
    await stoppedAtGap(again);
    await again.stop();
    expect(await recordedGaps(bed.consumerDb)).toEqual([
      expect.objectContaining({ consumerGroup: groupId, topic, partition, resolvedAt: null }),
    ]);

    // Recovery: the producer's outbox still has every event; queue them again, then mark the gap resolved.
    expect(await requeueOutbox(bed.producerDb, { topic })).toBe(5);
    expect(await relay.flush()).toBe(5);
    expect(await resolveEventGaps(bed.consumerDb)).toBe(1);

    const recovered = balanceConsumer(topic, groupId, metrics);
    await recovered.start();
    try {
      await eventually(async () => expect(await balanceOf(account)).toBe(15n), { timeoutMs: 30_000 });
      expect(recovered.failure).toBeUndefined();
    } finally {
      await recovered.stop();
    }
  });

  it('stops a group whose committed offset fell below the low watermark', async () => {
    const account = uniqueName('acc');
    const groupId = uniqueName('behind');
    const { topic, partition, low } = await truncatedTopic(account, 3, async (topic) => {
      // The group reads the first deposits and commits, then is away while the partition fills up.
      const early = balanceConsumer(topic, groupId);
      await early.start();
      await eventually(async () => expect(await balanceOf(account)).toBe(6n), { timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 700)); // one auto-commit interval
      await early.stop();
    });
    const late = balanceConsumer(topic, groupId);
    await late.start();
    const error = await stoppedAtGap(late);
    await late.stop();
    expect(error.gap).toEqual({ groupId, topic, partition, expectedOffset: '3', firstAvailableOffset: low });
    expect(await balanceOf(account)).toBe(6n);
  });
});
