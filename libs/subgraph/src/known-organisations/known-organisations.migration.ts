import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `known_organisation` projection of the organisations topic, in the schema of a service that stores
 * organisation ids (see {@link KnownOrganisations}). Added by `SubgraphModule.forRoot({ knownOrganisations: true })`
 * after the service's own migrations.
 */
export class CreateKnownOrganisations1795900000000 implements MigrationInterface {
  name = 'CreateKnownOrganisations1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE known_organisation (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'DISSOLVED')),
        dissolved_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE known_organisation`);
  }
}
