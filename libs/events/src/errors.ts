import { MalformedEventError } from './envelope';
import { EventValidationError } from './registry';

/**
 * Thrown by a handler for an event it can never apply (it contradicts the handler's own data in a way no retry
 * changes): the consumer dead-letters it at once with this reason instead of retrying while its partition waits.
 */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

/**
 * Why an event went to the dead-letter topic; a small fixed set, so it is safe as a metric label.
 * - `malformed`: not a CloudEvent of this system (headers, JSON);
 * - `schema`: its data breaks the contract's JSON Schema;
 * - `domain`: the handler refused it with a domain error (a GraphQL error with a stable code);
 * - `permanent`: the handler threw {@link PermanentEventError};
 * - `data`: PostgreSQL refused the data (class 22 data exception, class 23 integrity violation);
 * - `retries_exhausted`: a transient failure outlasted every retry.
 */
export type DeadLetterReason = 'malformed' | 'schema' | 'domain' | 'permanent' | 'data' | 'retries_exhausted';

export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = [
  'malformed',
  'schema',
  'domain',
  'permanent',
  'data',
  'retries_exhausted',
];

/** What the consumer does with a handler's error: dead-letter it now with a reason, or back off and retry. */
export type ErrorClass =
  | { permanent: true; reason: Exclude<DeadLetterReason, 'retries_exhausted'> }
  | { permanent: false };

const TRANSIENT: ErrorClass = { permanent: false };

/** The SQLSTATE of a PostgreSQL error, whether raw from `pg` or wrapped by TypeORM's QueryFailedError. */
function sqlState(error: object): string | undefined {
  const own = (error as { code?: unknown }).code;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  const code = typeof driver === 'string' ? driver : own;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Sorts an error from validating or applying an event into permanent (retrying cannot help: the same event
 * fails the same way) and transient (the database or network may answer differently in a moment).
 *
 * Permanent: malformed events, schema violations, domain errors (`GraphQLError` with a string
 * `extensions.code`, as `DomainError` is), {@link PermanentEventError}, PostgreSQL classes 22 (data exception)
 * and 23 (integrity constraint violation). Transient: everything else, in particular serialization failures
 * (40001), deadlocks (40P01), lost connections (class 08, 57P01) and timeouts; an unknown error is retried
 * because a bug fixed by a redeploy should not cost the event.
 */
export function classifyEventError(error: unknown): ErrorClass {
  if (error instanceof MalformedEventError) return { permanent: true, reason: 'malformed' };
  if (error instanceof EventValidationError) return { permanent: true, reason: 'schema' };
  if (error instanceof PermanentEventError) return { permanent: true, reason: 'permanent' };
  if (typeof error !== 'object' || error === null) return TRANSIENT;
  // Checked by shape rather than class: this library does not depend on the GraphQL one, and a handler may
  // throw a GraphQLError from another copy of the package.
  const extensions = (error as { extensions?: { code?: unknown } }).extensions;
  if (
    error instanceof Error &&
    typeof extensions?.code === 'string' &&
    extensions.code !== 'INTERNAL_SERVER_ERROR'
  ) {
    return { permanent: true, reason: 'domain' };
  }
  const state = sqlState(error);
  if (state?.startsWith('22') || state?.startsWith('23')) return { permanent: true, reason: 'data' };
  return TRANSIENT;
}
