import { GraphQLError, locatedError } from 'graphql';
import { readPage } from '@emergency/paging';
import { DomainError, formatError } from './errors';

describe(formatError.name, () => {
  const format = (production: boolean, error: GraphQLError) => {
    const logged: unknown[] = [];
    const formatted = formatError(production, (e) => logged.push(e))(error.toJSON(), error);
    return { formatted, logged };
  };

  it('answers bad paging arguments from @emergency/paging as BAD_USER_INPUT naming the argument, in production too', () => {
    let thrown: unknown;
    try {
      readPage({ first: 0 });
    } catch (error) {
      thrown = error;
    }
    // What graphql-js makes of an error a resolver throws.
    const { formatted, logged } = format(true, locatedError(thrown, undefined, ['plans']));
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(formatted.message).toBe('first must be between 1 and 100 (got 0)');
    expect(logged).toEqual([]);
  });

  it('passes a domain error through with its code and details', () => {
    const error = new GraphQLError('too much', {
      originalError: new DomainError('INSUFFICIENT_FUNDS', 'too much', { availableFen: '5' }),
    });
    const { formatted, logged } = format(true, error);
    expect(formatted.extensions).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(logged).toEqual([]);
  });

  it('passes through a subgraph error the gateway relays, whose original error is plain JSON', () => {
    const relayed = new GraphQLError('allocation unknown', {
      extensions: { code: 'ALLOCATION_UNKNOWN', serviceName: 'supplies' },
      originalError: Object.assign(new Error('allocation unknown'), {
        extensions: { code: 'ALLOCATION_UNKNOWN' },
      }),
    });
    const { formatted, logged } = format(true, relayed);
    expect(formatted.extensions?.code).toBe('ALLOCATION_UNKNOWN');
    expect(logged).toEqual([]);
  });

  it('masks and logs anything else in production, without a stack trace', () => {
    const error = new GraphQLError('connection refused at 10.0.0.5', {
      originalError: new TypeError('boom'),
    });
    const { formatted, logged } = format(true, error);
    expect(formatted).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toHaveLength(1);
    expect(format(false, error).formatted.message).toBe('connection refused at 10.0.0.5');
  });
});
