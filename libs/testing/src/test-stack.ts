import { rm } from 'node:fs/promises';
import type { KafkaHandle, PostgresHandle } from '@emergency/local-stack';

/** What the global setup started, kept for the global teardown (both run in Jest's main process). */
export interface TestStack {
  postgres?: PostgresHandle;
  kafka?: KafkaHandle;
  /** Temporary directory holding the PostgreSQL cluster; removed at teardown. */
  tempDir?: string;
}

declare global {
  var __EMERGENCY_TEST_STACK__: TestStack | undefined;
}

/**
 * Stops whatever `stack` holds, removes its temporary directory and unsets the variables that pointed at its
 * servers (in watch mode the next run's setup must start new ones, not reuse stopped ones).
 */
export async function stopTestStack(stack: TestStack): Promise<void> {
  await Promise.all([stack.kafka?.stop(), stack.postgres?.stop()]);
  if (stack.postgres) delete process.env.TEST_DATABASE_URL;
  if (stack.kafka) delete process.env.TEST_KAFKA_BROKERS;
  if (stack.tempDir) await rm(stack.tempDir, { recursive: true, force: true });
}
