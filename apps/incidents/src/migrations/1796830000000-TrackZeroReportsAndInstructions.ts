import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duty office's registers:
 *
 * - daily zero reporting (零报告): its periods over a region, the deadlines by level as data keyed by region-code
 *   prefix (seeded with the national 09:00 / 10:00 / 12:00 CST), each unit's report per day and the misses the scan
 *   marked;
 * - leader instructions (批示): the feedback time limit in working days as data (seeded 5 nationally), the
 *   instructions, their assignments to organisations, feedback, and extension requests.
 */
export class TrackZeroReportsAndInstructions1796830000000 implements MigrationInterface {
  name = 'TrackZeroReportsAndInstructions1796830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`
      CREATE TABLE zero_report_period (
        id uuid PRIMARY KEY,
        incident_id uuid REFERENCES incident (id),
        kind text NOT NULL CHECK (kind IN ('RESPONSE', 'EPIDEMIC')),
        region_code text NOT NULL CHECK (region_code ~ '^[1-8][0-9]{5}$'),
        title text CHECK (length(trim(title)) BETWEEN 1 AND 200),
        starts_on date NOT NULL,
        ends_on date CHECK (ends_on >= starts_on),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(`CREATE INDEX zero_report_period_open ON zero_report_period (region_code) WHERE ends_on IS NULL`);
    await q(`CREATE UNIQUE INDEX zero_report_period_one_open_per_incident
               ON zero_report_period (incident_id) WHERE ends_on IS NULL AND incident_id IS NOT NULL`);
    await q(`
      CREATE TABLE zero_report_deadline_rule (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'),
        level text NOT NULL CHECK (level IN ('COUNTY', 'PREFECTURE', 'PROVINCE')),
        due_time text NOT NULL CHECK (due_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        source text NOT NULL CHECK (length(trim(source)) BETWEEN 1 AND 500),
        PRIMARY KEY (region_prefix, level)
      )`);
    const source =
      'Daily zero reporting during a response: counties by 09:00, prefectures by 10:00, the province by 12:00, data as of 24:00 the day before';
    await queryRunner.query(
      `INSERT INTO zero_report_deadline_rule (region_prefix, level, due_time, source)
       VALUES ('', 'COUNTY', '09:00', $1), ('', 'PREFECTURE', '10:00', $1), ('', 'PROVINCE', '12:00', $1)`,
      [source],
    );
    await q(`
      CREATE TABLE zero_report (
        id uuid PRIMARY KEY,
        period_id uuid NOT NULL REFERENCES zero_report_period (id),
        unit_region_code text NOT NULL,
        report_date date NOT NULL,
        nothing_to_report boolean NOT NULL,
        text text CHECK (length(trim(text)) BETWEEN 1 AND 4000),
        due_at timestamptz(3) NOT NULL,
        submitted_at timestamptz(3) NOT NULL,
        late boolean NOT NULL,
        organisation_id uuid,
        CONSTRAINT zero_report_once_a_day UNIQUE (period_id, unit_region_code, report_date)
      )`);
    await q(`
      CREATE TABLE zero_report_miss (
        period_id uuid NOT NULL REFERENCES zero_report_period (id),
        unit_region_code text NOT NULL,
        report_date date NOT NULL,
        due_at timestamptz(3) NOT NULL,
        marked_at timestamptz(3) NOT NULL,
        PRIMARY KEY (period_id, unit_region_code, report_date)
      )`);
    await q(`CREATE INDEX zero_report_miss_by_date ON zero_report_miss (report_date DESC, unit_region_code)`);
    await q(`
      CREATE TABLE instruction_rule (
        region_prefix text PRIMARY KEY CHECK (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'),
        feedback_working_days smallint NOT NULL CHECK (feedback_working_days BETWEEN 1 AND 60),
        source text NOT NULL CHECK (length(trim(source)) BETWEEN 1 AND 500)
      )`);
    await q(`INSERT INTO instruction_rule (region_prefix, feedback_working_days, source)
             VALUES ('', 5, 'Feedback on a leader''s instruction within 5 working days unless the instruction says otherwise')`);
    await q(`
      CREATE TABLE leader_instruction (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        report_id uuid,
        region_code text NOT NULL,
        leader_title text NOT NULL CHECK (length(trim(leader_title)) BETWEEN 1 AND 50),
        text text NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 4000),
        given_at timestamptz(3) NOT NULL,
        closed_at timestamptz(3),
        close_reason text CHECK (length(trim(close_reason)) BETWEEN 1 AND 1000),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(
      `CREATE INDEX leader_instruction_by_incident ON leader_instruction (incident_id, given_at DESC, id DESC)`,
    );
    await q(
      `CREATE INDEX leader_instruction_open ON leader_instruction (given_at DESC, id DESC) WHERE closed_at IS NULL`,
    );
    await q(`
      CREATE TABLE instruction_assignment (
        id uuid PRIMARY KEY,
        instruction_id uuid NOT NULL REFERENCES leader_instruction (id),
        position smallint NOT NULL,
        organisation_id uuid NOT NULL,
        due_at timestamptz(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'FEEDBACK_GIVEN', 'CLOSED')),
        overdue_at timestamptz(3),
        UNIQUE (instruction_id, organisation_id)
      )`);
    await q(
      `CREATE INDEX instruction_assignment_due ON instruction_assignment (due_at) WHERE status = 'OPEN' AND overdue_at IS NULL`,
    );
    await q(`
      CREATE TABLE instruction_feedback (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES instruction_assignment (id),
        text text NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 4000),
        final boolean NOT NULL,
        at timestamptz(3) NOT NULL,
        by_organisation_id uuid
      )`);
    await q(`CREATE INDEX instruction_feedback_by_assignment ON instruction_feedback (assignment_id, at)`);
    await q(`
      CREATE TABLE instruction_extension (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES instruction_assignment (id),
        requested_at timestamptz(3) NOT NULL,
        previous_due_at timestamptz(3) NOT NULL CHECK (requested_at < previous_due_at),
        new_due_at timestamptz(3) NOT NULL CHECK (new_due_at > previous_due_at),
        reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 1000),
        status text NOT NULL CHECK (status IN ('PENDING', 'GRANTED', 'REFUSED')),
        decided_at timestamptz(3)
      )`);
    await q(
      `CREATE UNIQUE INDEX instruction_extension_one_pending ON instruction_extension (assignment_id) WHERE status = 'PENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'instruction_extension',
      'instruction_feedback',
      'instruction_assignment',
      'leader_instruction',
      'instruction_rule',
      'zero_report_miss',
      'zero_report',
      'zero_report_deadline_rule',
      'zero_report_period',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
