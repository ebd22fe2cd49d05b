import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emergency shelters (应急避难场所) with their occupancy over time; the planning ratios that shelter capacity is
 * measured against, per jurisdiction prefix, seeded with the sourced figures; and the populations of regions as
 * an administrator sets them (the system does not know them otherwise).
 */
export class CreateShelters1797030000000 implements MigrationInterface {
  name = 'CreateShelters1797030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE shelter (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        level text NOT NULL CHECK (level IN ('PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP', 'VILLAGE')),
        shelter_class text NOT NULL CHECK (shelter_class IN
          ('EMERGENCY', 'FIXED_SHORT_TERM', 'FIXED_MEDIUM_TERM', 'FIXED_LONG_TERM', 'CENTRAL')),
        earthquake_class text CHECK (earthquake_class IN ('I', 'II', 'III')),
        managing_organisation_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        division_code text CHECK (division_code ~ '^[0-9]{9}([0-9]{3})?$' AND left(division_code, 6) = region_code),
        address text NOT NULL,
        latitude numeric(9, 6) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude numeric(9, 6) NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        capacity integer NOT NULL CHECK (capacity > 0),
        effective_area_square_metres integer NOT NULL CHECK (effective_area_square_metres > 0),
        service_radius_metres integer NOT NULL CHECK (service_radius_metres > 0),
        facilities text[] NOT NULL DEFAULT '{}',
        signage_installed boolean NOT NULL,
        sign_count integer NOT NULL CHECK (sign_count >= 0 AND (signage_installed OR sign_count = 0)),
        status text NOT NULL CHECK (status IN ('UNDER_CONSTRUCTION', 'READY', 'OPEN', 'FULL', 'CLOSED')),
        current_occupants integer NOT NULL DEFAULT 0 CHECK (current_occupants >= 0),
        occupancy_reported_at timestamptz,
        opened_at timestamptz,
        opened_for_incident_id uuid,
        closed_at timestamptz,
        close_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX shelter_region_idx ON shelter (region_code text_pattern_ops, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX shelter_status_idx ON shelter (status, region_code)`);
    await queryRunner.query(`
      CREATE TABLE shelter_occupancy (
        id uuid PRIMARY KEY,
        shelter_id uuid NOT NULL REFERENCES shelter (id),
        reported_at timestamptz NOT NULL,
        occupants integer NOT NULL CHECK (occupants >= 0),
        capacity integer NOT NULL CHECK (capacity > 0),
        over_capacity boolean NOT NULL,
        incident_id uuid,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX shelter_occupancy_shelter_idx ON shelter_occupancy (shelter_id, reported_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE shelter_planning_ratio (
        region_prefix text PRIMARY KEY CHECK (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'),
        min_percent integer NOT NULL CHECK (min_percent BETWEEN 1 AND 100),
        max_percent integer CHECK (max_percent BETWEEN min_percent AND 100),
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `INSERT INTO shelter_planning_ratio (region_prefix, min_percent, max_percent, source) VALUES
        ('', 15, NULL, $1), ('44', 20, 30, $2)`,
      [
        '防灾避难场所规划建设规范 (standard ID not visible in the excerpt): 固定 shelter capacity ≥ 15% of the planned ' +
          'population of its responsibility area [S https://gf.cabr-fire.com/m/article-42575.htm]',
        '广东省应急避难场所建设规划纲要: 固定 shelter capacity 20–30% of the planned urban resident population ' +
          '(≥ 30% in central districts) [S http://www.whgsj.com/zwgk/fggw/zcjd/bmjd/content/post_58898.html]',
      ],
    );
    await queryRunner.query(`
      CREATE TABLE region_population (
        region_code text PRIMARY KEY CHECK (region_code ~ '^[0-9]{6}$'),
        population integer NOT NULL CHECK (population > 0),
        source text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE region_population`);
    await queryRunner.query(`DROP TABLE shelter_planning_ratio`);
    await queryRunner.query(`DROP TABLE shelter_occupancy`);
    await queryRunner.query(`DROP TABLE shelter`);
  }
}
