import { GraphQLError } from 'graphql';
import { MalformedEventError } from './envelope';
import { classifyEventError, PermanentEventError } from './errors';
import { EventValidationError } from './registry';

/** A PostgreSQL error as `pg` raises it, and as TypeORM wraps it (QueryFailedError keeps `driverError`). */
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const typeormError = (code: string) =>
  Object.assign(new Error('QueryFailedError'), { driverError: pgError(code), code });

describe(classifyEventError.name, () => {
  it.each([
    ['a malformed event', new MalformedEventError('no ce_id'), 'malformed'],
    ['a schema violation', new EventValidationError('amountFen'), 'schema'],
    ['a handler that says so', new PermanentEventError('fund closed'), 'permanent'],
    [
      'a domain error (GraphQL error with a code)',
      new GraphQLError('no such fund', { extensions: { code: 'NOT_FOUND' } }),
      'domain',
    ],
    ['a data exception (22003 numeric out of range)', pgError('22003'), 'data'],
    ['an integrity violation (23505 unique)', typeormError('23505'), 'data'],
    ['a check violation (23514)', typeormError('23514'), 'data'],
  ])('dead-letters %s at once', (_what, error, reason) => {
    expect(classifyEventError(error)).toEqual({ permanent: true, reason });
  });

  it.each([
    ['a serialization failure (40001)', typeormError('40001')],
    ['a deadlock (40P01)', pgError('40P01')],
    ['a lost connection (08006)', pgError('08006')],
    ['an administrator shutdown (57P01)', pgError('57P01')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a timeout', new Error('Query read timeout')],
    [
      'an internal GraphQL error',
      new GraphQLError('boom', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ],
    ['something thrown that is not an Error', 'oops'],
  ])('retries %s with backoff', (_what, error) => {
    expect(classifyEventError(error)).toEqual({ permanent: false });
  });
});
