import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrainingRecords1795444800000 implements MigrationInterface {
  name = 'CreateTrainingRecords1795444800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE training_record (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES person (id),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        region_code text NOT NULL,
        course_title text NOT NULL CHECK (length(trim(course_title)) > 0),
        category text NOT NULL CHECK (category IN ('EMERGENCY_MANAGEMENT', 'COMMAND_AND_COORDINATION',
          'RESCUE_SKILLS', 'FIRST_AID', 'HAZARDOUS_CHEMICALS', 'FLOOD_CONTROL', 'FOREST_FIRE',
          'DISASTER_INFORMATION_REPORTING', 'SAFETY_PRODUCTION', 'OTHER')),
        provider text NOT NULL CHECK (length(trim(provider)) > 0),
        started_on date NOT NULL,
        completed_on date NOT NULL,
        hours integer NOT NULL CHECK (hours BETWEEN 1 AND 2000),
        result text NOT NULL CHECK (result IN ('PASSED', 'FAILED', 'ATTENDED')),
        certificate_number text CHECK (length(trim(certificate_number)) > 0),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        voided_at timestamptz,
        void_reason text,
        CONSTRAINT training_record_period_check CHECK (completed_on >= started_on),
        CONSTRAINT training_record_void_check CHECK ((voided_at IS NULL) = (void_reason IS NULL))
      )`);
    // One live record per certificate of a provider; a voided (wrong) record frees its number for the right one.
    await queryRunner.query(`
      CREATE UNIQUE INDEX training_record_certificate_key ON training_record (provider, certificate_number)
        WHERE certificate_number IS NOT NULL AND voided_at IS NULL`);
    // Lists are newest completion first: per person, per organisation (and its yearly summary), per region.
    await queryRunner.query(
      `CREATE INDEX training_record_person_idx ON training_record (person_id, completed_on DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX training_record_organisation_idx ON training_record (organisation_id, completed_on DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX training_record_region_idx ON training_record (region_code text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX training_record_listing_idx ON training_record (completed_on DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_record`);
  }
}
