import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlans1763856200000 implements MigrationInterface {
  name = 'CreatePlans1763856200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contingency_plan (
        id uuid PRIMARY KEY,
        title text NOT NULL CHECK (length(trim(title)) > 0),
        level text NOT NULL,
        category text NOT NULL,
        owner_organisation_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        status text NOT NULL DEFAULT 'DRAFT',
        review_due_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX contingency_plan_owner_idx ON contingency_plan (owner_organisation_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX contingency_plan_created_idx ON contingency_plan (created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE contingency_plan`);
  }
}
