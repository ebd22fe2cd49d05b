import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Grid workers (网格员) and disaster information officers (灾害信息员) per village or community. */
export class CreateGridAssignments1795444600000 implements MigrationInterface {
  name = 'CreateGridAssignments1795444600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE grid_assignment (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES person (id),
        village_code text NOT NULL REFERENCES region (code) CHECK (village_code ~ '^[1-8][0-9]{11}$'),
        role text NOT NULL CHECK (role IN ('GRID_WORKER', 'INFORMATION_OFFICER')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT grid_assignment_ended_check
          CHECK ((ended_at IS NULL) = (end_reason IS NULL) AND (ended_at IS NULL OR ended_at >= started_at))
      )`);
    // A person holds a role for a village at most once at a time; ended assignments are history.
    await queryRunner.query(`
      CREATE UNIQUE INDEX grid_assignment_current_key ON grid_assignment (person_id, village_code, role)
        WHERE ended_at IS NULL`);
    // Listings by region: village code prefix matches in village, role, id order.
    await queryRunner.query(
      `CREATE INDEX grid_assignment_listing_idx ON grid_assignment (village_code text_pattern_ops, role, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX grid_assignment_person_idx ON grid_assignment (person_id, village_code, role, id)`,
    );
    // The anti-join of villagesWithoutInformationOfficer probes current officers by village.
    await queryRunner.query(`
      CREATE INDEX grid_assignment_officer_idx ON grid_assignment (village_code, person_id)
        WHERE role = 'INFORMATION_OFFICER' AND ended_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE grid_assignment`);
  }
}
