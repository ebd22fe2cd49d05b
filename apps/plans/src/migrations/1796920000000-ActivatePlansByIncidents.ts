import type { MigrationInterface, QueryRunner } from 'typeorm';

const DEFAULT_SOURCE =
  'System default (no sourced national rule; replace per jurisdiction): county, township and village plans start ' +
  'from level IV, prefectural plans from III, provincial plans from II, each level leading the response of its tier';

/**
 * The plans service's view of incidents (from the incidents topic), the activations of plans by them, the activation
 * thresholds per jurisdiction prefix and plan level (seeded with the system's national defaults), and the reports
 * and report deadlines the report timeliness indicator counts.
 */
export class ActivatePlansByIncidents1796920000000 implements MigrationInterface {
  name = 'ActivatePlansByIncidents1796920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE known_incident (
        id uuid PRIMARY KEY,
        region_code text NOT NULL,
        category text NOT NULL,
        subcategory text,
        grade text CHECK (grade IN ('I', 'II', 'III', 'IV')),
        response_level text CHECK (response_level IN ('I', 'II', 'III', 'IV')),
        status text NOT NULL CHECK (status IN ('REPORTED', 'RESPONDING', 'RECOVERY')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE plan_activation (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES known_incident (id),
        plan_id uuid NOT NULL REFERENCES contingency_plan (id),
        region_code text NOT NULL,
        level text NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
        activated_at timestamptz NOT NULL,
        triggered_by text NOT NULL,
        triggering_event_id uuid NOT NULL,
        deactivated_at timestamptz,
        deactivation_reason text
          CHECK (deactivation_reason IN ('RESPONSE_LIFTED', 'LEVEL_BELOW_THRESHOLD', 'NO_LONGER_APPLIES')),
        deactivating_event_id uuid,
        CHECK ((deactivated_at IS NULL) = (deactivation_reason IS NULL))
      )`);
    // A plan is in force for an incident at most once at a time.
    await queryRunner.query(`
      CREATE UNIQUE INDEX plan_activation_in_force ON plan_activation (incident_id, plan_id)
        WHERE deactivated_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX plan_activation_of_plan ON plan_activation (plan_id, activated_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE plan_activation_threshold (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        plan_level text NOT NULL CHECK (plan_level IN ('PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP', 'VILLAGE')),
        from_level text NOT NULL CHECK (from_level IN ('I', 'II', 'III', 'IV')),
        source text NOT NULL CHECK (length(trim(source)) > 0),
        system_default boolean NOT NULL DEFAULT false,
        PRIMARY KEY (region_prefix, plan_level)
      )`);
    await queryRunner.query(
      `INSERT INTO plan_activation_threshold (region_prefix, plan_level, from_level, source, system_default)
       VALUES ('', 'PROVINCIAL', 'II', $1, true), ('', 'PREFECTURAL', 'III', $1, true),
              ('', 'COUNTY', 'IV', $1, true), ('', 'TOWNSHIP', 'IV', $1, true), ('', 'VILLAGE', 'IV', $1, true)`,
      [DEFAULT_SOURCE],
    );
    // One row per report, report deadline passed, zero report and zero report missed the incidents topic announced.
    await queryRunner.query(`
      CREATE TABLE report_timeliness (
        record_key text PRIMARY KEY,
        kind text NOT NULL
          CHECK (kind IN ('INCIDENT_REPORT', 'REPORT_DEADLINE_PASSED', 'ZERO_REPORT', 'ZERO_REPORT_MISSED')),
        record_id uuid NOT NULL,
        incident_id uuid,
        organisation_id uuid,
        region_code text,
        late boolean NOT NULL,
        at timestamptz NOT NULL,
        detail text NOT NULL,
        source_event_id uuid NOT NULL,
        CHECK ((organisation_id IS NULL) <> (region_code IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX report_timeliness_of_organisation ON report_timeliness (organisation_id, at)`,
    );
    await queryRunner.query(
      `CREATE INDEX report_timeliness_of_region ON report_timeliness (region_code, at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_timeliness`);
    await queryRunner.query(`DROP TABLE plan_activation_threshold`);
    await queryRunner.query(`DROP TABLE plan_activation`);
    await queryRunner.query(`DROP TABLE known_incident`);
  }
}
