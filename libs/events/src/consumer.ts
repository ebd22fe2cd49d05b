import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { withTraceContextOf } from '@emergency/observability';
import type { EventContract } from './contract';
import { deadLetterTopic } from './contract';
import { fromKafkaMessage, type CloudEvent } from './envelope';
import { classifyEventError, type DeadLetterReason } from './errors';
import { EventGapError, type ConsumerLag, type EventGap, type EventObserver } from './observer';
import type { ContractRegistry } from './registry';

/** Applies one event; runs inside the transaction that also records the event id as processed. */
export type EventHandler<T> = (event: CloudEvent<T>, manager: EntityManager) => Promise<void>;

export interface HandlerBinding {
  contract: EventContract<unknown>;
  handle: EventHandler<unknown>;
}

/** Pairs a contract with its handler, keeping the data type checked. */
export function on<T>(contract: EventContract<T>, handle: EventHandler<T>): HandlerBinding {
  return { contract: contract as EventContract<unknown>, handle: handle as EventHandler<unknown> };
}

export interface ConsumerOptions {
  kafka: Kafka;
  /** Used to publish dead letters. */
  producer: Producer;
  /** The consuming service's database, with the inbox and event_gap tables in its schema. */
  dataSource: DataSource;
  groupId: string;
  topics: string[];
  registry: ContractRegistry;
  handlers: HandlerBinding[];
  /** Attempts before an event that keeps failing transiently is dead-lettered. */
  maxAttempts?: number;
  /** First retry delay; doubles on each attempt. */
  retryBackoffMs?: number;
  fromBeginning?: boolean;
  /**
   * Most consecutive events of a partition applied in one transaction (100 by default); 1 applies each event in
   * a transaction of its own.
   */
  batchSize?: number;
  /** A batch's transaction takes no further event once it has been open this long (500 ms by default). */
  batchMaxMs?: number;
  /** Broker session tuning; the local mock broker rebalances faster with short timeouts. */
  sessionTimeoutMs?: number;
  maxWaitTimeMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
  /** Told of every consumed, dead-lettered event and every gap; see `EventMetrics`. */
  observer?: EventObserver;
  /** Called once when the consumer stops by itself (a gap in a topic); it does not restart. */
  onFailure?: (error: Error) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** A message read from a partition, decoded: to apply (`event` set) or only to pass (`ignored`). */
interface Pending {
  message: KafkaMessage;
  /** Set when the consumer has a handler for it and its data is valid. */
  event?: CloudEvent;
  /** The type of an event no handler of this consumer wants. */
  ignored?: string;
}

/** What a batch transaction that failed was doing: the event whose handler threw, if it was one. */
class BatchFailure extends Error {
  constructor(
    /** Index, in the batch, of the event being applied; undefined for a failure outside every handler. */
    readonly index: number | undefined,
    /** Index of the last event the transaction took. */
    readonly reached: number,
    readonly error: unknown,
  ) {
    super('batch failed');
  }
}

/**
 * Consumes events at least once and applies each exactly once: the event id goes into the inbox table in the
 * same transaction as the handler's effect, so a redelivered event finds its id and is skipped.
 *
 * Consecutive events of a partition are applied in one transaction, up to `batchSize` events or `batchMaxMs`,
 * each with its own inbox row and within its own trace; their offsets are resolved once it committed. When the
 * transaction fails, its events are applied again one per transaction, so that only the event that fails is
 * retried or dead-lettered (its failure in the batch counts as its first attempt).
 *
 * Failures are classified ({@link classifyEventError}): a permanent one (malformed event, schema violation,
 * domain error, data the database refuses) goes to `<topic>.dlq` at once with its reason; a transient one is
 * retried with exponential backoff and dead-lettered only when every attempt failed. The partition moves on.
 *
 * Offsets on a partition are contiguous (no compaction, no Kafka transactions), so a first offset above the one
 * the group expected means the broker dropped events before the group read them. The consumer then stops with an
 * {@link EventGapError} instead of skipping them, unless an operator marked that gap resolved after
 * republishing the missing events from the producer's outbox.
 */
export class IdempotentConsumer {
  private consumer?: Consumer;
  private admin?: Promise<Admin>;
  private readonly handlers = new Map<string, HandlerBinding>();
  /** Next offset to process per partition, known once the partition's first batch arrived since joining. */
  private readonly expected = new Map<string, bigint>();
  /**
   * The furthest this group is known to have read each partition: committed offsets when the consumer started,
   * the inbox, and what it processed since. Needed because kafkajs, finding a committed offset below the low
   * watermark, overwrites it with "earliest" before the first message arrives, erasing the evidence of the gap.
   */
  private readonly floor = new Map<string, bigint>();
  private halted?: Error;
  private stopping?: Promise<void>;

