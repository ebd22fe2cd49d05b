import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '@emergency/local-stack';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run tests through jest.config.js, whose global setup sets it`);
  return value;
}

/**
 * A name no other test in this run uses, `<prefix>_<10 hex digits>`, valid as a PostgreSQL database or schema
 * name, a Kafka topic and a consumer group id: the prefix is lower-cased, other characters than [a-z0-9_]
 * become `_`, and it is cut to 40 characters (PostgreSQL identifiers stop at 63).
 */
export function uniqueName(prefix: string): string {
  let clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40);
  if (!/^[a-z_]/.test(clean)) clean = `t${clean}`;
  return `${clean}_${randomBytes(5).toString('hex')}`;
}

/**
 * Creates a fresh, empty database with a unique name starting with `prefix` on the run's PostgreSQL
 * (TEST_DATABASE_URL) and returns its URL. One per test file keeps files independent of each other and of order.
 */
export function createTestDatabase(prefix: string): Promise<string> {
  return ensureDatabase(required('TEST_DATABASE_URL'), uniqueName(prefix));
}

/** The run's Kafka-protocol brokers (TEST_KAFKA_BROKERS), for a kafkajs `brokers` option. */
export function testKafkaBrokers(): string[] {
  return required('TEST_KAFKA_BROKERS').split(',');
}

/**
 * Calls `fn` until it resolves, and returns its value: for effects that arrive asynchronously (events, projections).
 * Waits `intervalMs` (default 100) between attempts; after `timeoutMs` (default 15 000) it rethrows `fn`'s last
 * error, its message prefixed with `message` when given.
 */
export async function eventually<T>(
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100, message } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (caught) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (message) error.message = `${message} (not within ${timeoutMs} ms): ${error.message}`;
        throw error;
      }
      // The last attempt falls on the deadline itself.
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, remaining)));
    }
  }
}
