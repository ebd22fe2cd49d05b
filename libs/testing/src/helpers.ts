import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '@emergency/local-stack';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run tests through jest.config.js, whose global setup sets it`);
  return value;
}

/** A name no other test in this run uses: `<prefix>_<random>`, lower case. */
export function uniqueName(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[^a-z0-9]/g, '_')}_${randomBytes(5).toString('hex')}`;
}

/** A fresh, empty database on the run's PostgreSQL; returns its URL. */
export function createTestDatabase(prefix: string): Promise<string> {
  return ensureDatabase(required('TEST_DATABASE_URL'), uniqueName(prefix));
}

export function testKafkaBrokers(): string[] {
  return required('TEST_KAFKA_BROKERS').split(',');
}

/**
 * Retries `fn` until it resolves, for effects that arrive asynchronously (events); rethrows its last error
 * after `timeoutMs`.
 */
export async function eventually<T>(
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) {
        if (opts.message && error instanceof Error) error.message = `${opts.message}: ${error.message}`;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 100));
    }
  }
}
