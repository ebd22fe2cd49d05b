import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import type { Identity } from '@emergency/auth';
import type { JsonLogger } from '@emergency/observability';
import { GatewayErrorCode } from './gateway.errors';
import type { GatewayMetrics } from './gateway-metrics';
import type { GatewayContext } from './identity';

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphCallSettings {
  /** The subgraph's name, for logs and metrics only: callers never see which service answered. */
  name: string;
  /** How long one request to the subgraph may take, answer included. */
  timeoutMs: number;
  /** Most keep-alive connections to the subgraph. */
  connections: number;
  /** Whether identical query fetches of one caller in flight at once are sent once. */
  deduplicate: boolean;
  logger: JsonLogger;
  metrics: GatewayMetrics;
}

type RequestHeaders = NonNullable<ProcessOptions['request']['http']>['headers'];

/**
 * The headers of one subgraph request, as a plain map of lower-case names: what Apollo's interface asks of them,
 * without the validation a WHATWG `Headers` does on every call. Sent as they are.
 */
class SubgraphRequestHeaders implements RequestHeaders {
  private readonly map = new Map<string, string>();
  append(name: string, value: string) {
    const key = name.toLowerCase();
    const known = this.map.get(key);
    this.map.set(key, known === undefined ? value : `${known}, ${value}`);
  }
  delete(name: string) {
    this.map.delete(name.toLowerCase());
  }
  get(name: string) {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string) {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string) {
    this.map.set(name.toLowerCase(), value);
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
  /** The headers as undici sends them. */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
}

/** A subgraph's answer as it came: each caller it is shared with parses its own copy of the body. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A subgraph answered with a non-2xx status and a GraphQL body (e.g. 400 for a variable its scalar refused). The
 * body's errors are the answer: they are relayed as the subgraph's own errors, not as an HTTP failure.
 */
class RelayedErrors extends GraphQLError {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super('subgraph answered with GraphQL errors');
  }
}

/** The subgraph did not answer, body included, within the time limit. */
class SubgraphTimeout extends Error {
  override name = 'TimeoutError';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

const isGraphQLErrorList = (value: unknown): value is GraphQLFormattedError[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (e) => typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string',
  );

const isJson = (contentType: string) =>
  contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json');

/** Every claim of a caller, as one string: fetches are only ever merged for the same one. */
const callerKeys = new WeakMap<Identity, string>();
function callerKey(identity: Identity): string {
  let key = callerKeys.get(identity);
  if (key === undefined) {
    key = JSON.stringify(identity);
    callerKeys.set(identity, key);
  }
  return key;
}

/**
 * The cache hint a subgraph's `cache-control` header gives, as Apollo's own data source reads it: no header, or
 * no `max-age`, restricts the operation's cache policy to 0.
 */
function cacheHint(header: string | string[] | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: 0 };
  if (typeof header !== 'string') return hint;
  for (const part of header.trim().split(/\s*,\s*/)) {
    const [name, value] = part.split(/\s*=\s*/, 2);
    if (name === 'max-age' && value !== undefined && /^[0-9]+$/.test(value.replace(/^"|"$/g, ''))) {
      hint.maxAge = Number(value.replace(/^"|"$/g, ''));
    }
    if (name === 'private' && value === undefined) hint.scope = 'PRIVATE';
    if (name === 'public' && value === undefined) hint.scope = 'PUBLIC';
  }
  return hint;
}

