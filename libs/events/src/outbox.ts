import type { DataSource, EntityManager } from 'typeorm';
import type { Producer } from 'kafkajs';
import { injectTraceContext } from '@emergency/observability';
import type { EventContract } from './contract';
import { domainTopic } from './contract';
import { newEvent, toKafkaMessage, type CloudEvent, type EventContext } from './envelope';
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
  headers: Record<string, string>;
  payload: unknown;
}

export interface RelayOptions {
  pollIntervalMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
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

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS locked`,
        [RELAY_LOCK_KEY],
      )) as { locked: boolean }[];
      if (!locked) return 0;
      const rows = (await manager.query(
        `SELECT seq, topic, message_key, headers, payload FROM outbox
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
      return rows.length;
    });
  }
}
