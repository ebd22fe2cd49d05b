import type { MigrationInterface, QueryRunner } from 'typeorm';

const FILING_SOURCE = 'YAB24 art. 26: filed within 20 working days after issuance (印发后20个工作日内) [S]';
const GOVERNMENT_EVALUATION_SOURCE =
  'YAB13 art. 24: a 定期评估制度 [S]; YAB24: plans of governments at county level and above and of their departments evaluated 每3年 [S, weak; article unconfirmed]';
const UNIT_EVALUATION_SOURCE =
  'YAB13 art. 24: a 定期评估制度 [S]; 应急部令第2号 art. 35: mines, smelting, construction, hazardous chemicals, fireworks and other medium or larger units evaluate their plans every 3 years [S]';
/** Plan types and the source of their evaluation cycle. */
const EVALUATION_SOURCES: [string, string][] = [
  ['OVERALL', GOVERNMENT_EVALUATION_SOURCE],
  ['SPECIAL', GOVERNMENT_EVALUATION_SOURCE],
  ['DEPARTMENT', GOVERNMENT_EVALUATION_SOURCE],
  ['JOINT', GOVERNMENT_EVALUATION_SOURCE],
  ['TOWNSHIP', GOVERNMENT_EVALUATION_SOURCE],
  ['COMMUNITY', GOVERNMENT_EVALUATION_SOURCE],
  ['UNIT', UNIT_EVALUATION_SOURCE],
];

/**
 * A plan's versions (sections as text, attachments by reference, the revision's trigger, approval, issuance and
 * filing), its evaluations, and the cycle rules per jurisdiction and plan type (filing period, evaluation cycle),
 * seeded with the national defaults. Every existing plan gets its version 1 in its present state.
 */
export class PlanVersionsFilingAndEvaluation1796910000000 implements MigrationInterface {
  name = 'PlanVersionsFilingAndEvaluation1796910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE plan_cycle_rule (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        plan_type text NOT NULL,
        filing_working_days integer NOT NULL CHECK (filing_working_days > 0),
        evaluation_years integer NOT NULL CHECK (evaluation_years > 0),
        source text NOT NULL CHECK (length(trim(source)) > 0),
        PRIMARY KEY (region_prefix, plan_type)
      )`);
    for (const [planType, evaluationSource] of EVALUATION_SOURCES)
      await queryRunner.query(
        `INSERT INTO plan_cycle_rule (region_prefix, plan_type, filing_working_days, evaluation_years, source)
         VALUES ('', $1, 20, 3, $2)`,
        [planType, `${FILING_SOURCE}; ${evaluationSource}`],
      );
    await queryRunner.query(`
      ALTER TABLE contingency_plan
        ADD COLUMN evaluation_overdue_at timestamptz,
        ADD COLUMN retired_on date,
        ADD COLUMN retired_reason text CHECK (length(trim(retired_reason)) > 0)`);
    await queryRunner.query(`
      CREATE TABLE plan_version (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES contingency_plan (id),
        version integer NOT NULL CHECK (version > 0),
        status text NOT NULL,
        organisation_and_duties text,
        prevention_and_warning text,
        response_procedures text,
        support text,
        recovery text,
        attachments jsonb NOT NULL DEFAULT '[]',
        revision_trigger text,
        revision_note text,
        major boolean NOT NULL,
        approving_body text,
        approval_meeting text,
        approved_on date,
        issued_on date,
        superseded_on date,
        filing_due_on date,
        filed_on date,
        filed_with_organisation_id uuid,
        filing_receipt_number text,
        filing_overdue_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plan_version_number_unique UNIQUE (plan_id, version),
        CONSTRAINT plan_version_revision_has_trigger CHECK ((version = 1) = (revision_trigger IS NULL)),
        CONSTRAINT plan_version_issued_has_filing_due CHECK ((issued_on IS NULL) = (filing_due_on IS NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX plan_version_one_open ON plan_version (plan_id) WHERE status IN ('DRAFT', 'APPROVED')`,
    );
    await queryRunner.query(
      `CREATE INDEX plan_version_filing_due_idx ON plan_version (filing_due_on) WHERE filed_on IS NULL AND filing_due_on IS NOT NULL`,
    );
    await queryRunner.query(`
      INSERT INTO plan_version (id, plan_id, version, status, major, created_at)
      SELECT gen_random_uuid(), id, 1,
             CASE status WHEN 'RETIRED' THEN 'SUPERSEDED' ELSE status END, true, created_at
        FROM contingency_plan`);
    await queryRunner.query(`
      CREATE TABLE plan_evaluation (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES contingency_plan (id),
        evaluated_on date NOT NULL,
        conclusion text NOT NULL,
        findings text NOT NULL CHECK (length(trim(findings)) > 0),
        due_on date NOT NULL,
        next_due_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX plan_evaluation_plan_idx ON plan_evaluation (plan_id, evaluated_on DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX contingency_plan_review_due_idx ON contingency_plan (review_due_on) WHERE status = 'ISSUED'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX contingency_plan_review_due_idx`);
    await queryRunner.query(`DROP TABLE plan_evaluation`);
    await queryRunner.query(`DROP TABLE plan_version`);
    await queryRunner.query(`
      ALTER TABLE contingency_plan
        DROP COLUMN retired_reason,
        DROP COLUMN retired_on,
        DROP COLUMN evaluation_overdue_at`);
    await queryRunner.query(`DROP TABLE plan_cycle_rule`);
  }
}
