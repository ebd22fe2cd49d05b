import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventContract } from './contract';
import { deadLetterTopic } from './contract';
import { fromKafkaMessage, MalformedEventError, type CloudEvent } from './envelope';
import { EventValidationError, type ContractRegistry } from './registry';

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
  dataSource: DataSource;
  groupId: string;
  topics: string[];
  registry: ContractRegistry;
  handlers: HandlerBinding[];
  /** Attempts before a failing event is dead-lettered. */
  maxAttempts?: number;
  /** First retry delay; doubles on each attempt. */
  retryBackoffMs?: number;
  fromBeginning?: boolean;
  /** Broker session tuning; the local mock broker rebalances faster with short timeouts. */
  sessionTimeoutMs?: number;
  maxWaitTimeMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consumes events at least once and applies each exactly once: the event id goes into the inbox table in the
 * same transaction as the handler's effect, so a redelivered event finds its id and is skipped. Handler failures
 * are retried with exponential backoff; events that are malformed, fail their schema, or keep failing go to
 * `<topic>.dlq` with error headers and the partition moves on.
 */
export class IdempotentConsumer {
  private consumer?: Consumer;
  private readonly handlers = new Map<string, HandlerBinding>();

  constructor(private readonly options: ConsumerOptions) {
    for (const binding of options.handlers) this.handlers.set(binding.contract.type, binding);
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    const session = this.options.sessionTimeoutMs ?? 10_000;
    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: session,
      rebalanceTimeout: Math.max(session, 3000),
      heartbeatInterval: Math.max(Math.floor(session / 10), 100),
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachMessage: async ({ topic, partition, message }) => this.process(topic, partition, message),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    let event: CloudEvent;
    try {
      event = fromKafkaMessage(message);
      if (!this.handlers.has(event.type)) return; // another consumer's concern
      this.options.registry.validate(event.type, event.data);
    } catch (error) {
      if (error instanceof MalformedEventError || error instanceof EventValidationError) {
        await this.deadLetter(topic, partition, message, error, 0);
        return;
      }
      throw error;
    }
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.apply(topic, partition, message, event);
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          await this.deadLetter(topic, partition, message, error, attempt);
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

  private async apply(topic: string, partition: number, message: KafkaMessage, event: CloudEvent) {
    const binding = this.handlers.get(event.type);
    if (!binding) return;
    await this.options.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO inbox (event_id, consumer_group, event_type, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
        [event.id, this.options.groupId, event.type, topic, partition, message.offset],
      )) as unknown[];
      if (inserted.length === 0) return; // already applied: a redelivery
      await binding.handle(event, manager);
    });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason = error instanceof Error ? error : new Error(String(error));
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-consumer-group': this.options.groupId,
      'dlq-error-type': reason.name,
      'dlq-error-message': reason.message.slice(0, 1000),
      'dlq-attempts': String(attempts),
      'dlq-failed-at': new Date().toISOString(),
    };
    await this.options.producer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.options.log?.('error', 'event dead-lettered', {
      topic,
      partition,
      offset: message.offset,
      error: reason.message,
    });
  }
}
