import { Registry } from 'prom-client';
import { EventMetrics } from './event-metrics';

describe(EventMetrics.name, () => {
  it('counts what the relay and consumers report, by bounded labels', async () => {
    const registry = new Registry();
    const sut = new EventMetrics(registry);
    const observer = sut.observer();
    observer.published('incidents.events.v1', 'incidents.FundAllocated.v1', 3);
    observer.consumed('audit.P', 'incidents.events.v1', 'incidents.FundAllocated.v1', 'applied');
    observer.deadLettered('audit.P', 'incidents.events.v1', 'schema');
    observer.gapDetected({ groupId: 'audit.P', topic: 'incidents.events.v1' });
    const text = await registry.metrics();
    expect(text).toContain(
      'events_published_total{topic="incidents.events.v1",type="incidents.FundAllocated.v1"} 3',
    );
    expect(text).toContain(
      'events_consumed_total{topic="incidents.events.v1",type="incidents.FundAllocated.v1",outcome="applied"} 1',
    );
    expect(text).toContain(
      'events_dead_lettered_total{group="audit.P",topic="incidents.events.v1",reason="schema"} 1',
    );
    expect(text).toContain('events_consumer_gaps_total{group="audit.P",topic="incidents.events.v1"} 1');
  });

  it('answers a scrape when a source fails or hangs, keeping the last backlog read', async () => {
    const registry = new Registry();
    const sut = new EventMetrics(registry);
    let healthy = true;
    sut.watchOutbox(async () => {
      if (!healthy) throw new Error('database unavailable');
      return { unsent: 4, oldestUnsentAgeSeconds: 12.5 };
    });
    sut.watchLag(() => new Promise(() => undefined)); // Kafka that never answers
    expect(await registry.metrics()).toMatch(/^outbox_unsent_events 4$/m);
    healthy = false;
    const text = await registry.metrics();
    expect(text).toMatch(/^outbox_unsent_events 4$/m);
    expect(text).toMatch(/^outbox_oldest_unsent_age_seconds 12.5$/m);
    expect(text).not.toMatch(/^events_consumer_lag\{/m);
  });
});
