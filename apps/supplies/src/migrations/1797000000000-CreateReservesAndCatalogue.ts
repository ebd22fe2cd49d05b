import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where relief goods are kept and what they are: reserve points at the five levels of the reserve system (and
 * agreement reserves held by enterprises), and the supply catalogue on GB/T 38565-2020's four-layer code.
 */
export class CreateReservesAndCatalogue1797000000000 implements MigrationInterface {
  name = 'CreateReservesAndCatalogue1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reserve_point (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        level text NOT NULL CHECK (level IN ('CENTRAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP')),
        kind text NOT NULL CHECK (kind IN ('DEPOT', 'POINT', 'AGREEMENT')),
        owner_organisation_id uuid NOT NULL,
        holder_organisation_id uuid,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        latitude numeric(9, 6) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude numeric(9, 6) NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        capacity_cubic_metres integer CHECK (capacity_cubic_metres > 0),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'CLOSED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'AGREEMENT') = (holder_organisation_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX reserve_point_region_idx ON reserve_point (region_code text_pattern_ops, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE supply_item (
        code text PRIMARY KEY CHECK (code ~ '^[1-9]([0-9]{2}){3}$'),
        name_zh text NOT NULL CHECK (length(trim(name_zh)) > 0),
        name_en text NOT NULL CHECK (length(trim(name_en)) > 0),
        unit text NOT NULL CHECK (length(trim(unit)) > 0),
        shelf_life_days integer CHECK (shelf_life_days > 0),
        official boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE supply_item`);
    await queryRunner.query(`DROP TABLE reserve_point`);
  }
}
