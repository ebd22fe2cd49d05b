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
 * Extensions that describe the system rather than the caller's request: the gateway adds `serviceName` to every
 * error it relays, and Apollo's data source adds the subgraph's `response` (URL, status, body). Callers never
 * see them, in any mode; the logs have them.
 */
const INTERNAL_EXTENSIONS = ['serviceName', 'response', 'exception'];

function withoutInternals(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions || !INTERNAL_EXTENSIONS.some((key) => key in extensions)) return formatted;
  const kept = Object.fromEntries(
    Object.entries(extensions).filter(([key]) => !INTERNAL_EXTENSIONS.includes(key)),
  );
  return { ...formatted, extensions: kept };
}

/**
 * Apollo `formatError`: passes through errors made on purpose (DomainError, GraphQL validation, bad input) and,
 * in production, replaces everything else with a generic message so no internals or stack traces leak. Internal
 * extensions (which service answered, its URL) are removed in every mode.
 */
export function formatError(production: boolean, log: (error: unknown) => void) {
  return (raw: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted = withoutInternals(raw);
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

/** What an Express error handler needs of a response. */
interface JsonResponse {
  headersSent: boolean;
  status(code: number): JsonResponse;
  json(body: unknown): unknown;
}

/** The fields body-parser (and other http-errors) put on what they throw. */
interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  limit?: unknown;
}

/**
 * Express error middleware for a GraphQL endpoint: whatever went wrong before GraphQL could answer (malformed
 * JSON, a body over the limit, an unsupported charset) is answered as a GraphQL error in JSON with the right HTTP
 * status, never as Express's HTML page with a stack trace. Mount it right after the body parser.
 */
export function graphqlHttpErrors(log: (error: unknown) => void) {
  return (error: unknown, _req: unknown, res: JsonResponse, next: (error: unknown) => void): void => {
    if (res.headersSent) return next(error);
    const http = (typeof error === 'object' && error !== null ? error : {}) as HttpErrorLike;
    const raw = Number(http.status ?? http.statusCode);
    const status = Number.isInteger(raw) && raw >= 400 && raw < 600 ? raw : 500;
    let message = 'The request could not be read';
    let code = 'BAD_REQUEST';
    if (status === 413) {
      code = 'PAYLOAD_TOO_LARGE';
      message = `The request body is larger than the limit${typeof http.limit === 'number' ? ` of ${http.limit} bytes` : ''}`;
    } else if (http.type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON';
    } else if (status === 415) {
      code = 'UNSUPPORTED_MEDIA_TYPE';
      message = 'The request body must be JSON in UTF-8';
    } else if (status >= 500) {
      log(error);
      code = CommonErrorCode.Internal;
      message = 'Internal server error';
    }
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
