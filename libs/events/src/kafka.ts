import { Kafka, Partitioners, logLevel, type LogEntry, type Producer } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /**
   * The idempotent producer needs a controller broker; real Kafka has one, the local mock broker does not.
   * Off, the producer is at-least-once and idempotent consumers absorb the duplicates.
   */
  idempotentProducer: boolean;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
}

const LEVELS: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * librdkafka's mock broker answers LeaveGroup with a response kafkajs cannot parse; the member leaves anyway
 * (the group rebalances on session timeout). Logged at debug so every local shutdown is not reported as an error.
 */
const isMockLeaveGroupQuirk = (message: string, extra: Record<string, unknown>) =>
  message.startsWith('Response LeaveGroup') && /offset.*out of range/.test(String(extra.error));

/**
 * A topic asked for before it exists (a consumer subscribing to a topic no event was published on yet): the broker
 * creates it on that request and kafkajs retries the metadata request, which then succeeds. Logged at debug; a
 * topic that never appears still fails the subscription with an error of its own.
 */
const isTopicBeingCreated = (message: string, extra: Record<string, unknown>) =>
  message.startsWith('Response Metadata') && /does not host this topic-partition/.test(String(extra.error));

/** Kafka client log lines that report a condition the client recovers from on its own. */
const isExpectedNoise = (message: string, extra: Record<string, unknown>) =>
  isMockLeaveGroupQuirk(message, extra) || isTopicBeingCreated(message, extra);

/** The part of kafkajs's per-connection request queue that {@link quietIdleRequestQueues} corrects. */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

/**
 * kafkajs 2.2.4 re-arms a timer on every broker connection after each request, even with no request waiting and
 * no throttle in force; the timer's delay is then negative, i.e. 1 ms, so every connection wakes its process
 * about 500 times a second for nothing (kafkajs issues 1556 and 1704), most of what an idle service spends.
 * The timer only sends requests that wait, and a request that has to wait arms it again, so with none waiting
 * and no throttle it is not armed. Applied once, when this module loads, to every kafkajs client of the process.
 */
function quietIdleRequestQueues(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prototype } = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  const schedule = prototype.scheduleCheckPendingRequests;
  if (typeof schedule !== 'function') return;
  prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
}
quietIdleRequestQueues();

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const severity = isExpectedNoise(message, extra) ? 'debug' : (LEVELS[level] ?? 'info');
        settings.log?.(severity, `kafka: ${message}`, extra);
      },
  });
}

export function createProducer(kafka: Kafka, settings: Pick<KafkaSettings, 'idempotentProducer'>): Producer {
  return kafka.producer({
    idempotent: settings.idempotentProducer,
    // Without idempotence, more than one request in flight could reorder an aggregate's events on retry.
    maxInFlightRequests: settings.idempotentProducer ? 5 : 1,
    allowAutoTopicCreation: true,
    // murmur2, the partitioner of the Java client: other agencies' producers put a key on the same partition.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
