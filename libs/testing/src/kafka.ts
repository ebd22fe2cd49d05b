import type { Producer } from 'kafkajs';
import { createKafka, newEvent, toKafkaMessage, type EventContract } from '@emergency/events';
import { testKafkaBrokers, uniqueName } from './helpers';

export interface ReceivedMessage {
  key: string;
  headers: Record<string, string>;
  /** The parsed JSON value, or the raw string when it is not JSON. */
  value: unknown;
}

export interface TopicReader {
  /** Every message read so far, in partition order. */
  readonly messages: ReceivedMessage[];
  stop(): Promise<void>;
}

const kafka = () =>
  createKafka({ brokers: testKafkaBrokers(), clientId: 'test-reader', idempotentProducer: false });

/** Reads `topic` from the beginning in a fresh consumer group until stopped; assert with `eventually`. */
export async function readTopic(topic: string): Promise<TopicReader> {
  const consumer = kafka().consumer({
    groupId: uniqueName('test-reader'),
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 50,
  });
  const messages: ReceivedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const raw = message.value?.toString() ?? '';
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // kept raw: a malformed message is what some tests look for
      }
      messages.push({
        key: message.key?.toString() ?? '',
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        value,
      });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

/** A connected producer on the run's broker, for tests that play another service's part. */
export async function testProducer(): Promise<Producer> {
  const producer = kafka().producer({ allowAutoTopicCreation: true });
  await producer.connect();
  return producer;
}

/** Publishes `data` as a CloudEvent of `contract` on `topic`, as the owning service's relay would; returns its id. */
export async function publishEvent<T>(
  producer: Producer,
  topic: string,
  contract: EventContract<T>,
  subject: string,
  data: T,
): Promise<string> {
  const event = newEvent(contract, '/emergency/test', subject, data, { correlationId: uniqueName('corr') });
  await producer.send({ topic, acks: -1, messages: [toKafkaMessage(event)] });
  return event.id;
}
