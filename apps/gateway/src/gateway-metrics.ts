import { Counter, Gauge } from 'prom-client';
import type { ServiceMetrics } from '@emergency/observability';

/** The gateway's own series, beside the HTTP and GraphQL ones every service has. */
export class GatewayMetrics {
  /** Subgraph fetches answered by an identical fetch already in flight instead of a request of their own. */
  readonly mergedFetches: Counter<'subgraph'>;
  readonly queryPlanCacheHits: Counter;
  readonly queryPlanCacheMisses: Counter;
  readonly queryPlanCacheEntries: Gauge;
  readonly queryPlanCacheBytes: Gauge;

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.mergedFetches = new Counter({
      name: 'gateway_subgraph_fetches_merged_total',
      help: 'Subgraph fetches that shared the answer of an identical fetch of the same caller already in flight',
      labelNames: ['subgraph'],
      registers,
    });
    this.queryPlanCacheHits = new Counter({
      name: 'gateway_query_plan_cache_hits_total',
      help: 'Operations whose query plan was found in the query-plan cache',
      registers,
    });
    this.queryPlanCacheMisses = new Counter({
      name: 'gateway_query_plan_cache_misses_total',
      help: 'Operations whose query plan had to be built',
      registers,
    });
    this.queryPlanCacheEntries = new Gauge({
      name: 'gateway_query_plan_cache_entries',
      help: 'Query plans in the query-plan cache',
      registers,
    });
    this.queryPlanCacheBytes = new Gauge({
      name: 'gateway_query_plan_cache_bytes',
      help: 'Approximate size of the query-plan cache (its plans as JSON), bytes',
      registers,
    });
  }
}
