import { randomUUID } from 'node:crypto';
import { FundAllocatedV1Contract } from '@emergency/contracts';
import { deadLetterTopic } from '@emergency/events';
import { eventually, publishEvent, readTopic, type TestSubgraph } from '@emergency/testing';
import {
  allocate,
  balanceOf,
  known,
  startWithIncidents,
  stopWithIncidents,
  type IncidentsTopic,
} from './fixtures';

/** The allocations supplies learns from the incidents topic (the known-allocation projection). */
describe('known allocations', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;

  beforeAll(async () => ({ sut, incidents } = await startWithIncidents()), 120_000);
  afterAll(() => stopWithIncidents(sut, incidents));

  it('applies a redelivered or repeated allocation once', async () => {
    const allocation = await allocate(incidents, '5000');
    await known(sut, allocation.allocationId);
    // The same allocation announced again under a new event id (a replayed outbox row) changes nothing.
    await publishEvent(incidents.producer, incidents.topic, FundAllocatedV1Contract, allocation.fundId, {
      ...allocation,
      amountFen: '9999',
    });
    // Events with one key are applied in order: once a later one is in, the repeat has been dealt with.
    const marker = await allocate(incidents, '1', { fundId: allocation.fundId });
    await known(sut, marker.allocationId);
    expect(await balanceOf(sut, allocation.allocationId)).toMatchObject({ amountFen: '5000' });
    const rows = await sut.db.query(`SELECT count(*)::int AS n FROM known_allocation WHERE id = $1`, [
      allocation.allocationId,
    ]);
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it('dead-letters a malformed allocation event and goes on with the partition', async () => {
    const key = randomUUID();
    await incidents.producer.send({
      topic: incidents.topic,
      messages: [
        {
          key,
          value: '{"not":"an event"',
          headers: { ce_type: FundAllocatedV1Contract.type, ce_id: randomUUID() },
        },
      ],
    });
    const bad = await allocate(incidents, '100');
    // Schema-invalid: money as a float.
    await publishEvent(incidents.producer, incidents.topic, FundAllocatedV1Contract, bad.fundId, {
      ...bad,
      allocationId: randomUUID(),
      amountFen: 12.5 as unknown as string,
    });
    const after = await allocate(incidents, '700');
    await known(sut, after.allocationId);

    const reader = await readTopic(deadLetterTopic(incidents.topic));
    try {
      // Every consumer group of the topic refuses what it cannot read: the allocations' both messages, the donations'
      // (which does not apply FundAllocated v1) only the one it cannot decode.
      const typesOf = (projector: string) =>
        reader.messages
          .filter((m) => m.headers['dlq-consumer-group']?.endsWith(`.${projector}`))
          .map((m) => m.headers['dlq-error-type'])
          .sort();
      await eventually(async () => expect(reader.messages.length).toBeGreaterThanOrEqual(3), {
        timeoutMs: 30_000,
      });
      expect(typesOf('AllocationProjector')).toEqual(['EventValidationError', 'MalformedEventError']);
      expect(typesOf('DonationProjector')).toEqual(['MalformedEventError']);
      expect(reader.messages).toHaveLength(3);
      for (const message of reader.messages) {
        expect(message.headers['dlq-original-topic']).toBe(incidents.topic);
        expect(message.headers['dlq-error-message']).toBeTruthy();
      }
    } finally {
      await reader.stop();
    }
  });
});
