import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, startMockKafka } from '@emergency/local-stack';
import { stopTestStack, type TestStack } from './test-stack';

/**
 * Jest global setup: starts one real PostgreSQL (fresh data directory under the OS temp dir, free port) and one
 * mock Kafka cluster for the whole run, and hands them to the test workers, which inherit this process's
 * environment, as TEST_DATABASE_URL (server URL) and TEST_KAFKA_BROKERS (comma-separated). Either variable set
 * beforehand points the run at that external server instead. TEST_STACK_LOG=1 copies the servers' logs to stderr.
 */
export default async function globalSetup(): Promise<void> {
  const stack: TestStack = {};
  globalThis.__EMERGENCY_TEST_STACK__ = stack;
  const timings: string[] = [];
  const log = (name: string) =>
    process.env.TEST_STACK_LOG ? (line: string) => process.stderr.write(`[${name}] ${line}\n`) : undefined;

  const startPostgres = async () => {
    const started = Date.now();
    stack.tempDir = await mkdtemp(join(tmpdir(), 'emergency-test-pg-'));
    stack.postgres = await startEmbeddedPostgres({
      dataDir: join(stack.tempDir, 'data'),
      onLog: log('postgres'),
    });
    process.env.TEST_DATABASE_URL = stack.postgres.url;
    timings.push(`PostgreSQL ${Date.now() - started} ms`);
  };
  const startKafka = async () => {
    const started = Date.now();
    stack.kafka = await startMockKafka({ brokers: 1, onLog: log('kafka') });
    process.env.TEST_KAFKA_BROKERS = stack.kafka.brokers.join(',');
    timings.push(`Kafka mock ${Date.now() - started} ms`);
  };

  const results = await Promise.allSettled([
    process.env.TEST_DATABASE_URL ? undefined : startPostgres(),
    process.env.TEST_KAFKA_BROKERS ? undefined : startKafka(),
  ]);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    // Jest skips the global teardown when the setup fails; stop what did start so nothing outlives the run.
    await stopTestStack(stack);
    globalThis.__EMERGENCY_TEST_STACK__ = undefined;
    throw failure.reason;
  }
  if (timings.length) process.stdout.write(`\ntest stack started: ${timings.join(', ')}\n`);
}