/**
 * What every request to a subgraph goes through: a keep-alive connection pool (undici), a time limit, and errors
 * a caller can act on. Apollo's own data source turns any non-2xx answer into `INTERNAL_SERVER_ERROR "400: Bad
 * Request"` carrying the subgraph's URL and raw body; here the subgraph's GraphQL errors are relayed as they are,
 * and a subgraph that is down, times out or answers something else becomes `SERVICE_UNAVAILABLE` with no URL or
 * service name (those go to the log).
 *
 * Identical fetches in flight at once are sent once when they are queries of a query operation by the same caller
 * (every claim of its identity alike) with the same body: the later ones wait for the first one's answer. Each
 * parses the answer's body itself, so none sees what the gateway makes of another's result.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly inflight = new Map<string, Promise<Answer>>();

  constructor(
    readonly url: string,
    private readonly settings: SubgraphCallSettings,
  ) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    this.pool = new Pool(target.origin, { connections: settings.connections, pipelining: 1 });
  }

  /** Closes the connections to the subgraph. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** Called with the request about to be sent, its `http` part set: a subclass adds headers here. */
  willSendRequest?(options: ProcessOptions): void;

  async process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const headers = new SubgraphRequestHeaders();
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers.append(name, value);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers };
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const caller = incoming ? options.context.identity : undefined;
    // Only fetches of a query operation, whose caller is known, are merged: never a mutation's.
    const mergeable = this.settings.deduplicate && caller && incoming?.operation?.operation === 'query';
    try {
      this.willSendRequest?.(options);
      const { http, ...sent } = request;
      if (!sent.query) throw new Error('Missing query');
      const body = JSON.stringify(sent);
      const answer = await this.send(
        http?.headers instanceof SubgraphRequestHeaders
          ? http.headers.toObject()
          : Object.fromEntries(http?.headers ?? []),
        body,
        mergeable ? `${callerKey(caller)}\n${body}` : undefined,
      );
      if (answer.status < 200 || answer.status >= 300) throw this.httpError(answer.status, answer.body);
      const contentType = answer.headers['content-type'];
      if (typeof contentType !== 'string' || !isJson(contentType)) {
        throw new Error(`Expected a JSON answer, but received ${String(contentType ?? 'no content type')}`);
      }
      const parsed = JSON.parse(answer.body) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error('Expected a JSON object in the answer');
      }
      const policy = incoming?.overallCachePolicy as { restrict?: (hint: object) => void } | undefined;
      if (policy && typeof policy.restrict === 'function')
        policy.restrict(cacheHint(answer.headers['cache-control']));
      return parsed as GatewayGraphQLResponse;
    } catch (error) {
      if (error instanceof RelayedErrors) return { errors: error.errors };
      throw this.unavailable(error, options.kind);
    }
  }

  /** Sends `body`, or, when a fetch under the same `key` is in flight, waits for its answer instead. */
  private send(headers: Record<string, string>, body: string, key: string | undefined): Promise<Answer> {
    if (key === undefined) return this.post(headers, body);
    const shared = this.inflight.get(key);
    if (shared) {
      this.settings.metrics.mergedFetches.inc({ subgraph: this.settings.name });
      return shared;
    }
    const answer = this.post(headers, body);
    this.inflight.set(key, answer);
    const done = () => void this.inflight.delete(key);
    answer.then(done, done);
    return answer;
  }

  private async post(headers: Record<string, string>, body: string): Promise<Answer> {
    // A timer cleared once the answer is read, rather than `AbortSignal.timeout`, whose timer and signal outlive
    // the request by the whole time limit and cost several times as much to make.
    const abort = new AbortController();
    const { signal } = abort;
    const timer = setTimeout(() => abort.abort(), this.settings.timeoutMs).unref();
    try {
      const answer = await this.pool.request({ path: this.path, method: 'POST', headers, body, signal });
      return { status: answer.statusCode, headers: answer.headers, body: await answer.body.text() };
    } catch (error) {
      if (signal.aborted) throw new SubgraphTimeout(this.settings.timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private httpError(status: number, text: string): GraphQLError {
    try {
      const body = JSON.parse(text) as { errors?: unknown };
      if (isGraphQLErrorList(body.errors)) return new RelayedErrors(body.errors);
    } catch {
      // Not JSON: a proxy's error page or a crash; reported as the service being unavailable.
    }
    return new GraphQLError(`HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd(), {
      extensions: { status, body: text.slice(0, 2000) },
    });
  }

  private unavailable(error: unknown, kind: ProcessOptions['kind']): GraphQLError {
    const cause = error instanceof Error ? error : new Error(String(error));
    const timedOut = cause.name === 'AbortError' || cause.name === 'TimeoutError';
    this.settings.logger.entry('error', 'subgraph request failed', {
      subgraph: this.settings.name,
      url: this.url,
      kind,
      timedOut,
      error: {
        name: cause.name,
        message: cause.message,
        ...(cause instanceof GraphQLError ? cause.extensions : {}),
      },
    });
    return new GraphQLError(
      timedOut
        ? `A service this operation needs did not answer within ${this.settings.timeoutMs} ms; try again later`
        : 'A service this operation needs is unavailable; try again later',
      { extensions: { code: GatewayErrorCode.ServiceUnavailable } },
    );
  }
}
