import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The duty shifts the organisations service announces, so duty coverage can be assessed here. */
export class RememberDutyShifts1796951000000 implements MigrationInterface {
  name = 'RememberDutyShifts1796951000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE duty_shift (
        shift_id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('DUTY_OFFICER', 'LEADER_ON_DUTY')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        cancelled_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX duty_shift_organisation_idx ON duty_shift (organisation_id, role, starts_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE duty_shift`);
  }
}