  constructor(private readonly options: ConsumerOptions) {
    for (const binding of options.handlers) this.handlers.set(binding.contract.type, binding);
  }

  /** The error the consumer stopped on by itself, if it did. */
  get failure(): Error | undefined {
    return this.halted;
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    const session = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: session,
      rebalanceTimeout: Math.max(session, 3000),
      heartbeatInterval: Math.max(Math.floor(session / 10), 100),
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: true,
    });
    this.consumer = consumer;
    this.halted = undefined;
    // After a rebalance a partition may have been processed further by another member: start over from the
    // committed offset rather than from what this member last saw.
    consumer.on(consumer.events.GROUP_JOIN, () => this.expected.clear());
    await this.readFloor();
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      // Offsets are resolved in order, each once the transaction that applied its event committed (or the event
      // was dead-lettered), so that neither a crash mid-batch nor stopping at a gap commits anything not done.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
        const { topic, partition } = batch;
        const key = partitionKey(topic, partition);
        const running = () => isRunning() && !isStale() && !this.halted;
        const done = (message: KafkaMessage) => {
          resolveOffset(message.offset);
          this.advance(key, BigInt(message.offset) + 1n);
        };
        const limit = Math.max(1, this.options.batchSize ?? 100);
        let run: Pending[] = [];
        const settle = async () => {
          const pending = run;
          run = [];
          if (pending.length > 0) await this.applyRun(topic, partition, pending, running, done, heartbeat);
        };
        for (const message of batch.messages) {
          const last = run.at(-1);
          // The offset after the run's last one continues the run; anything else is checked against what the
          // group processed, which the run must have reached first.
          if (!last || BigInt(message.offset) > BigInt(last.message.offset) + 1n) {
            await settle();
            if (!running()) return;
            if (!(await this.continuous(topic, partition, message.offset))) {
              pause();
              return;
            }
          }
          const decoded = this.decode(message);
          if ('error' in decoded) {
            await settle();
            if (!running()) return;
            // Within the trace of the request that caused the event: its log lines carry it.
            await withTraceContextOf(message.headers ?? {}, () =>
              this.refuse(topic, partition, message, decoded.error, decoded.type),
            );
            done(message);
            await heartbeat();
            continue;
          }
          run.push(decoded);
          if (run.length >= limit) {
            await settle();
            if (!running()) return;
          }
        }
        await settle();
      },
    });
  }

  /** Disconnects; a stop already under way (a halt's) is the one awaited, so nothing outlives the caller. */
  stop(): Promise<void> {
    const consumer = this.consumer;
    const admin = this.admin;
    this.consumer = undefined;
    this.admin = undefined;
    if (consumer || admin) {
      this.stopping = (async () => {
        await consumer?.disconnect();
        await admin?.then((a) => a.disconnect()).catch(() => undefined);
      })();
    }
    return this.stopping ?? Promise.resolve();
  }

  /**
   * How far the group is behind on every partition of its topics: the high watermark minus the next offset to
   * process (what this consumer processed, or else the group's committed offset).
   */
  async lag(): Promise<ConsumerLag[]> {
    const { groupId, topics } = this.options;
    const admin = await this.adminClient();
    const committed = new Map<string, bigint>();
    for (const entry of await this.fetchCommitted(topics)) {
      for (const p of entry.partitions) {
        if (BigInt(p.offset) >= 0n) committed.set(partitionKey(entry.topic, p.partition), BigInt(p.offset));
      }
    }
    const result: ConsumerLag[] = [];
    for (const topic of topics) {
      let offsets: { partition: number; high: string; low: string }[];
      try {
        offsets = await admin.fetchTopicOffsets(topic);
      } catch {
        continue; // not created yet: nothing to be behind on
      }
      for (const { partition, high, low } of offsets) {
        const key = partitionKey(topic, partition);
        const next = this.expected.get(key) ?? committed.get(key) ?? this.floor.get(key) ?? BigInt(low);
        const lag = BigInt(high) - next;
        result.push({ groupId, topic, partition, lag: Number(lag > 0n ? lag : 0n) });
      }
    }
    return result;
  }

  /** The group's committed offsets on `topics`; a topic nobody has created yet has none. */
  private async fetchCommitted(topics: string[]) {
    const admin = await this.adminClient();
    const result = [];
    for (const topic of topics) {
      try {
        result.push(...(await admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] })));
      } catch (error) {
        if (!isUnknownTopic(error)) throw error;
      }
    }
    return result;
  }

  private adminClient(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.options.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  /** Checks that `offset` follows what the group already read on the partition; stops the consumer if not. */
  private async continuous(topic: string, partition: number, offset: string): Promise<boolean> {
    const key = partitionKey(topic, partition);
    let expected = this.expected.get(key);
    if (expected === undefined) {
      // Another member may have read further before a rebalance gave this one the partition.
      const committed = await this.committedOffset(topic, partition);
      const floor = this.floor.get(key);
      expected = committed !== undefined && (floor === undefined || committed > floor) ? committed : floor;
      if (expected === undefined) {
        // A new group: from the start of the topic, or (not from the beginning) from wherever it joined.
        expected = (this.options.fromBeginning ?? true) ? 0n : BigInt(offset);
      }
      this.expected.set(key, expected);
    }
    if (BigInt(offset) <= expected) return true;
    const gap: EventGap = {
      groupId: this.options.groupId,
      topic,
      partition,
      expectedOffset: expected.toString(),
      firstAvailableOffset: offset,
    };
    if (await this.resolved(gap)) {
      this.options.log?.('warn', 'passing a gap an operator marked resolved', { ...gap });
      this.advance(key, BigInt(offset));
      return true;
    }
    this.options.observer?.gapDetected?.(gap);
    this.halt(new EventGapError(gap));
    return false;
  }

  private advance(key: string, next: bigint): void {
    this.expected.set(key, next);
    if ((this.floor.get(key) ?? -1n) < next) this.floor.set(key, next);
  }

  /** Fills {@link floor} from the group's committed offsets and the inbox, before kafkajs can reset either. */
  private async readFloor(): Promise<void> {
    const { groupId, topics } = this.options;
    const raise = (key: string, next: bigint) => {
      if (next >= 0n && (this.floor.get(key) ?? -1n) < next) this.floor.set(key, next);
    };
    for (const entry of await this.fetchCommitted(topics)) {
      for (const p of entry.partitions) raise(partitionKey(entry.topic, p.partition), BigInt(p.offset));
    }
    const applied = (await this.options.dataSource.query(
      `SELECT topic, kafka_partition, max(kafka_offset) + 1 AS next FROM inbox
        WHERE consumer_group = $1 AND topic = ANY($2::text[]) GROUP BY topic, kafka_partition`,
      [groupId, topics],
    )) as { topic: string; kafka_partition: number; next: string }[];
    // The local broker starts empty on every run while the database stays: inbox offsets above what a partition
    // now holds come from an earlier incarnation of the topic and say nothing about this one.
    const high = new Map<string, bigint>();
    const admin = await this.adminClient();
    // Asking for a topic the broker does not have costs kafkajs's retries (seconds): ask only for those it has.
    const existing = new Set(await admin.listTopics());
    for (const topic of new Set(applied.map((row) => row.topic))) {
      if (!existing.has(topic)) continue;
      try {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          high.set(partitionKey(topic, p.partition), BigInt(p.high));
        }
      } catch (error) {
        if (!isUnknownTopic(error)) throw error;
      }
    }
    for (const row of applied) {
      const key = partitionKey(row.topic, row.kafka_partition);
      const next = BigInt(row.next);
      if (next <= (high.get(key) ?? -1n)) raise(key, next);
    }
  }

  private async committedOffset(topic: string, partition: number): Promise<bigint | undefined> {
    const [entry] = await this.fetchCommitted([topic]);
    const found = entry?.partitions.find((p) => p.partition === partition);
    return found && BigInt(found.offset) >= 0n ? BigInt(found.offset) : undefined;
  }

  /** Records the gap (once) and tells whether an operator has marked it resolved. */
  private async resolved(gap: EventGap): Promise<boolean> {
    const rows = (await this.options.dataSource.query(
      `INSERT INTO event_gap (consumer_group, topic, kafka_partition, expected_offset, first_available_offset)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (consumer_group, topic, kafka_partition, expected_offset)
       DO UPDATE SET first_available_offset = EXCLUDED.first_available_offset
       RETURNING resolved_at`,
      [gap.groupId, gap.topic, gap.partition, gap.expectedOffset, gap.firstAvailableOffset],
    )) as { resolved_at: Date | null }[];
    return rows[0]?.resolved_at != null;
  }

  /** Stops consuming for good: logged, reported, and the group's committed offsets stay before the gap. */
  private halt(error: Error): void {
    if (this.halted) return;
    this.halted = error;
    this.options.log?.('error', 'event consumer stopped', {
      groupId: this.options.groupId,
      error: error.message,
    });
    this.options.onFailure?.(error);
    // Not awaited: disconnecting waits for the batch in progress, which is the caller.
    setImmediate(() => void this.stop().catch(() => undefined));
  }

  private typeLabel(type: string | undefined): string {
    return type !== undefined && this.options.registry.has(type) ? type : 'unknown';
  }

  /** The message as an event to apply or to pass by, or the error that makes it unusable. */
  private decode(message: KafkaMessage): Pending | { error: unknown; type?: string } {
    let event: CloudEvent | undefined;
    try {
      event = fromKafkaMessage(message);
      if (!this.handlers.has(event.type)) return { message, ignored: event.type }; // another consumer's concern
      this.options.registry.validate(event.type, event.data);
      return { message, event };
    } catch (error) {
      return { error, type: event?.type };
    }
  }

  /** Dead-letters a message that cannot be decoded or validated; rethrows an error that may pass. */
  private async refuse(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    type?: string,
  ): Promise<void> {
    const verdict = classifyEventError(error);
    if (!verdict.permanent) throw error;
    await this.deadLetter(topic, partition, message, error, 0, verdict.reason, type);
  }

  /**
   * Applies consecutive events of a partition, as many per transaction as the batch bounds allow, calling `done`
   * for each once its transaction committed (or it was dead-lettered). A transaction that fails is done again one
   * event per transaction. False when it stopped early because the consumer is no longer running.
   */
  private async applyRun(
    topic: string,
    partition: number,
    run: Pending[],
    running: () => boolean,
    done: (message: KafkaMessage) => void,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    for (let next = 0; next < run.length; ) {
      if (!running()) return false;
      const rest = run.slice(next);
      let outcomes: boolean[];
      try {
        outcomes = await this.applyBatch(topic, partition, rest);
      } catch (failure) {
        if (!(failure instanceof BatchFailure)) throw failure;
        // Every event up to the failing one again, alone; the failure counts as the failing event's first attempt.
        const upTo = failure.index ?? Math.max(failure.reached, 0);
        for (let i = 0; i <= upTo; i++) {
          if (!running()) return false;
          const prior = i === failure.index ? failure.error : undefined;
          await this.process(topic, partition, rest[i]!, prior);
          done(rest[i]!.message);
          await heartbeat();
        }
        next += upTo + 1;
        continue;
      }
      rest.slice(0, outcomes.length).forEach((pending, i) => {
        this.observe(topic, pending, outcomes[i]!);
        done(pending.message);
      });
      next += outcomes.length;
      await heartbeat();
    }
    return true;
  }

  /**
   * Applies events from the start of `run` in one transaction, each with its inbox row, until the batch bounds;
   * tells for each whether it was applied (false: a redelivery, or an event to pass by). Fails with a
   * {@link BatchFailure}, having applied nothing.
   */
  private async applyBatch(topic: string, partition: number, run: Pending[]): Promise<boolean[]> {
    const limit = Math.max(1, this.options.batchSize ?? 100);
    const maxMs = this.options.batchMaxMs ?? 500;
    let count = 0;
    while (count < run.length && count < limit && !run[count]!.event) count++;
    if (count === run.length || count === limit) return run.slice(0, count).map(() => false); // nothing to apply
    let index: number | undefined;
    let reached = -1;
    try {
      return await this.options.dataSource.transaction(async (manager) => {
        const started = Date.now();
        const outcomes: boolean[] = run.slice(0, count).map(() => false);
        for (let i = count; i < run.length && i < limit; i++) {
          if (i > count && Date.now() - started >= maxMs) break;
          reached = i;
          const { message, event } = run[i]!;
          if (!event) {
            outcomes.push(false);
            continue;
          }
          index = i;
          outcomes.push(
            await withTraceContextOf(message.headers ?? {}, () =>
              this.applyIn(manager, topic, partition, message, event),
            ),
          );
          index = undefined;
        }
        return outcomes;
      });
    } catch (error) {
      throw new BatchFailure(index, reached, error);
    }
  }

  private observe(topic: string, pending: Pending, applied: boolean): void {
    const { observer, groupId } = this.options;
    if (pending.event)
      observer?.consumed?.(groupId, topic, pending.event.type, applied ? 'applied' : 'duplicate');
    else observer?.consumed?.(groupId, topic, this.typeLabel(pending.ignored), 'ignored');
  }

  /**
   * Applies one event in a transaction of its own, retrying a transient failure with backoff and dead-lettering
   * a permanent one or one that kept failing. `prior` is the failure of an attempt already made.
   */
  private process(topic: string, partition: number, pending: Pending, prior?: unknown): Promise<void> {
    const { message, event } = pending;
    if (!event) {
      this.observe(topic, pending, false);
      return Promise.resolve();
    }
    // Within the trace of the request that caused the event: its log lines and the events it publishes carry it.
    return withTraceContextOf(message.headers ?? {}, () =>
      this.attempt(topic, partition, message, event, prior),
    );
  }

  private async attempt(
    topic: string,
    partition: number,
    message: KafkaMessage,
    event: CloudEvent,
    prior?: unknown,
  ): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        if (attempt === 1 && prior !== undefined) throw prior;
        const applied = await this.apply(topic, partition, message, event);
        this.observe(topic, { message, event }, applied);
        return;
      } catch (error) {
        const verdict = classifyEventError(error);
        if (verdict.permanent) {
          await this.deadLetter(topic, partition, message, error, attempt, verdict.reason, event.type);
          return;
        }
        if (attempt >= maxAttempts) {
          await this.deadLetter(topic, partition, message, error, attempt, 'retries_exhausted', event.type);
          return;
        }
        this.options.log?.('warn', 'event handler failed; retrying', {
          eventId: event.id,
          type: event.type,
          attempt,
          error: String(error),
        });
        await sleep((this.options.retryBackoffMs ?? 200) * 2 ** (attempt - 1));
      }
    }
  }

  /** Applies the event in one transaction with its inbox row; false when it had been applied before. */
  private apply(
    topic: string,
    partition: number,
    message: KafkaMessage,
    event: CloudEvent,
  ): Promise<boolean> {
    return this.options.dataSource.transaction((manager) =>
      this.applyIn(manager, topic, partition, message, event),
    );
  }

  /** Records the event in the inbox and applies it, in the caller's transaction; false when it had been before. */
  private async applyIn(
    manager: EntityManager,
    topic: string,
    partition: number,
    message: KafkaMessage,
    event: CloudEvent,
  ): Promise<boolean> {
    const binding = this.handlers.get(event.type);
    if (!binding) return false;
    const inserted = (await manager.query(
      `INSERT INTO inbox (event_id, consumer_group, event_type, topic, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.id, this.options.groupId, event.type, topic, partition, message.offset],
    )) as unknown[];
    if (inserted.length === 0) return false; // already applied: a redelivery
    await binding.handle(event, manager);
    return true;
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
    reason: DeadLetterReason,
    type?: string,
  ): Promise<void> {
    const cause = error instanceof Error ? error : new Error(String(error));
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-consumer-group': this.options.groupId,
      'dlq-reason': reason,
      'dlq-error-type': cause.name,
      'dlq-error-message': cause.message.slice(0, 1000),
      'dlq-attempts': String(attempts),
      'dlq-failed-at': new Date().toISOString(),
    };
    await this.options.producer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.options.observer?.consumed?.(this.options.groupId, topic, this.typeLabel(type), 'dead_lettered');
    this.options.observer?.deadLettered?.(this.options.groupId, topic, reason);
    this.options.log?.('error', 'event dead-lettered', {
      topic,
      partition,
      offset: message.offset,
      reason,
      attempts,
      error: cause.message,
    });
  }
}

/**
 * Whether the broker answered that it has no such topic: as the protocol error itself, or as the cause of the
 * error kafkajs gives up with after its retries (which the local broker, empty after a restart, makes likely).
 */
function isUnknownTopic(error: unknown): boolean {
  for (let e = error as { type?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
  }
  return false;
}
