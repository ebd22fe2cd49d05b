import { ROOT_CONTEXT, context, trace, TraceFlags } from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';
import { registerTraceContext } from '@emergency/observability';
import { eventually, readTopic, uniqueName } from '@emergency/testing';
import {
  ContractRegistry,
  IdempotentConsumer,
  Outbox,
  OutboxRelay,
  PermanentEventError,
  deadLetterTopic,
  domainTopic,
  on,
  type ConsumeOutcome,
  type EventHandler,
} from '../src';
import { CreateBalance1700000000000, depositMade, eventTestBed } from './test-bed';

const DepositMade = depositMade('batchtest');
type Deposit = { accountId: string; amountFen: string };

const registry = new ContractRegistry([DepositMade]);
const ctx = { correlationId: '00000000-0000-4000-8000-000000000003' };
const traceIdOf = (i: number) => `${'4bf92f3577b34da6a3ce929d0e0e'}${(0x1000 + i).toString(16)}`;

describe('a consumer applying events in batches (real PostgreSQL and broker)', () => {
  let prefix: string;
  let topic: string;
  let outbox: Outbox;

  const bed = eventTestBed('event_batches', [CreateBalance1700000000000]);
  beforeAll(() => registerTraceContext());

  beforeEach(() => {
    prefix = `${uniqueName('eb')}.`;
    topic = domainTopic('batchtest', prefix);
    outbox = new Outbox(registry, '/emergency/test', prefix);
  });

  /**
   * Queues one deposit per account, in this order, each from a request with a trace of its own, and publishes
   * them, all on one partition (offset i is the i-th deposit).
   */
  async function publish(accounts: string[]): Promise<void> {
    for (const [i, accountId] of accounts.entries()) {
      const request = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: traceIdOf(i),
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      });
      await context.with(request, () =>
        bed.producerDb.transaction((manager) =>
          outbox.publish(manager, DepositMade, 'one-partition', { accountId, amountFen: String(i + 1) }, ctx),
        ),
      );
    }
    await new OutboxRelay(bed.producerDb, bed.producer, { pollIntervalMs: 10 }).flush();
  }

  const credit: EventHandler<Deposit> = async (event, manager) => {
    await manager.query(
      `INSERT INTO balance (account_id, amount_fen) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET amount_fen = balance.amount_fen + EXCLUDED.amount_fen`,
      [`${prefix}${event.data.accountId}`, event.data.amountFen],
    );
  };

  function consumer(
    groupId: string,
    handle: EventHandler<Deposit>,
    extra: Partial<ConstructorParameters<typeof IdempotentConsumer>[0]> = {},
  ) {
    return new IdempotentConsumer({
      kafka: bed.kafka,
      producer: bed.producer,
      dataSource: bed.consumerDb,
      groupId,
      topics: [topic],
      registry,
      handlers: [on(DepositMade, handle)],
      sessionTimeoutMs: 3000,
      maxWaitTimeMs: 50,
      retryBackoffMs: 10,
      maxAttempts: 4,
      ...extra,
    });
  }

  const balances = async () => {
    const rows = (await bed.consumerDb.query(
      `SELECT account_id, amount_fen FROM balance WHERE account_id LIKE $1 ORDER BY account_id`,
      [`${prefix}%`],
    )) as { account_id: string; amount_fen: string }[];
    return Object.fromEntries(rows.map((r) => [r.account_id.slice(prefix.length), Number(r.amount_fen)]));
  };
  const inboxCount = async (groupId: string) => {
    const rows = (await bed.consumerDb.query(
      `SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1`,
      [groupId],
    )) as { n: number }[];
    return rows[0]!.n;
  };
  const countOutcomes = () => {
    const outcomes: Partial<Record<ConsumeOutcome, number>> = {};
    const observer = {
      consumed: (_group: string, _topic: string, _type: string, outcome: ConsumeOutcome) => {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      },
    };
    return { outcomes, observer };
  };

  it('applies consecutive events in one transaction with their inbox rows, each within its own trace', async () => {
    const accounts = Array.from({ length: 20 }, (_, i) => `acc-${i}`);
    await publish(accounts);
    const seen = new Map<string, { xid: string; traceId?: string }>();
    const groupId = uniqueName('batched');
    const { outcomes, observer } = countOutcomes();
    const batched = consumer(
      groupId,
      async (event, manager) => {
        const [{ xid }] = (await manager.query(`SELECT txid_current()::text AS xid`)) as { xid: string }[];
        seen.set(event.data.accountId, { xid, traceId: trace.getSpanContext(context.active())?.traceId });
        await credit(event, manager);
      },
      { batchSize: 8, observer },
    );
    await batched.start();
    try {
      await eventually(async () => expect(await inboxCount(groupId)).toBe(20), { timeoutMs: 30_000 });
    } finally {
      await batched.stop();
    }

    // At most 8 events per transaction, and fewer transactions than events.
    const perTransaction = new Map<string, number>();
    for (const { xid } of seen.values()) perTransaction.set(xid, (perTransaction.get(xid) ?? 0) + 1);
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(8);
    expect(perTransaction.size).toBeLessThanOrEqual(4);
    // Each inbox row was written by the transaction that applied its event.
    const rows = (await bed.consumerDb.query(
      `SELECT kafka_offset::int AS "offset", xmin::text AS xmin FROM inbox WHERE consumer_group = $1`,
      [groupId],
    )) as { offset: number; xmin: string }[];
    const xidOfOffset = new Map(rows.map((r) => [r.offset, r.xmin]));
    accounts.forEach((account, offset) => {
      expect(String(BigInt(seen.get(account)!.xid) % 2n ** 32n)).toBe(xidOfOffset.get(offset));
      expect(seen.get(account)!.traceId).toBe(traceIdOf(offset));
    });
    expect(await balances()).toEqual(Object.fromEntries(accounts.map((a, i) => [a, i + 1])));
    expect(outcomes).toEqual({ applied: 20 });
  });

  it('dead-letters a poison event in the middle of a batch and applies the others once', async () => {
    const accounts = [
      'acc-a',
      'acc-b',
      'acc-c',
      'acc-d',
      'acc-poison',
      'acc-flaky',
      'acc-e',
      'acc-f',
      'acc-g',
    ];
    await publish(accounts);
    const attempts = new Map<string, number>();
    const xids = new Map<string, string>();
    const groupId = uniqueName('poisoned');
    const { outcomes, observer } = countOutcomes();
    const batched = consumer(
      groupId,
      async (event, manager) => {
        const { accountId } = event.data;
        const attempt = (attempts.get(accountId) ?? 0) + 1;
        attempts.set(accountId, attempt);
        if (accountId === 'acc-poison') throw new PermanentEventError('the account is closed');
        if (accountId === 'acc-flaky' && attempt < 3) {
          throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        }
        const [{ xid }] = (await manager.query(`SELECT txid_current()::text AS xid`)) as { xid: string }[];
        xids.set(accountId, xid);
        await credit(event, manager);
      },
      { observer },
    );

    const reader = await readTopic(deadLetterTopic(topic));
    await batched.start();
    try {
      await eventually(async () => expect(await inboxCount(groupId)).toBe(8), { timeoutMs: 30_000 });
      await eventually(async () => expect(reader.messages).toHaveLength(1), { timeoutMs: 30_000 });
    } finally {
      await batched.stop();
      await reader.stop();
    }

    const dead = reader.messages.map(({ headers }) => ({
      offset: headers['dlq-original-offset'],
      reason: headers['dlq-reason'],
      attempts: headers['dlq-attempts'],
    }));
    expect(dead).toEqual([{ offset: '4', reason: 'permanent', attempts: '1' }]);
    const expected = Object.fromEntries(
      accounts.map((a, i) => [a, i + 1] as const).filter(([a]) => a !== 'acc-poison'),
    );
    expect(await balances()).toEqual(expected);
    expect(outcomes).toEqual({ applied: 8, dead_lettered: 1 });
    // As when each event had a transaction of its own: the poison tried once, the transient failure retried.
    expect(attempts.get('acc-poison')).toBe(1);
    expect(attempts.get('acc-flaky')).toBe(3);
    // After the failing events, the rest of the batch went in one transaction again.
    expect(new Set(['acc-e', 'acc-f', 'acc-g'].map((a) => xids.get(a))).size).toBe(1);
  });

  it('applies nothing twice when redelivered after a crash between a batch commit and its offsets', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => `acc-${i % 6}`);
    await publish(accounts);
    const groupId = uniqueName('crashed');

    // The first member "dies" right after its second batch committed: its offsets are never resolved nor
    // committed, and it stops heartbeating, so the group gives its partition to the second member.
    let transactions = 0;
    let crash!: (error: Error) => void;
    const frozen = new Promise<never>((_, reject) => (crash = reject));
    const dying = new Proxy(bed.consumerDb, {
      get(target, prop, receiver) {
        if (prop === 'transaction') {
          return async (work: (manager: EntityManager) => Promise<unknown>) => {
            const result: unknown = await target.transaction(work);
            if (++transactions === 2) await frozen;
            return result;
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const first = consumer(groupId, credit, { batchSize: 8, dataSource: dying });
    const { outcomes, observer } = countOutcomes();
    const second = consumer(groupId, credit, { batchSize: 8, observer });
    let committedByFirst = 0;
    await first.start();
    try {
      await eventually(async () => expect(transactions).toBe(2), { timeoutMs: 30_000 });
      committedByFirst = await inboxCount(groupId);
      await second.start();
      await eventually(async () => expect(await inboxCount(groupId)).toBe(40), { timeoutMs: 45_000 });
    } finally {
      crash(new Error('process killed'));
      await first.stop();
      await second.stop();
    }

    const expected: Record<string, number> = {};
    accounts.forEach((a, i) => (expected[a] = (expected[a] ?? 0) + i + 1));
    expect(await balances()).toEqual(expected);
    // The crashed batch came again and was skipped, event by event.
    expect(committedByFirst).toBeGreaterThan(0);
    expect(outcomes.duplicate ?? 0).toBeGreaterThan(0);
    expect(outcomes.applied).toBe(40 - committedByFirst);
  });
});
