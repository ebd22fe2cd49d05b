import { randomUUID } from 'node:crypto';
import { FundAllocatedV1Contract, IncidentReportedV1Contract } from '@emergency/contracts';
import { newEvent, toKafkaMessage } from '@emergency/events';
import { eventually, identities, publishEvent, type TestSubgraph } from '@emergency/testing';
import {
  allocation,
  COUNTY,
  FINANCE,
  incidentReported,
  recordProcurement,
  startWithIncidents,
  stopWithIncidents,
  type IncidentsTopic,
} from './fixtures';

/** One sample of `name` whose labels include `labels`, from a Prometheus text exposition. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/** The event pipeline's metrics, read from /metrics of a running subgraph after real events flowed. */
describe('event metrics of a running subgraph', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;

  beforeAll(async () => ({ sut, incidents } = await startWithIncidents([COUNTY, FINANCE])), 120_000);
  afterAll(() => stopWithIncidents(sut, incidents));

  const metrics = async () => (await fetch(sut.url.replace(/\/graphql$/, '/metrics'))).text();

  it('counts published, consumed and dead-lettered events and reports backlog and lag', async () => {
    const data = allocation('500000', { purpose: 'Tents' });
    const { allocationId } = data;
    const incidentsTopic = incidents.topic;
    await publishEvent(
      incidents.producer,
      incidentsTopic,
      IncidentReportedV1Contract,
      data.incidentId,
      incidentReported(data.incidentId, '421121'),
    );
    await publishEvent(incidents.producer, incidentsTopic, FundAllocatedV1Contract, data.fundId, data);
    // A FundAllocated (v1) whose data breaks its schema: dead-lettered at once, reason "schema".
    const broken = newEvent(
      FundAllocatedV1Contract,
      '/emergency/test',
      data.fundId,
      { ...data, amountFen: '-1' },
      {
        correlationId: randomUUID(),
      },
    );
    await incidents.producer.send({ topic: incidentsTopic, acks: -1, messages: [toKafkaMessage(broken)] });

    await eventually(async () => expect(await sut.count('known_allocation')).toBe(1), { timeoutMs: 30_000 });
    await recordProcurement(
      sut,
      allocationId,
      { supplierName: 'Relief Materials Co.', itemDescription: 'Tents', quantity: 2, unitPriceFen: '1000' },
      identities.operator('421121', COUNTY.id),
    );

    const text = await eventually(
      async () => {
        const body = await metrics();
        expect(sample(body, 'events_published_total', { topic: sut.topic })).toBeGreaterThan(0);
        expect(sample(body, 'events_dead_lettered_total', { topic: incidentsTopic, reason: 'schema' })).toBe(
          1,
        );
        return body;
      },
      { timeoutMs: 30_000 },
    );
    expect(
      sample(text, 'events_published_total', { topic: sut.topic, type: 'supplies.ProcurementRecorded.v3' }),
    ).toBe(1);
    expect(
      sample(text, 'events_consumed_total', {
        topic: incidentsTopic,
        type: FundAllocatedV1Contract.type,
        outcome: 'applied',
      }),
    ).toBe(1);
    expect(
      sample(text, 'events_consumed_total', {
        topic: incidentsTopic,
        type: FundAllocatedV1Contract.type,
        outcome: 'dead_lettered',
      }),
    ).toBe(1);
    expect(sample(text, 'outbox_unsent_events')).toBe(0);
    expect(sample(text, 'outbox_oldest_unsent_age_seconds')).toBe(0);
    // Both events were processed: no lag on any partition of the incidents topic, and the samples exist.
    const lagLines = text.split('\n').filter((l) => l.startsWith('events_consumer_lag{'));
    expect(lagLines.length).toBeGreaterThan(0);
    expect(lagLines.some((l) => l.includes(`topic="${incidentsTopic}"`))).toBe(true);
    expect(lagLines.every((l) => l.endsWith(' 0'))).toBe(true);
    expect(text).toMatch(/^# TYPE events_consumer_gaps_total counter$/m);
  });
});
