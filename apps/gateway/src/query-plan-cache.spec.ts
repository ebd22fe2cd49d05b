import { ServiceMetrics } from '@emergency/observability';
import { GatewayMetrics } from './gateway-metrics';
import { ObservedQueryPlanCache } from './query-plan-cache';

type Plan = Parameters<ObservedQueryPlanCache['set']>[1];
/** A stand-in plan whose JSON is about `bytes` long. */
const plan = (bytes: number) => ({ kind: 'QueryPlan', padding: 'x'.repeat(bytes - 40) }) as unknown as Plan;
const size = (p: Plan) => Buffer.byteLength(JSON.stringify(p));

describe(ObservedQueryPlanCache.name, () => {
  const setUp = (maxBytes: number) => {
    const metrics = new GatewayMetrics(new ServiceMetrics('gateway'));
    return { metrics, sut: new ObservedQueryPlanCache(maxBytes, metrics) };
  };
  const valueOf = async (metric: { get(): Promise<{ values: { value: number }[] }> }) =>
    (await metric.get()).values[0]?.value ?? 0;

  it('counts hits and misses and reports its entries and bytes', async () => {
    const { sut, metrics } = setUp(10_000);
    const a = plan(100);
    expect(await sut.get('a')).toBeUndefined();
    await sut.set('a', a);
    expect(await sut.get('a')).toBe(a);
    expect(await sut.get('a')).toBe(a);
    expect(await valueOf(metrics.queryPlanCacheMisses)).toBe(1);
    expect(await valueOf(metrics.queryPlanCacheHits)).toBe(2);
    expect(await valueOf(metrics.queryPlanCacheEntries)).toBe(1);
    expect(await valueOf(metrics.queryPlanCacheBytes)).toBe(size(a));
  });

  it('forgets the least recently used plans once over its size', async () => {
    const { sut, metrics } = setUp(1000);
    await sut.set('a', plan(400));
    await sut.set('b', plan(400));
    await sut.get('a'); // b is now the least recently used
    await sut.set('c', plan(400));
    expect(await sut.get('b')).toBeUndefined();
    expect(await sut.get('a')).toBeDefined();
    expect(await sut.get('c')).toBeDefined();
    expect(sut.size).toBe(2);
    expect(await valueOf(metrics.queryPlanCacheBytes)).toBeLessThanOrEqual(1000);
  });

  it('keeps no plan bigger than itself, and empties on clear', async () => {
    const { sut, metrics } = setUp(1000);
    await sut.set('a', plan(400));
    await sut.set('huge', plan(2000));
    expect(await sut.get('huge')).toBeUndefined();
    expect(sut.size).toBe(1);
    sut.clear();
    expect(sut.size).toBe(0);
    expect(await valueOf(metrics.queryPlanCacheEntries)).toBe(0);
    expect(await valueOf(metrics.queryPlanCacheBytes)).toBe(0);
  });
});
