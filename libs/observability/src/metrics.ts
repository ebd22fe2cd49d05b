import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Request, Response } from 'express';
import type { GraphQLOutcome } from './tracing';

/** The routes every service serves; any other path is counted as {@link UNMATCHED_ROUTE}. */
export const KNOWN_ROUTES = ['/graphql', '/health/live', '/health/ready', '/metrics'] as const;
/** `route` label of every path that is not a known route: made-up URLs add no series. */
export const UNMATCHED_ROUTE = 'unmatched';
/** `operation` label of an operation without a name. */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** `operation` label of a request refused before its operation was known (unparsable, invalid, unauthenticated). */
export const NO_OPERATION = '(none)';
/** `operation` label of every name beyond the first {@link MAX_OPERATION_NAMES} a process has seen. */
export const OTHER_OPERATION = '(other)';
/**
 * How many distinct operation names a process labels. Callers choose names, so the label is bounded: the first
 * names seen (a frontend's handful of operations, and the gateway's per-subgraph names for them) keep their own
 * series, any further one is counted as {@link OTHER_OPERATION}.
 */
export const MAX_OPERATION_NAMES = 200;

const METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A Prometheus registry per service with process metrics, HTTP and GraphQL timing; event metrics are added by `EventMetrics`. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlDuration: Histogram<'operation' | 'outcome'>;
  private readonly operationNames = new Set<string>();

  constructor(
    service: string,
    /** Paths labelled as themselves; the defaults are {@link KNOWN_ROUTES}. */
    private readonly routes: readonly string[] = KNOWN_ROUTES,
  ) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, known route (or "unmatched") and status',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
    this.graphqlDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL request duration by operation name and outcome (success, invalid, unauthenticated, refused, failed)',
      labelNames: ['operation', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
  }

  /** The `route` label of a request path: the path itself if it is a known route, else {@link UNMATCHED_ROUTE}. */
  routeLabel(path: string): string {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return this.routes.includes(trimmed) ? trimmed : UNMATCHED_ROUTE;
  }

  /** The `method` label: the usual methods as themselves, anything else as `OTHER`. */
  methodLabel(method: string): string {
    return METHODS.has(method) ? method : 'OTHER';
  }

  /**
   * The `operation` label of a GraphQL request: `undefined` (no operation resolved) is {@link NO_OPERATION},
   * `null` (unnamed) {@link ANONYMOUS_OPERATION}, a name itself while fewer than {@link MAX_OPERATION_NAMES}
   * names have been seen, then {@link OTHER_OPERATION}.
   */
  operationLabel(name: string | null | undefined): string {
    if (name === undefined) return NO_OPERATION;
    if (name === null || name === '') return ANONYMOUS_OPERATION;
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES || !/^[_A-Za-z][_0-9A-Za-z]{0,127}$/.test(name)) {
      return OTHER_OPERATION;
    }
    this.operationNames.add(name);
    return name;
  }

  /** Records one finished GraphQL request. */
  observeGraphQL(operationName: string | null | undefined, outcome: GraphQLOutcome, seconds: number): void {
    this.graphqlDuration.observe({ operation: this.operationLabel(operationName), outcome }, seconds);
  }

  async expose(_req: Request, res: Response) {
    res.setHeader('content-type', this.registry.contentType);
    res.end(await this.registry.metrics());
  }
}
