import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The administrative tree, and what organisations gained with it: sectors, dissolution, update times. */
export class CreateRegionTree1795444100000 implements MigrationInterface {
  name = 'CreateRegionTree1795444100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE region (
        code text PRIMARY KEY CHECK (code ~ '^[1-8][0-9]{5}([0-9]{3}){0,2}$'),
        name text NOT NULL CHECK (length(name) > 0),
        level text NOT NULL CHECK (level IN ('PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE')),
        parent_code text REFERENCES region (code)
      )`);
    await queryRunner.query(`CREATE INDEX region_parent_idx ON region (parent_code, code)`);
    // Subtree queries are prefix matches on the code.
    await queryRunner.query(`CREATE INDEX region_code_prefix_idx ON region (code text_pattern_ops)`);
    await queryRunner.query(`
      CREATE TABLE region_dataset (
        scope text PRIMARY KEY,
        source text NOT NULL,
        region_count integer NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      ALTER TABLE organisation
        ADD COLUMN sector text,
        ADD COLUMN dissolved_at timestamptz,
        ADD COLUMN dissolution_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        DROP CONSTRAINT organisation_region_code_check,
        ADD CONSTRAINT organisation_region_code_check CHECK (region_code ~ '^[1-8][0-9]{5}([0-9]{3}){0,2}$'),
        ADD CONSTRAINT organisation_status_check CHECK (status IN ('ACTIVE', 'DISSOLVED')),
        ADD CONSTRAINT organisation_dissolved_check CHECK ((status = 'DISSOLVED') = (dissolved_at IS NOT NULL))`);
    // Organisations registered before the tree was loaded keep their codes; every new one must name a known region.
    await queryRunner.query(`
      ALTER TABLE organisation ADD CONSTRAINT organisation_region_fk
        FOREIGN KEY (region_code) REFERENCES region (code) NOT VALID`);
    await queryRunner.query(`CREATE INDEX organisation_listing_idx ON organisation (region_code, name, id)`);
    await queryRunner.query(
      `CREATE INDEX organisation_parent_idx ON organisation (parent_id) WHERE parent_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX organisation_parent_idx`);
    await queryRunner.query(`DROP INDEX organisation_listing_idx`);
    await queryRunner.query(`
      ALTER TABLE organisation
        DROP CONSTRAINT organisation_region_fk,
        DROP CONSTRAINT organisation_dissolved_check,
        DROP CONSTRAINT organisation_status_check,
        DROP CONSTRAINT organisation_region_code_check,
        ADD CONSTRAINT organisation_region_code_check CHECK (region_code ~ '^[0-9]{6}$'),
        DROP COLUMN updated_at,
        DROP COLUMN dissolution_reason,
        DROP COLUMN dissolved_at,
        DROP COLUMN sector`);
    await queryRunner.query(`DROP TABLE region_dataset`);
    await queryRunner.query(`DROP TABLE region`);
  }
}
