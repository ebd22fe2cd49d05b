import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 24-hour duty shifts. Overlaps of one person's shifts are refused by the service under a per-person advisory lock,
 * not by an exclusion constraint, which would need the btree_gist extension.
 */
export class CreateDutyRoster1795444400000 implements MigrationInterface {
  name = 'CreateDutyRoster1795444400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE duty_shift (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        region_code text NOT NULL,
        person_id uuid NOT NULL REFERENCES person (id),
        role text NOT NULL CHECK (role IN ('DUTY_OFFICER', 'LEADER_ON_DUTY')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        note text,
        cancelled_at timestamptz,
        cancellation_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT duty_shift_period_check
          CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
        CONSTRAINT duty_shift_cancellation_check
          CHECK ((cancelled_at IS NULL) = (cancellation_reason IS NULL))
      )`);
    // Overlap checks: a person's standing shifts by start.
    await queryRunner.query(
      `CREATE INDEX duty_shift_person_idx ON duty_shift (person_id, starts_at) WHERE cancelled_at IS NULL`,
    );
    // Who is on duty, coverage and an organisation's listing: by organisation, then start.
    await queryRunner.query(
      `CREATE INDEX duty_shift_organisation_idx ON duty_shift (organisation_id, starts_at, id)`,
    );
    // The jurisdiction-wide listing, by start.
    await queryRunner.query(`CREATE INDEX duty_shift_listing_idx ON duty_shift (starts_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE duty_shift`);
  }
}
