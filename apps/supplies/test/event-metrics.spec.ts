import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { FundAllocatedV1Contract, IncidentReported, type FundAllocatedV1 } from '@emergency/contracts';
import { domainTopic, newEvent, toKafkaMessage } from '@emergency/events';
import {
  eventually,
  identities,
  publishEvent,
  registerOrganisations,
  startTestSubgraph,
  testProducer,
  type TestSubgraph,
} from '@emergency/testing';
import { AppModule } from '../src/app.module';

const COUNTY = '00000000-0000-4000-8000-00000000c001';
const FINANCE = '00000000-0000-4000-8000-00000000f001';

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
  let producer: Producer;
  let incidentsTopic: string;

  beforeAll(async () => {
    sut = await startTestSubgraph(AppModule, 'supplies', 4003, { LOG_LEVEL: 'error' });
    incidentsTopic = domainTopic('incidents', sut.topic.slice(0, -'supplies.events.v1'.length));
    producer = await testProducer();
    await registerOrganisations(sut, [
      { id: COUNTY, name: 'Tuanfeng County Emergency Management Bureau', regionCode: '421121' },
      {
        id: FINANCE,
        name: 'Hubei Provincial Department of Finance',
        regionCode: '420000',
        type: 'FINANCE_BUREAU',
      },
    ]);
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await sut?.stop();
  });

  const metrics = async () => (await fetch(sut.url.replace(/\/graphql$/, '/metrics'))).text();

  it('counts published, consumed and dead-lettered events and reports backlog and lag', async () => {
    const allocationId = randomUUID();
    const amountFen = '500000';
    const data: FundAllocatedV1 = {
      allocationId,
      fundId: randomUUID(),
      incidentId: randomUUID(),
      amountFen,
      currency: 'CNY',
      purpose: 'Tents',
      payerOrganisationId: FINANCE,
      payeeOrganisationId: COUNTY,
      sources: [{ flowId: randomUUID(), amountFen }],
    };
    await publishEvent(producer, incidentsTopic, IncidentReported, data.incidentId, {
      incidentId: data.incidentId,
      title: 'Ju River flood',
      category: 'NATURAL_DISASTER',
      severity: 'II',
      regionCode: '421121',
      occurredAt: '2026-07-06T04:30:00+08:00',
    });
    await publishEvent(producer, incidentsTopic, FundAllocatedV1Contract, data.fundId, data);
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
    await producer.send({ topic: incidentsTopic, acks: -1, messages: [toKafkaMessage(broken)] });

    await eventually(async () => expect(await sut.count('known_allocation')).toBe(1), { timeoutMs: 30_000 });
    await sut.call(
      `mutation($input: RecordProcurementInput!) { recordProcurement(input: $input) { id } }`,
      {
        input: {
          allocationId,
          supplierName: 'Relief Materials Co.',
          itemDescription: 'Tents',
          quantity: 2,
          unitPriceFen: '1000',
        },
      },
      identities.operator('421121', COUNTY),
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
      sample(text, 'events_published_total', { topic: sut.topic, type: 'supplies.ProcurementRecorded.v2' }),
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
