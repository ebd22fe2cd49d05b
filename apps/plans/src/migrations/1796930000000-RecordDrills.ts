import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drills (应急演练): annual drill plans, drills with their participants, evaluation, findings, improvement actions,
 * summary report and the revision tasks findings open on plans; and the drill frequency rules as data per
 * jurisdiction prefix, seeded with the national defaults and their sources (DOMAIN_FACTS 1.5).
 */
export class RecordDrills1796930000000 implements MigrationInterface {
  name = 'RecordDrills1796930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE drill_rule (
        id uuid PRIMARY KEY,
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        subject text NOT NULL CHECK (subject IN ('ORGANISATION_TYPE', 'REGIME', 'PLAN_TYPE')),
        subject_value text NOT NULL,
        interval_months integer NOT NULL CHECK (interval_months > 0),
        source text NOT NULL CHECK (length(trim(source)) > 0),
        UNIQUE (region_prefix, subject, subject_value)
      )`);
    await queryRunner.query(`
      INSERT INTO drill_rule (id, region_prefix, subject, subject_value, interval_months, source) VALUES
        (gen_random_uuid(), '', 'ORGANISATION_TYPE', 'GOVERNMENT', 24,
         '生产安全事故应急条例 (State Council Order 708) art. 8 ¶1: county-level and higher governments drill at least once every 2 years'),
        (gen_random_uuid(), '', 'ORGANISATION_TYPE', 'ENTERPRISE', 12,
         '生产安全事故应急预案管理办法 (应急部令第2号) art. 33: a comprehensive or special plan drill at least once a year'),
        (gen_random_uuid(), '', 'REGIME', 'HIGH_RISK_UNIT', 6,
         '生产安全事故应急条例 (State Council Order 708) art. 8 ¶2: hazardous goods, mines, smelting, urban rail, construction and crowded venues drill at least once every 6 months'),
        (gen_random_uuid(), '', 'PLAN_TYPE', 'SPECIAL', 36,
         '突发事件应急预案管理办法 (2013) art. 22: special and department plans exercised at least once every 3 years'),
        (gen_random_uuid(), '', 'PLAN_TYPE', 'DEPARTMENT', 36,
         '突发事件应急预案管理办法 (2013) art. 22: special and department plans exercised at least once every 3 years')`);
    await queryRunner.query(`
      CREATE TABLE drill_regime (
        organisation_id uuid PRIMARY KEY,
        regime text NOT NULL CHECK (regime IN ('HIGH_RISK_UNIT')),
        set_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE annual_drill_plan (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL,
        region_code text NOT NULL,
        year integer NOT NULL,
        planned_drills jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT annual_drill_plan_once_a_year UNIQUE (organisation_id, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE drill (
        id uuid PRIMARY KEY,
        form text NOT NULL,
        content text NOT NULL,
        purpose text NOT NULL,
        plan_ids uuid[] NOT NULL CHECK (cardinality(plan_ids) > 0),
        organiser_organisation_id uuid NOT NULL,
        participants jsonb NOT NULL,
        participant_organisation_ids uuid[] NOT NULL,
        scenario text NOT NULL,
        scheduled_on date NOT NULL,
        held_on date,
        region_code text NOT NULL,
        place text NOT NULL,
        status text NOT NULL CHECK (status IN ('PLANNED', 'HELD', 'EVALUATED', 'ARCHIVED')),
        evaluation jsonb,
        evaluator_organisation_id uuid,
        third_party boolean,
        evaluated_at timestamptz,
        summary jsonb,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'PLANNED') = (held_on IS NULL)),
        CHECK (status NOT IN ('EVALUATED', 'ARCHIVED') OR evaluation IS NOT NULL),
        CHECK ((status = 'ARCHIVED') = (summary IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX drill_region_idx ON drill (region_code text_pattern_ops, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX drill_organiser_idx ON drill (organiser_organisation_id, held_on)`);
    await queryRunner.query(
      `CREATE INDEX drill_participants_idx ON drill USING gin (participant_organisation_ids)`,
    );
    await queryRunner.query(`CREATE INDEX drill_plans_idx ON drill USING gin (plan_ids)`);
    await queryRunner.query(`
      CREATE TABLE drill_finding (
        id uuid PRIMARY KEY,
        drill_id uuid NOT NULL REFERENCES drill (id),
        category text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('MINOR', 'MAJOR', 'CRITICAL')),
        description text NOT NULL,
        revise_plan_id uuid REFERENCES contingency_plan (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX drill_finding_drill_idx ON drill_finding (drill_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE improvement_action (
        id uuid PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES drill_finding (id),
        drill_id uuid NOT NULL REFERENCES drill (id),
        region_code text NOT NULL,
        owner_organisation_id uuid NOT NULL,
        description text NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'DONE')),
        done_on date,
        overdue_announced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'DONE') = (done_on IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX improvement_action_open_idx ON improvement_action (due_on, id) WHERE status = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX improvement_action_owner_idx ON improvement_action (owner_organisation_id, due_on)`,
    );
    await queryRunner.query(`
      CREATE TABLE plan_revision_task (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES contingency_plan (id),
        finding_id uuid NOT NULL UNIQUE REFERENCES drill_finding (id),
        drill_id uuid NOT NULL REFERENCES drill (id),
        opened_at timestamptz NOT NULL,
        plan_status text NOT NULL,
        version_at_opening integer NOT NULL CHECK (version_at_opening >= 0),
        status text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
        revised_in_version integer,
        close_reason text CHECK (close_reason IN ('NO_CHANGE_NEEDED')),
        reason_text text,
        closed_at timestamptz,
        CHECK (revised_in_version IS NULL OR revised_in_version > version_at_opening),
        CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
        CHECK (status = 'OPEN' OR (revised_in_version IS NOT NULL) <> (close_reason IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX plan_revision_task_plan_idx ON plan_revision_task (plan_id, opened_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE plan_revision_task`);
    await queryRunner.query(`DROP TABLE improvement_action`);
    await queryRunner.query(`DROP TABLE drill_finding`);
    await queryRunner.query(`DROP TABLE drill`);
    await queryRunner.query(`DROP TABLE annual_drill_plan`);
    await queryRunner.query(`DROP TABLE drill_regime`);
    await queryRunner.query(`DROP TABLE drill_rule`);
  }
}
