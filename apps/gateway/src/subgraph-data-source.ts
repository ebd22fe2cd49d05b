import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { JsonLogger } from '@emergency/observability';
import { GatewayErrorCode } from './gateway.errors';
import type { GatewayContext } from './identity';

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type FetcherRequestInit = Parameters<RemoteGraphQLDataSource['fetcher']>[1];
type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface SubgraphCallSettings {
  /** The subgraph's name, for logs only: callers never see which service answered. */
  name: string;
  /** How long one request to the subgraph may take, answer included. */
  timeoutMs: number;
  logger: JsonLogger;
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

const isGraphQLErrorList = (value: unknown): value is GraphQLFormattedError[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (e) => typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string',
  );

/**
 * What every request to a subgraph goes through: a time limit, and errors a caller can act on. Apollo's default
 * turns any non-2xx answer into `INTERNAL_SERVER_ERROR "400: Bad Request"` carrying the subgraph's URL and raw
 * body; here the subgraph's GraphQL errors are relayed as they are, and a subgraph that is down, times out or
 * answers something else becomes `SERVICE_UNAVAILABLE` with no URL or service name (those go to the log).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly settings: SubgraphCallSettings,
  ) {
    super({ url });
    const fetcher = this.fetcher;
    this.fetcher = (target: string, init?: FetcherRequestInit) =>
      fetcher(target, { ...init, signal: AbortSignal.timeout(settings.timeoutMs) });
  }

  override async process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      if (error instanceof RelayedErrors) return { errors: error.errors };
      throw this.unavailable(error, options.kind);
    }
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { errors?: unknown };
      if (isGraphQLErrorList(body.errors)) return new RelayedErrors(body.errors);
    } catch {
      // Not JSON: a proxy's error page or a crash; reported below as the service being unavailable.
    }
    return new GraphQLError(`HTTP ${response.status} ${response.statusText}`, {
      extensions: { status: response.status, body: text.slice(0, 2000) },
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
