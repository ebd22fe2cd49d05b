import type { DataSource, EntityManager } from 'typeorm';
import type { Producer } from 'kafkajs';
import { injectTraceContext } from '@emergency/observability';
import type { EventContract } from './contract';
import { domainTopic } from './contract';
import { newEvent, toKafkaMessage, type CloudEvent, type EventContext } from './envelope';
import type { EventObserver } from './observer';
import type { ContractRegistry } from './registry';

/**
 * Writes events into the service's outbox table inside the caller's transaction, so an event exists exactly
 * when the state change it describes was committed.
 */
export class Outbox {
  constructor(
    private readonly registry: ContractRegistry,
    /** CloudEvents `source`, e.g. `/emergency/incidents`. */
    private readonly source: string,
    private readonly topicPrefix = '',
  ) {}

  /** Validates `data` against the contract and queues the event; throws (rolling back the caller) if invalid. */
  async publish<T>(
    manager: EntityManager,
    contract: EventContract<T>,
    subject: string,
    data: T,
    context: EventContext,
  ): Promise<CloudEvent<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.publish(${contract.type}) must run inside a transaction`);
    }
    this.registry.validate(contract.type, data);
    const event = newEvent(contract, this.source, subject, data, context);
    const message = toKafkaMessage(event);
    // The request's trace goes with the event (`traceparent`, as OpenTelemetry's Kafka instrumentations read it).
    const headers = { ...(message.headers as Record<string, string>) };
    injectTraceContext(headers);
    await manager.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        event.id,
        domainTopic(contract.domain, this.topicPrefix),
        subject,
        event.type,
        JSON.stringify(headers),
        JSON.stringify(data),
      ],
    );
    return event;
  }
}

interface PendingRow {
  seq: string;
  topic: string;
  message_key: string;
  event_type: string;
  headers: Record<string, string>;
  payload: unknown;
}

export interface RelayOptions {
  pollIntervalMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
  /** Told how many events of each type went to each topic once the broker acknowledged them. */
  observer?: EventObserver;
}

// Any constant works; it only has to be the same for every instance of one service (each has its own schema,
// and advisory locks are per database, so the schema name is mixed in by the query below).
const RELAY_LOCK_KEY = 0x6f7574;

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them sent.
 *
 * One relay per service publishes at a time (a transaction-scoped advisory lock), which keeps each aggregate's
 * events in order even with several replicas. Rows are marked sent only after the broker acknowledged them
 * (acks = all); a crash in between republishes them, and consumers drop the duplicate by event id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly options: RelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes everything pending now; returns how many events were sent. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent === 0) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.flush()
        .then((sent) => this.schedule(sent > 0 ? 0 : this.options.pollIntervalMs))
        .catch((error: unknown) => {
          this.options.onError?.(error);
          this.schedule(Math.min(this.options.pollIntervalMs * 10, 5000));
        });
    }, delayMs);
  }

  private report(rows: PendingRow[]): void {
    const observer = this.options.observer;
    if (!observer?.published) return;
    const counts = new Map<string, { topic: string; type: string; count: number }>();
    for (const { topic, event_type: type } of rows) {
      const key = `${topic}\u0000${type}`;
      const entry = counts.get(key) ?? { topic, type, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    for (const { topic, type, count } of counts.values()) observer.published(topic, type, count);
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS locked`,
        [RELAY_LOCK_KEY],
      )) as { locked: boolean }[];
      if (!locked) return 0;
      const rows = (await manager.query(
        `SELECT seq, topic, message_key, event_type, headers, payload FROM outbox
         WHERE sent_at IS NULL ORDER BY seq LIMIT $1`,
        [this.options.batchSize ?? 200],
      )) as PendingRow[];
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, PendingRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, topicRows]) => ({
          topic,
          messages: topicRows.map((row) => ({
            key: row.message_key,
            value: JSON.stringify(row.payload),
            headers: row.headers,
          })),
        })),
      });
      await manager.query(`UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      this.report(rows);
      return rows.length;
    });
  }
}

/** Events committed to the outbox and not yet acknowledged by the broker. */
export interface OutboxBacklog {
  unsent: number;
  /** Age of the oldest unsent event in seconds; 0 when there is none. */
  oldestUnsentAgeSeconds: number;
}

/** Reads the outbox backlog of the service whose schema `dataSource` points at (uses the pending-rows index). */
export async function outboxBacklog(dataSource: DataSource): Promise<OutboxBacklog> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS unsent,
            coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM outbox WHERE sent_at IS NULL`,
  )) as { unsent: number; oldest: number }[];
  return { unsent: row.unsent, oldestUnsentAgeSeconds: row.oldest };
}

export interface RepublishFilter {
  /** Only events written to the outbox at or after this time; every event when absent. */
  since?: Date;
  /** Only events for this topic (with its prefix). */
  topic?: string;
}

/**
 * Marks the service's already-sent outbox rows matching `filter` as pending again, so that the relay publishes
 * them once more, in their original order. The outbox keeps every event a service ever published, so this
 * rebuilds what a topic lost; consumers are idempotent (inbox), so events they already applied are skipped.
 * Returns how many events were queued again.
 */
export async function requeueOutbox(dataSource: DataSource, filter: RepublishFilter = {}): Promise<number> {
  const rows = (await dataSource.query(
    `UPDATE outbox SET sent_at = NULL
      WHERE sent_at IS NOT NULL
        AND ($1::timestamptz IS NULL OR created_at >= $1)
        AND ($2::text IS NULL OR topic = $2)
      RETURNING seq`,
    [filter.since?.toISOString() ?? null, filter.topic ?? null],
  )) as [unknown[], number] | unknown[];
  // TypeORM returns [rows, count] for an UPDATE ... RETURNING on PostgreSQL.
  const returned = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
  return returned.length;
}
