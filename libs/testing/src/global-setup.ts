import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmbeddedPostgres,
  startMockKafka,
  type KafkaHandle,
  type PostgresHandle,
} from '@emergency/local-stack';

export interface TestStack {
  postgres?: PostgresHandle;
  kafka?: KafkaHandle;
  dataDir?: string;
}

declare global {
  var __EMERGENCY_TEST_STACK__: TestStack | undefined;
}

/**
 * Starts one real PostgreSQL (fresh data directory) and one Kafka-protocol broker for the whole run, and hands
 * their addresses to the test workers in TEST_DATABASE_URL and TEST_KAFKA_BROKERS. Set those variables to use
 * external servers instead.
 */
export default async function globalSetup(): Promise<void> {
  const stack: TestStack = {};
  globalThis.__EMERGENCY_TEST_STACK__ = stack;
  const started = Date.now();
  const jobs: Promise<void>[] = [];
  if (!process.env.TEST_DATABASE_URL) {
    stack.dataDir = mkdtempSync(join(tmpdir(), 'emergency-test-pg-'));
    jobs.push(
      startEmbeddedPostgres({ dataDir: join(stack.dataDir, 'data') }).then((postgres) => {
        stack.postgres = postgres;
        process.env.TEST_DATABASE_URL = postgres.url;
      }),
    );
  }
  if (!process.env.TEST_KAFKA_BROKERS) {
    jobs.push(
      startMockKafka({ brokers: 1 }).then((kafka) => {
        stack.kafka = kafka;
        process.env.TEST_KAFKA_BROKERS = kafka.brokers.join(',');
      }),
    );
  }
  await Promise.all(jobs);
  process.stdout.write(`\ntest stack ready in ${Date.now() - started} ms\n`);
}
