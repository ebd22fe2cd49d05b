import { Type } from '@sinclair/typebox';
import { Kafka, type Producer } from 'kafkajs';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { openServiceDatabase } from '@emergency/database';
import { createTestDatabase, testKafkaBrokers } from '@emergency/testing';
import { defineEvent } from '../src';
import { CreateEventGapTable1795445000000 } from '../src/gap.migration';
import { CreateEventTables1763856000000 } from '../src/tables.migration';

/** What a file of event tests works with: a producing and a consuming service's databases, and the broker. */
export interface EventTestBed {
  producerDb: DataSource;
  consumerDb: DataSource;
  kafka: Kafka;
  /** Connected; acks and ordering as the services' producers. */
  producer: Producer;
}

/**
 * Sets up, before the file's tests, a test database named after `name` with two schemas, `producer` and
 * `consumer`, each with the event tables and `migrations`, a kafkajs client of the test broker and a connected
 * producer; tears them down after. The fields are filled in when the tests run.
 */
export function eventTestBed(name: string, migrations: (new () => MigrationInterface)[] = []): EventTestBed {
  const bed = {} as EventTestBed;
  beforeAll(async () => {
    const url = await createTestDatabase(name);
    const open = (schema: string) =>
      openServiceDatabase({
        url,
        schema,
        applicationName: 'test',
        entities: [],
        migrations: [CreateEventTables1763856000000, CreateEventGapTable1795445000000, ...migrations],
      });
    bed.producerDb = await open('producer');
    bed.consumerDb = await open('consumer');
    bed.kafka = new Kafka({ clientId: `${name}-test`, brokers: testKafkaBrokers(), logLevel: 0 });
    bed.producer = bed.kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1 });
    await bed.producer.connect();
  });
  afterAll(async () => {
    await bed.producer?.disconnect();
    await bed.producerDb?.destroy();
    await bed.consumerDb?.destroy();
  });
  return bed;
}

/** The tests' event: a deposit of `amountFen` to an account, in the test domain `domain`. */
export const depositMade = (domain: string) =>
  defineEvent({
    domain,
    name: 'DepositMade',
    version: 1,
    description: 'Test event',
    schema: Type.Object(
      { accountId: Type.String(), amountFen: Type.String({ pattern: '^[0-9]+$' }) },
      { additionalProperties: false },
    ),
  });

/** A consuming service's projection of deposits: each account's balance. */
export class CreateBalance1700000000000 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE balance (account_id text PRIMARY KEY, amount_fen bigint NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE balance`);
  }
}
