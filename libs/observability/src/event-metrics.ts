import { Counter, Gauge, type Registry } from 'prom-client';

/** Where the backlog gauges read from; the events library's `outboxBacklog` has this shape. */
export type OutboxBacklogSource = () => Promise<{ unsent: number; oldestUnsentAgeSeconds: number }>;
/** Where the lag gauge reads from; a consumer's `lag()` has this shape. */
export type ConsumerLagSource = () => Promise<
  { groupId: string; topic: string; partition: number; lag: number }[]
>;

// A scrape must answer promptly even when the database or Kafka does not: a source slower than this is skipped.
const SOURCE_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms = SOURCE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`metrics source did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The event pipeline's metrics, on a service's own registry: what the outbox relay published, what consumers
 * did with each event, what went to the dead-letter topics and why, gaps in topics, the outbox backlog and
 * consumer lag. It implements the events library's `EventObserver` hooks. Label values come from small fixed
 * sets (the service's topics and consumer groups, registered event types, outcomes, reason classes); an event
 * type the registry does not know is counted as `unknown`.
 */
export class EventMetrics {
  readonly published: Counter<'topic' | 'type'>;
  readonly consumed: Counter<'topic' | 'type' | 'outcome'>;
  readonly deadLettered: Counter<'group' | 'topic' | 'reason'>;
  readonly gaps: Counter<'group' | 'topic'>;
  private readonly backlogSources: OutboxBacklogSource[] = [];
  private readonly lagSources: ConsumerLagSource[] = [];

  constructor(registry: Registry) {
    const registers = [registry];
    this.published = new Counter({
      name: 'events_published_total',
      help: 'Events the outbox relay published and the broker acknowledged, by topic and event type',
      labelNames: ['topic', 'type'],
      registers,
    });
    this.consumed = new Counter({
      name: 'events_consumed_total',
      help: 'Events consumed, by topic, type and outcome (applied, duplicate, ignored, dead_lettered)',
      labelNames: ['topic', 'type', 'outcome'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'events_dead_lettered_total',
      help: 'Events sent to a dead-letter topic, by consumer group, topic and reason class',
      labelNames: ['group', 'topic', 'reason'],
      registers,
    });
    this.gaps = new Counter({
      name: 'events_consumer_gaps_total',
      help: 'Gaps a consumer group found in a topic (events dropped by the broker before it read them); it stops',
      labelNames: ['group', 'topic'],
      registers,
    });
    const backlog = this.backlogSources;
    let lastBacklog = { unsent: 0, oldestUnsentAgeSeconds: 0 };
    // Both backlog gauges are collected in the same scrape, concurrently: they share one read of the outbox.
    let reading: Promise<void> | undefined;
    const read = async () => {
      const totals = { unsent: 0, oldestUnsentAgeSeconds: 0 };
      for (const source of backlog) {
        const b = await within(source());
        totals.unsent += b.unsent;
        totals.oldestUnsentAgeSeconds = Math.max(totals.oldestUnsentAgeSeconds, b.oldestUnsentAgeSeconds);
      }
      lastBacklog = totals;
    };
    const readBacklog = () =>
      (reading ??= read()
        // A scrape must answer even when the database does not: the last values read stay.
        .catch(() => undefined)
        .finally(() => (reading = undefined)));
    new Gauge({
      name: 'outbox_unsent_events',
      help: 'Events committed to the outbox and not yet published',
      registers,
      async collect() {
        await readBacklog();
        this.set(lastBacklog.unsent);
      },
    });
    new Gauge({
      name: 'outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest event waiting in the outbox (0 when none waits)',
      registers,
      async collect() {
        await readBacklog();
        this.set(lastBacklog.oldestUnsentAgeSeconds);
      },
    });
    const lags = this.lagSources;
    new Gauge({
      name: 'events_consumer_lag',
      help: 'Events on a partition a consumer group has not processed yet (high watermark minus next offset)',
      labelNames: ['group', 'topic', 'partition'],
      registers,
      async collect() {
        const samples = [];
        for (const source of lags) samples.push(...(await within(source()).catch(() => [])));
        this.reset();
        for (const s of samples) {
          this.set({ group: s.groupId, topic: s.topic, partition: String(s.partition) }, s.lag);
        }
      },
    });
  }

  /** Adds an outbox whose backlog the gauges report. */
  watchOutbox(source: OutboxBacklogSource): void {
    this.backlogSources.push(source);
  }

  /** Adds a consumer whose lag the gauge reports. */
  watchLag(source: ConsumerLagSource): void {
    this.lagSources.push(source);
  }

  // EventObserver hooks.

  /** The relay published `count` events of `type` to `topic`. */
  readonly onPublished = (topic: string, type: string, count: number): void => {
    this.published.inc({ topic, type }, count);
  };

  /** A consumer group finished with one event. */
  readonly onConsumed = (_group: string, topic: string, type: string, outcome: string): void => {
    this.consumed.inc({ topic, type, outcome });
  };

  /** A consumer group dead-lettered one event. */
  readonly onDeadLettered = (group: string, topic: string, reason: string): void => {
    this.deadLettered.inc({ group, topic, reason });
  };

  /** A consumer group stopped at a gap. */
  readonly onGap = (gap: { groupId: string; topic: string }): void => {
    this.gaps.inc({ group: gap.groupId, topic: gap.topic });
  };

  /** The hooks in the shape the events library's `EventObserver` expects. */
  observer() {
    return {
      published: this.onPublished,
      consumed: this.onConsumed,
      deadLettered: this.onDeadLettered,
      gapDetected: this.onGap,
    };
  }
}
