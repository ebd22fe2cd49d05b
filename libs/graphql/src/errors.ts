import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Codes every service uses; domains add their own (e.g. `INSUFFICIENT_FUNDS`) on top. */
export const CommonErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  Conflict: 'CONFLICT',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;

/**
 * An error the caller can act on: a stable machine-readable `code` in `extensions.code`, a message for people,
 * and optional details (the offending field, limits). Anything else thrown is a bug and is masked in production.
 */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = 'DomainError';
  }
}

export const badInput = (message: string, field?: string) =>
  new DomainError(CommonErrorCode.BadUserInput, message, field ? { field } : {});
export const notFound = (what: string, id: string, field?: string) =>
  new DomainError(CommonErrorCode.NotFound, `${what} ${id} does not exist or is outside your jurisdiction`, {
    id,
    ...(field ? { field } : {}),
  });
export const forbidden = (message: string) => new DomainError(CommonErrorCode.Forbidden, message);

const SAFE_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Apollo `formatError`: passes through errors made on purpose (DomainError, GraphQL validation, bad input) and,
 * in production, replaces everything else with a generic message so no internals or stack traces leak.
 */
export function formatError(production: boolean, log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const code = formatted.extensions?.code;
    const deliberate =
      original instanceof DomainError ||
      // Includes a subgraph's error relayed by the gateway, whose original error is the subgraph's JSON.
      (error instanceof GraphQLError && typeof code === 'string' && code !== CommonErrorCode.Internal) ||
      (typeof code === 'string' && SAFE_CODES.has(code));
    if (deliberate) return formatted;
    log(original);
    if (!production) return formatted;
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: CommonErrorCode.Internal },
    };
  };
}
