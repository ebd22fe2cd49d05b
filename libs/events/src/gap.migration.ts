import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gaps consumers found in their topics (offsets the broker dropped before the group read them), kept in the
 * consuming service's schema: a consumer stops at an open gap and passes it only once an operator has
 * republished the missing events and marked it resolved (docs/operations.md).
 */
export class CreateEventGapTable1795445000000 implements MigrationInterface {
  name = 'CreateEventGapTable1795445000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_gap (
        consumer_group text NOT NULL,
        topic text NOT NULL,
        kafka_partition integer NOT NULL,
        expected_offset bigint NOT NULL,
        first_available_offset bigint NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        PRIMARY KEY (consumer_group, topic, kafka_partition, expected_offset)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_gap`);
  }
}
