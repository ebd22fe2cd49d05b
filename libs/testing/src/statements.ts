import { context, trace } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** What the connection parameters of a pg client hold, as far as counting needs. */
interface CountedClient {
  connectionParameters?: { application_name?: string };
}

/**
 * Runs `send` with a fresh W3C `traceparent` and counts the SQL statements that services started in this process
 * run for it, per service (the connection's `application_name`, which is the service's name). Every statement of
 * the request's trace is counted, from the gateway's subgraph calls down to each repository, and nothing else
 * (an outbox relay or a consumer polling meanwhile runs in no trace, or in another). It wraps the pg driver's
 * `Client#query` for the duration of `send`, so run one counted request at a time.
 */
export async function countStatements(
  send: (traceparent: string) => Promise<unknown>,
): Promise<Record<string, number>> {
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  const counts: Record<string, number> = {};
  const query = Client.prototype.query;
  Client.prototype.query = function (this: Client & CountedClient, ...args: unknown[]) {
    if (trace.getSpanContext(context.active())?.traceId === traceId) {
      const service = this.connectionParameters?.application_name ?? 'unknown';
      counts[service] = (counts[service] ?? 0) + 1;
    }
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await send(traceparent);
  } finally {
    Client.prototype.query = query;
  }
  return counts;
}
