import { Type } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openServiceDatabase } from '@emergency/database';
import {
  CreateEventGapTable1795445000000,
  CreateEventTables1763856000000,
  defineEvent,
  domainTopic,
  newEvent,
  toKafkaMessage,
} from '@emergency/events';
import { createTestDatabase, eventually, readTopic, testKafkaBrokers, uniqueName } from '@emergency/testing';
import { parseRepublishArgs, republish } from './republish';

const PlanNoted = defineEvent({
  domain: 'plans',
  name: 'PlanNoted',
  version: 1,
  description: 'Test event',
  schema: Type.Object({ planId: Type.String() }),
});

describe('npm run events:republish', () => {
  it('reads a service and one of three actions, and refuses anything else', () => {
    expect(parseRepublishArgs(['audit'])).toEqual({ service: 'audit', action: 'republish' });
    expect(parseRepublishArgs(['incidents', '--since', '2026-11-01T00:00:00Z'])).toEqual({
      service: 'incidents',
      action: 'republish',
      since: new Date('2026-11-01T00:00:00Z'),
    });
    expect(parseRepublishArgs(['audit', '--gaps'])).toEqual({ service: 'audit', action: 'gaps' });
    expect(parseRepublishArgs(['audit', '--resolve-gaps'])).toEqual({
      service: 'audit',
      action: 'resolve-gaps',
    });
    expect(() => parseRepublishArgs([])).toThrow(/usage/);
    expect(() => parseRepublishArgs(['gateway'])).toThrow(/unknown service gateway/);
    expect(() => parseRepublishArgs(['plans', '--since', 'last week'])).toThrow(/ISO 8601/);
  });

  describe('against a service schema (real PostgreSQL and broker)', () => {
    let db: DataSource;
    let env: Record<string, string>;
    let topic: string;
    const lines: string[] = [];
    const print = (line: string) => void lines.push(line);

    beforeAll(async () => {
      const url = await createTestDatabase('republish');
      const prefix = `${uniqueName('republish')}.`;
      topic = domainTopic('plans', prefix);
      env = { DATABASE_URL: url, KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
      db = await openServiceDatabase({
        url,
        schema: 'plans',
        applicationName: 'test',
        entities: [],
        migrations: [CreateEventTables1763856000000, CreateEventGapTable1795445000000],
      });
    });

    afterAll(async () => {
      await db.destroy();
    });

    it('publishes the outbox events written since a time once more', async () => {
      const old = newEvent(
        PlanNoted,
        '/emergency/plans',
        'p-old',
        { planId: 'p-old' },
        { correlationId: randomUUID() },
      );
      const recent = newEvent(
        PlanNoted,
        '/emergency/plans',
        'p-new',
        { planId: 'p-new' },
        { correlationId: randomUUID() },
      );
      for (const [event, createdAt] of [
        [old, '2026-01-01T00:00:00Z'],
        [recent, '2026-06-01T00:00:00Z'],
      ] as const) {
        await db.query(
          `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload, created_at, sent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
          [
            event.id,
            topic,
            event.subject,
            event.type,
            JSON.stringify(toKafkaMessage(event).headers),
            JSON.stringify(event.data),
            createdAt,
          ],
        );
      }
      const reader = await readTopic(topic);
      try {
        await republish(
          { service: 'plans', action: 'republish', since: new Date('2026-03-01T00:00:00Z') },
          env,
          print,
        );
        await eventually(async () =>
          expect(reader.messages.map((m) => m.headers.ce_id)).toEqual([recent.id]),
        );
      } finally {
        await reader.stop();
      }
      expect(lines).toEqual([
        'plans: 1 event(s) written since 2026-03-01T00:00:00.000Z queued again in the outbox',
        'plans: 1 event(s) published by this command',
      ]);
      const pending = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`)) as {
        n: number;
      }[];
      expect(pending[0].n).toBe(0);
    });

    it('lists the gaps consumers stopped at and marks them resolved', async () => {
      await db.query(
        `INSERT INTO event_gap (consumer_group, topic, kafka_partition, expected_offset, first_available_offset)
         VALUES ('plans.OrganisationProjector', $1, 2, 10, 250)`,
        [topic],
      );
      lines.length = 0;
      await republish({ service: 'plans', action: 'gaps' }, env, print);
      expect(lines[0]).toMatch(
        new RegExp(
          `OPEN +plans.OrganisationProjector ${topic.replace(/\./g, '\\.')}\\[2\\] offsets 10..249 lost`,
        ),
      );
      lines.length = 0;
      await republish({ service: 'plans', action: 'resolve-gaps' }, env, print);
      expect(lines).toEqual([
        'plans: 1 open gap(s) marked resolved; restart the service to resume its consumers',
      ]);
      const open = (await db.query(`SELECT count(*)::int AS n FROM event_gap WHERE resolved_at IS NULL`)) as {
        n: number;
      }[];
      expect(open[0].n).toBe(0);
    });
  });
});
