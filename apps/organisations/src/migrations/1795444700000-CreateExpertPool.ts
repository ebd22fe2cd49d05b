import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The emergency expert pool (应急管理专家库): one record per person. */
export class CreateExpertPool1795444700000 implements MigrationInterface {
  name = 'CreateExpertPool1795444700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE expert (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL CONSTRAINT expert_person_key UNIQUE REFERENCES person (id),
        fields text[] NOT NULL CHECK (
          cardinality(fields) > 0 AND fields <@ ARRAY[
            'FLOOD_CONTROL', 'HYDROLOGY', 'GEOLOGICAL_HAZARDS', 'EARTHQUAKE', 'METEOROLOGY', 'FOREST_FIRE',
            'HAZARDOUS_CHEMICALS', 'MINE_SAFETY', 'CONSTRUCTION_SAFETY', 'STRUCTURAL_ENGINEERING', 'MEDICAL_RESCUE',
            'PUBLIC_HEALTH', 'COMMUNICATIONS', 'EMERGENCY_MANAGEMENT', 'PSYCHOLOGICAL_AID'
          ]::text[]),
        title text NOT NULL CHECK (length(trim(title)) > 0),
        pool_level text NOT NULL CHECK (pool_level IN ('NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY')),
        summary text,
        availability text NOT NULL CHECK (availability IN ('AVAILABLE', 'UNAVAILABLE')),
        admitted_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'WITHDRAWN')),
        withdrawn_on date,
        withdrawal_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT expert_withdrawn_check CHECK (
          (status = 'WITHDRAWN') = (withdrawn_on IS NOT NULL)
          AND (withdrawn_on IS NULL) = (withdrawal_reason IS NULL)
          AND (withdrawn_on IS NULL OR withdrawn_on >= admitted_on))
      )`);
    // "Who can advise on flood control?": containment queries on the fields array.
    await queryRunner.query(`CREATE INDEX expert_fields_idx ON expert USING gin (fields)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE expert`);
  }
}
