import type { GatewayConfig } from '@apollo/gateway';
import type { GatewayMetrics } from './gateway-metrics';

type QueryPlanCache = NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>;
type QueryPlan = NonNullable<Awaited<ReturnType<QueryPlanCache['get']>>>;

interface Entry {
  plan: QueryPlan;
  bytes: number;
}

/**
 * The gateway's query plans, least recently used first out once their size passes `maxBytes`, as the store
 * `ApolloGateway` makes itself (`experimental_approximateQueryPlanStoreMiB`, sized the same way: a plan's JSON),
 * but counting what it does: the gateway asks it once per operation, so its hits and misses are the operations
 * that reused a plan and those that had one built. It drops every plan when the gateway loads a new supergraph.
 */
export class ObservedQueryPlanCache implements QueryPlanCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly metrics: GatewayMetrics,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Promise<QueryPlan | undefined> {
    const entry = this.entries.get(key);
    if (!entry) {
      this.metrics.queryPlanCacheMisses.inc();
      return Promise.resolve(undefined);
    }
    this.metrics.queryPlanCacheHits.inc();
    this.entries.delete(key); // the most recently used goes last
    this.entries.set(key, entry);
    return Promise.resolve(entry.plan);
  }

  set(key: string, plan: QueryPlan): Promise<void> {
    this.remove(key);
    const bytes = Buffer.byteLength(JSON.stringify(plan), 'utf8');
    if (bytes <= this.maxBytes) {
      this.entries.set(key, { plan, bytes });
      this.bytes += bytes;
      for (const oldest of this.entries.keys()) {
        if (this.bytes <= this.maxBytes) break;
        this.remove(oldest);
      }
    }
    this.report();
    return Promise.resolve();
  }

  delete(key: string): Promise<boolean> {
    const removed = this.remove(key);
    this.report();
    return Promise.resolve(removed);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.report();
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    return true;
  }

  private report() {
    this.metrics.queryPlanCacheEntries.set(this.entries.size);
    this.metrics.queryPlanCacheBytes.set(this.bytes);
  }
}
