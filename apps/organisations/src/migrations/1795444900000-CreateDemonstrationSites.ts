import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDemonstrationSites1795444900000 implements MigrationInterface {
  name = 'CreateDemonstrationSites1795444900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE demonstration_site (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        kind text NOT NULL CHECK (kind IN ('COMMUNITY', 'VILLAGE', 'ENTERPRISE', 'SCHOOL', 'INDUSTRIAL_PARK',
          'CITY', 'OTHER')),
        level text NOT NULL CHECK (level IN ('NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY')),
        region_code text NOT NULL REFERENCES region (code),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        designated_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('DESIGNATED', 'UNDER_RECTIFICATION', 'REVOKED')),
        revoked_on date,
        last_inspected_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT demonstration_site_revoked_check CHECK ((status = 'REVOKED') = (revoked_on IS NOT NULL)),
        CONSTRAINT demonstration_site_revoked_on_check CHECK (revoked_on >= designated_on),
        CONSTRAINT demonstration_site_inspected_check CHECK (last_inspected_on >= designated_on)
      )`);
    await queryRunner.query(`CREATE INDEX demonstration_site_listing_idx ON demonstration_site (name, id)`);
    await queryRunner.query(
      `CREATE INDEX demonstration_site_region_idx ON demonstration_site (region_code text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX demonstration_site_organisation_idx ON demonstration_site (organisation_id, name, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE demonstration_site_inspection (
        id uuid PRIMARY KEY,
        site_id uuid NOT NULL REFERENCES demonstration_site (id),
        number integer NOT NULL CHECK (number > 0),
        inspected_on date NOT NULL,
        inspector_id uuid NOT NULL REFERENCES person (id),
        result text NOT NULL CHECK (result IN ('PASSED', 'RECTIFICATION_REQUIRED', 'FAILED')),
        findings text NOT NULL CHECK (length(trim(findings)) > 0),
        rectification_due_on date,
        status_before text NOT NULL,
        status_after text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT demonstration_site_inspection_number_key UNIQUE (site_id, number),
        CONSTRAINT demonstration_site_inspection_due_check
          CHECK ((result = 'RECTIFICATION_REQUIRED') = (rectification_due_on IS NOT NULL)),
        CONSTRAINT demonstration_site_inspection_due_after_check CHECK (rectification_due_on > inspected_on)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE demonstration_site_inspection`);
    await queryRunner.query(`DROP TABLE demonstration_site`);
  }
}
