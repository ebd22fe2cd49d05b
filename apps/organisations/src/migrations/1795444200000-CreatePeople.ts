import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePeople1795444200000 implements MigrationInterface {
  name = 'CreatePeople1795444200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        region_code text NOT NULL,
        post text,
        phone text,
        id_number text CONSTRAINT person_id_number_key UNIQUE,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'LEFT')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX person_organisation_idx ON person (organisation_id, name, id)`);
    await queryRunner.query(`CREATE INDEX person_region_idx ON person (region_code text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX person_name_idx ON person (name, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE person`);
  }
}
