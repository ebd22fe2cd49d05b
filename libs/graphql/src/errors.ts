import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { defineErrorCodes, type CodeOf } from './error-catalogue';

/**
 * The codes more than one service (or a library) raises, each defined here once; a feature defines only the codes
 * that are its own, beside it. Apollo Server's own codes are listed too, so the published catalogue
 * (docs/errors.md) is everything a frontend may meet.
 */
export const CommonErrorCode = defineErrorCodes('@emergency/graphql', {
  BadUserInput: {
    code: 'BAD_USER_INPUT',
    meaning:
      'An argument is malformed or not allowed: an unknown enum value, a string too long, a bad cursor, a Money ' +
      'or DateTime value that does not parse. Fix the input; retrying as it is fails again.',
    extensions: { field: 'the argument or input field at fault, when one is (e.g. `filter.kind`)' },
    raisedBy: 'every service',
  },
  NotFound: {
    code: 'NOT_FOUND',
    meaning:
      'The entity does not exist, or lies outside your jurisdiction (the two are not told apart). At a field ' +
      "holding another service's entity it means a dangling reference: that field is null, the rest is answered.",
    extensions: { id: 'the id asked for', field: 'the argument that named it, when one did' },
    raisedBy: 'every subgraph',
  },
  Forbidden: {
    code: 'FORBIDDEN',
    meaning:
      'Your role may not do this (e.g. an auditor writing), or this browser origin may not call the gateway.',
    raisedBy: 'every service',
  },
  Unauthenticated: {
    code: 'UNAUTHENTICATED',
    meaning:
      'No valid bearer token (HTTP 401): missing, expired or not signed by the issuer. Sign in again; a subgraph ' +
      'called without the identity the gateway signs answers it too.',
    raisedBy: 'every service',
  },
  Conflict: {
    code: 'CONFLICT',
    meaning: 'Someone changed the same record at the same moment. Read it again and retry.',
    extensions: { field: 'the argument naming the record that changed' },
    raisedBy: 'organisations',
  },
  Internal: {
    code: 'INTERNAL_SERVER_ERROR',
    meaning:
      'Something failed that the caller cannot fix (a bug or an outage); the message is generic in production and ' +
      "the details are in the service's log under the request's correlation id.",
    raisedBy: 'every service',
  },
  OutsideJurisdiction: {
    code: 'OUTSIDE_JURISDICTION',
    meaning:
      "The region (or the record's region) is outside your jurisdiction: your region and everything below it. " +
      'Above it you may only ask who is on duty now.',
    extensions: { field: 'the argument whose region is outside' },
    raisedBy: 'organisations, plans, incidents, supplies',
  },
  InvalidRegionCode: {
    code: 'INVALID_REGION_CODE',
    meaning:
      'Not a division code: 6 digits (GB/T 2260, e.g. 420000), or 9 / 12 digits for a township / village where ' +
      'the organisations service accepts them.',
    extensions: { field: 'the argument holding the code' },
    raisedBy: 'organisations, plans, incidents',
  },
  RegionNotFound: {
    code: 'REGION_NOT_FOUND',
    meaning:
      'A well-formed division code that is not in the administrative tree this system serves (REGION_DATA_SCOPE).',
    extensions: { field: 'the argument holding the code' },
    raisedBy: 'organisations, plans, incidents',
  },
  InvalidDate: {
    code: 'INVALID_DATE',
    meaning: 'Not a calendar date written YYYY-MM-DD (or a day that does not exist, such as 2025-02-29).',
    extensions: { field: 'the argument holding the date' },
    raisedBy: 'organisations, plans',
  },
  DateInFuture: {
    code: 'DATE_IN_FUTURE',
    meaning:
      'A date of something recorded once it happened (an admission, inspection, completion) is after today in China.',
    extensions: { field: 'the argument holding the date' },
    raisedBy: 'organisations',
  },
  InvalidAmount: {
    code: 'INVALID_AMOUNT',
    meaning: 'An amount of money is not greater than zero, or too large to record (amounts are integer fen).',
    extensions: { field: 'the argument holding the amount' },
    raisedBy: 'incidents, supplies',
  },
  OrganisationUnknown: {
    code: 'ORGANISATION_UNKNOWN',
    meaning:
      'The organisation id is not known to this service (yet): organisations reach other services by event moments ' +
      'after they are registered, so retry shortly if it was registered just now.',
    extensions: { field: 'the argument naming the organisation', organisationId: 'the organisation id' },
    raisedBy: 'plans, incidents, supplies',
  },
  OrganisationDissolved: {
    code: 'ORGANISATION_DISSOLVED',
    meaning: 'The organisation was dissolved: nothing new may be registered with it or recorded for it.',
    extensions: {
      field: 'the argument naming the organisation',
      organisationId: 'the organisation id, where given',
    },
    raisedBy: 'organisations, plans, incidents, supplies',
  },
  BadRequest: {
    code: 'BAD_REQUEST',
    meaning: 'The HTTP request could not be read as a GraphQL request (e.g. the body is not valid JSON).',
    raisedBy: 'every service',
  },
  PayloadTooLarge: {
    code: 'PAYLOAD_TOO_LARGE',
    meaning: 'The request body is larger than the limit (HTTP 413); the message names the limit in bytes.',
    raisedBy: 'every service',
  },
  UnsupportedMediaType: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    meaning: 'The request body is not JSON in UTF-8 (HTTP 415).',
    raisedBy: 'every service',
  },
  GraphqlParseFailed: {
    code: 'GRAPHQL_PARSE_FAILED',
    meaning: 'The operation is not valid GraphQL syntax (from Apollo Server).',
    raisedBy: 'every service',
  },
  GraphqlValidationFailed: {
    code: 'GRAPHQL_VALIDATION_FAILED',
    meaning:
      'The operation does not match the schema: an unknown field or type, a missing argument (from Apollo Server).',
    raisedBy: 'every service',
  },
  PersistedQueryNotFound: {
    code: 'PERSISTED_QUERY_NOT_FOUND',
    meaning:
      'An automatic persisted query hash the server does not hold; send the full query (from Apollo Server).',
    raisedBy: 'every service',
  },
  PersistedQueryNotSupported: {
    code: 'PERSISTED_QUERY_NOT_SUPPORTED',
    meaning: 'Persisted queries are not enabled here (from Apollo Server).',
    raisedBy: 'every service',
  },
  RefundExceedsPaid: {
    code: 'REFUND_EXCEEDS_PAID',
    meaning:
      'A refund is larger than what the payment it refunds (a project stage payment, a procurement) has paid net of earlier refunds.',
    extensions: {
      field: 'the argument at fault',
      paidFen: 'what the payment has paid net of earlier refunds, a decimal string',
      requestedFen: 'the refund asked for, a decimal string',
    },
    raisedBy: 'incidents, supplies',
  },
  OperationResolutionFailure: {
    code: 'OPERATION_RESOLUTION_FAILURE',
    meaning:
      'The document holds several operations and operationName does not name one of them (from Apollo Server).',
    raisedBy: 'every service',
  },
});
/** One of the shared codes. */
export type CommonErrorCode = CodeOf<typeof CommonErrorCode>;

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
/** The request does not say who sends it, or not in a way that can be believed: HTTP 401. */
export const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: CommonErrorCode.Unauthenticated, http: { status: 401 } } });

const SAFE_CODES = new Set<string>([
  CommonErrorCode.GraphqlParseFailed,
  CommonErrorCode.GraphqlValidationFailed,
  CommonErrorCode.BadUserInput,
  CommonErrorCode.PersistedQueryNotFound,
  CommonErrorCode.PersistedQueryNotSupported,
  CommonErrorCode.OperationResolutionFailure,
  CommonErrorCode.BadRequest,
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
    let code: CommonErrorCode = CommonErrorCode.BadRequest;
    if (status === 413) {
      code = CommonErrorCode.PayloadTooLarge;
      message = `The request body is larger than the limit${typeof http.limit === 'number' ? ` of ${http.limit} bytes` : ''}`;
    } else if (http.type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON';
    } else if (status === 415) {
      code = CommonErrorCode.UnsupportedMediaType;
      message = 'The request body must be JSON in UTF-8';
    } else if (status >= 500) {
      log(error);
      code = CommonErrorCode.Internal;
      message = 'Internal server error';
    }
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
