import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's type (ENTERPRISE, CHARITY, ...) as the organisations topic states it, so a service can require
 * an organisation of a type (a contractor is an enterprise). Null for organisations learned before it was kept,
 * until their next registration or update is read.
 */
export class RememberOrganisationTypes1796730500000 implements MigrationInterface {
  name = 'RememberOrganisationTypes1796730500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE known_organisation ADD COLUMN type text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE known_organisation DROP COLUMN type`);
  }
}
