import type { MigrationInterface, QueryRunner } from 'typeorm';

const SJF_44 =
  '审计法实施条例 art. 44 (SJF): the audited unit gives its written comments within 10 days of receiving the audit ' +
  'team’s report; 审计法 art. 39 (SJTL): no reply within 10 days counts as no objection';
const NANLE =
  'local practice, 南乐县审计局 “两清单、一台账” https://shenji.puyang.gov.cn/DistrictsWork/Info/8629 (adopted as the ' +
  'default until a province sets its own)';

/**
 * Findings followed to rectification (ADR 31, DOMAIN_FACTS §4.5): the deadline rules per jurisdiction prefix with
 * their sources; per finding the stored deadlines of the written response, the problem list and the rectification
 * list, and whether each was announced as passed; the rectification items with their owners, deadlines and states,
 * each change kept as a history row; and the flows (returns, refunds) that carry money recovered on a finding.
 */
export class FollowFindingsToRectification1797120000000 implements MigrationInterface {
  name = 'FollowFindingsToRectification1797120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rectification_rule (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'),
        key text NOT NULL CHECK (key IN ('RESPONSE_CALENDAR_DAYS', 'PROBLEM_LIST_WORKING_DAYS',
          'RECTIFICATION_LIST_WORKING_DAYS', 'SHAM_RECTIFICATION_BUFFER_DAYS')),
        days integer NOT NULL CHECK (days BETWEEN 1 AND 366),
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_prefix, key)
      )`);
    const seed = [
      ['RESPONSE_CALENDAR_DAYS', 10, SJF_44],
      [
        'PROBLEM_LIST_WORKING_DAYS',
        5,
        `${NANLE}: 审计查出问题清单 within 5 working days of the audit report`,
      ],
      [
        'RECTIFICATION_LIST_WORKING_DAYS',
        15,
        `${NANLE}: 整改清单 within 15 working days after the problem list’s deadline`,
      ],
      [
        'SHAM_RECTIFICATION_BUFFER_DAYS',
        15,
        `${NANLE}: a 7–15 day buffer for sham rectification (upper bound)`,
      ],
    ] as const;
    for (const [key, days, source] of seed)
      await queryRunner.query(
        `INSERT INTO rectification_rule (region_prefix, key, days, source) VALUES ('', $1, $2, $3)`,
        [key, days, source],
      );
    // The day the problem lists of an engagement's findings are due, stored when its report is issued.
    await queryRunner.query(`ALTER TABLE audit_engagement ADD COLUMN problem_list_due_on date`);
    await queryRunner.query(`
      CREATE TABLE audit_rectification (
        finding_id uuid PRIMARY KEY REFERENCES audit_finding (id),
        response_late boolean,
        no_objection_from date,
        response_passed_at timestamptz,
        problem_list_due_on date,
        problem_list_issued_on date,
        rectify_by date,
        problem_list_passed_at timestamptz,
        rectification_list_due_on date,
        rectification_list_issued_on date,
        rectification_list_passed_at timestamptz,
        verified_on date,
        verification_note text
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_rectification_item (
        id uuid PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES audit_finding (id),
        position integer NOT NULL CHECK (position >= 0),
        text text NOT NULL,
        owner_person_id uuid NOT NULL,
        due_on date NOT NULL,
        -- Null until the first report of progress.
        state text CHECK (state IN ('RECTIFIED', 'CONTINUING', 'NOT_RECTIFIED')),
        evidence jsonb NOT NULL DEFAULT '[]',
        note text,
        updated_at timestamptz NOT NULL,
        passed_at timestamptz,
        CHECK (state <> 'CONTINUING' OR note IS NOT NULL),
        UNIQUE (finding_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_rectification_item_change (
        id uuid PRIMARY KEY,
        item_id uuid NOT NULL REFERENCES audit_rectification_item (id),
        state text NOT NULL CHECK (state IN ('RECTIFIED', 'CONTINUING', 'NOT_RECTIFIED')),
        evidence jsonb NOT NULL,
        note text,
        by_audited_unit boolean NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_rectification_item_change_idx ON audit_rectification_item_change (item_id, changed_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE audit_finding_recovery (
        finding_id uuid NOT NULL REFERENCES audit_finding (id),
        -- By id, with no foreign key: flows are a projection a rebuild clears and records again under the same ids
        -- (apps/audit/src/ledger/projections.ts); an audit record outlives it.
        flow_id uuid NOT NULL,
        PRIMARY KEY (finding_id, flow_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_finding_recovery`);
    await queryRunner.query(`DROP TABLE audit_rectification_item_change`);
    await queryRunner.query(`DROP TABLE audit_rectification_item`);
    await queryRunner.query(`DROP TABLE audit_rectification`);
    await queryRunner.query(`ALTER TABLE audit_engagement DROP COLUMN problem_list_due_on`);
    await queryRunner.query(`DROP TABLE rectification_rule`);
  }
}
