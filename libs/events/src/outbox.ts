import type { DataSource, EntityManager } from 'typeorm';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { injectTraceContext } from '@emergency/observability';
import type { EventContract } from './contract';
import { domainTopic } from './contract';
import { newEvent, toKafkaMessage, type CloudEvent, type EventContext } from './envelope';
import type { EventObserver } from './observer';
import type { ContractRegistry } from './registry';

/**
 * The channel a service's outbox commits are announced on, as SQL evaluated in its schema: `outbox_<schema>`, or
 * `outbox_<md5 of the schema>` when that would pass PostgreSQL's 63-byte identifier limit (NOTIFY refuses a longer
 * channel name). Each service has its own schema, so its relays wake only for its own commits.
 */
const OUTBOX_CHANNEL_SQL = `CASE WHEN octet_length(current_schema()) <= 56 THEN 'outbox_' || current_schema()
  ELSE 'outbox_' || md5(current_schema()) END`;

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
    // In the same statement, the service's relays are woken when the caller commits (PostgreSQL delivers a
    // notification at commit, once per transaction however many events it queued, and never for a rollback).
    await manager.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload)
       SELECT $1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb FROM (SELECT pg_notify(${OUTBOX_CHANNEL_SQL}, '')) AS woken`,
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
  /**
   * Time between two looks at the outbox when nothing woke the relay: the fallback for a commit whose notification
   * was lost (the listening connection down), or the only schedule without `listen`.
   */
  pollIntervalMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
  /** Told how many events of each type went to each topic once the broker acknowledged them. */
  observer?: EventObserver;
  /**
   * Wake on commit: a connection of the relay's own (`applicationName` in pg_stat_activity) LISTENs on the schema's
   * outbox channel, which `Outbox.publish` notifies, and each notification starts a flush at once. Reconnects with
   * backoff (from 100 ms up to `maxReconnectDelayMs`, 10 s by default) when the connection drops; the poll covers
   * the outage meanwhile. Without it the relay only polls. `onError` is told why the connection was lost or could
   * not be opened (`options.onError` when absent).
   */
  listen?: {
    url: string;
    applicationName: string;
    maxReconnectDelayMs?: number;
    onError?: (error: unknown) => void;
  };
}

const FIRST_RECONNECT_DELAY_MS = 100;
/** The longest wait before a flush that failed (Kafka or PostgreSQL unreachable) is tried again. */
const FAILED_FLUSH_RETRY_MS = 1000;

// Any constant works; it only has to be the same for every instance of one service (each has its own schema,
// and advisory locks are per database, so the schema name is mixed in by the query below).
const RELAY_LOCK_KEY = 0x6f7574;

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them sent.
 *
 * Once started it flushes when a commit is announced (with `listen`) and every `pollIntervalMs` otherwise, one
 * flush at a time.
 *
 * One relay per service publishes at a time (a transaction-scoped advisory lock), which keeps each aggregate's
 * events in order even with several replicas. Rows are marked sent only after the broker acknowledged them
 * (acks = all); a crash in between republishes them, and consumers drop the duplicate by event id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  /** A flush is under way; a wake-up meanwhile asks for one more after it (`again`), never a second at once. */
  private flushing = false;
  private again = false;
  /** The last flush failed: the next is the backoff's, and wake-ups do not cut it short. */
  private failing = false;
  private listener?: Client;
  private connecting?: Promise<void>;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
  private channel?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly options: RelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
    this.connectListener();
  }

  /** Stops polling and listening; resolves once the flush under way (if any) ended and the listener is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.reconnectTimer);
    await this.connecting;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
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

  /** A commit was announced: flush now, or once more after the flush under way. */
  private wake(): void {
    if (this.stopped || this.failing) return;
    if (this.flushing) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = true;
      this.again = false;
      this.running = this.flush()
        .then((sent) => {
          this.flushing = false;
          this.failing = false;
          this.schedule(sent > 0 || this.again ? 0 : this.options.pollIntervalMs);
        })
        .catch((error: unknown) => {
          this.flushing = false;
          this.failing = true;
          this.options.onError?.(error);
          this.schedule(Math.min(this.options.pollIntervalMs * 10, FAILED_FLUSH_RETRY_MS));
        });
    }, delayMs);
  }

  private connectListener(): void {
    if (this.stopped || !this.options.listen) return;
    this.connecting = this.openListener().then(
      async (client) => {
        if (this.stopped) {
          await client.end().catch(() => undefined);
          return;
        }
        this.listener = client;
        this.reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
        // What was committed before LISTEN took effect was announced to nobody.
        this.wake();
      },
      (error: unknown) => {
        this.listenError(error);
        this.reconnectLater();
      },
    );
  }

  private async openListener(): Promise<Client> {
    const { url, applicationName } = this.options.listen!;
    const client = new Client({
      connectionString: url,
      application_name: applicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    // A dropped connection emits 'error' (when it broke) and 'end'; either way the relay listens again.
    client.on('error', (error) => this.listenerLost(client, error));
    client.on('end', () => this.listenerLost(client));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      this.channel ??= (
        (await this.dataSource.query(`SELECT ${OUTBOX_CHANNEL_SQL} AS channel`)) as { channel: string }[]
      )[0].channel;
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private listenerLost(client: Client, error?: Error): void {
    if (client !== this.listener) return;
    this.listener = undefined;
    if (error) this.listenError(error);
    void client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private listenError(error: unknown): void {
    (this.options.listen?.onError ?? this.options.onError)?.(error);
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, this.options.listen?.maxReconnectDelayMs ?? 10_000);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connectListener(), delay);
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
