import { Kafka, Partitioners, logLevel, type Admin, type LogEntry, type Producer } from 'kafkajs';

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
        settings.log?.(LEVELS[level] ?? 'info', `kafka: ${message}`, extra);
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

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  config?: Record<string, string>;
}

/**
 * Makes sure topics exist. On real Kafka they are created explicitly with their partitions and retention; a
 * broker without a controller (librdkafka's mock) rejects CreateTopics, and there a metadata request creates
 * them with the broker's defaults instead. Partition counts are never assumed by the rest of the code.
 */
export async function ensureTopics(
  admin: Admin,
  topics: TopicSpec[],
  createExplicitly: boolean,
): Promise<void> {
  if (topics.length === 0) return;
  if (createExplicitly) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? -1,
          configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      return;
    } catch {
      // Fall through to auto-creation by metadata request.
    }
  }
  await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
}
