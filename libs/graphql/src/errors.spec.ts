import { GraphQLError } from 'graphql';
import { DomainError, formatError } from './errors';

describe(formatError.name, () => {
  const format = (production: boolean, error: GraphQLError) => {
    const logged: unknown[] = [];
    const formatted = formatError(production, (e) => logged.push(e))(error.toJSON(), error);
    return { formatted, logged };
  };

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
