import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganisation1763856100000 implements MigrationInterface {
  name = 'CreateOrganisation1763856100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        type text NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        parent_id uuid REFERENCES organisation (id),
        status text NOT NULL DEFAULT 'ACTIVE',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Region subtree queries are prefix matches on the code.
    await queryRunner.query(
      `CREATE INDEX organisation_region_idx ON organisation (region_code text_pattern_ops, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE organisation`);
  }
}
