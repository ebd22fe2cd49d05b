import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Warnings (ERL art. 63–70): each warning with its current level and status, and its messages (the first Alert,
 * each Update, the Cancel) kept append-only with their CAP 1.2 documents; an identifier is unique across messages.
 *
 * Investigation and evaluation after an incident (O493 art. 19–32, ERL art. 87, 92): the investigation with its
 * team, due dates, report and the government's reply; the report's measures as rectification items. The time
 * limits are data per region prefix and category (`investigation_rule`), seeded with the national rules of O493:
 * the report within 60 days, extendable once by at most 60; the reply within 15 days, 30 (+30) for grade I.
 */
export class IssueWarningsAndInvestigate1796840000000 implements MigrationInterface {
  name = 'IssueWarningsAndInvestigate1796840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE warning (
      id uuid PRIMARY KEY,
      identifier text NOT NULL UNIQUE,
      incident_id uuid REFERENCES incident (id),
      category text NOT NULL,
      subcategory text NOT NULL,
      level text NOT NULL CHECK (level IN ('RED', 'ORANGE', 'YELLOW', 'BLUE')),
      status text NOT NULL CHECK (status IN ('ACTIVE', 'LIFTED')),
      issuing_organisation_id uuid NOT NULL,
      issuing_organisation_name text NOT NULL,
      region_code text NOT NULL,
      area_description text NOT NULL,
      headline text NOT NULL,
      description text NOT NULL,
      instruction text NOT NULL,
      onset timestamptz NOT NULL,
      expires timestamptz CHECK (expires > onset),
      issued_at timestamptz NOT NULL,
      lifted_at timestamptz,
      message_count integer NOT NULL CHECK (message_count >= 1),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(
      `CREATE INDEX warning_region_idx ON warning (region_code, issued_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX warning_incident_idx ON warning (incident_id, issued_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE TABLE warning_message (
      id uuid PRIMARY KEY,
      warning_id uuid NOT NULL REFERENCES warning (id),
      sequence integer NOT NULL CHECK (sequence >= 1),
      identifier text NOT NULL,
      region_code text NOT NULL,
      msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
      level text NOT NULL,
      sent_at timestamptz NOT NULL,
      references_identifier text,
      reason text,
      cap_xml text NOT NULL,
      UNIQUE (warning_id, sequence)
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX warning_message_identifier_unique ON warning_message (identifier)`,
    );
    await queryRunner.query(
      `CREATE INDEX warning_message_region_sent_idx ON warning_message (region_code, sent_at)`,
    );

    await queryRunner.query(`CREATE TABLE investigation_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_prefix text NOT NULL,
      category text,
      report_days integer NOT NULL CHECK (report_days > 0),
      max_extension_days integer NOT NULL CHECK (max_extension_days >= 0),
      reply_days integer NOT NULL CHECK (reply_days > 0),
      grade_i_reply_days integer NOT NULL CHECK (grade_i_reply_days > 0),
      grade_i_reply_extension_days integer NOT NULL CHECK (grade_i_reply_extension_days >= 0),
      source text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX investigation_rule_scope_unique ON investigation_rule (region_prefix, coalesce(category, ''))`,
    );
    await queryRunner.query(`INSERT INTO investigation_rule
      (region_prefix, category, report_days, max_extension_days, reply_days, grade_i_reply_days,
       grade_i_reply_extension_days, source)
      VALUES ('', NULL, 60, 60, 15, 30, 30, 'State Council Order 493, art. 29 and 32')`);
    await queryRunner.query(`CREATE TABLE investigation (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL UNIQUE REFERENCES incident (id),
      region_code text NOT NULL,
      grade text NOT NULL,
      lead_organisation_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'REPORTED', 'REPLIED')),
      opened_on date NOT NULL,
      report_due_on date NOT NULL,
      max_extension_days integer NOT NULL,
      reply_days integer NOT NULL,
      reply_extension_days integer NOT NULL,
      extension_days integer,
      extension_reason text,
      submitted_on date,
      course text,
      causes text,
      losses text,
      responsibility text,
      lessons text,
      reply_due_on date,
      replied_on date,
      reply text,
      report_overdue_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(
      `CREATE INDEX investigation_due_idx ON investigation (report_due_on) WHERE submitted_on IS NULL`,
    );
    await queryRunner.query(`CREATE TABLE investigation_team_member (
      investigation_id uuid NOT NULL REFERENCES investigation (id),
      organisation_id uuid NOT NULL,
      role text NOT NULL,
      PRIMARY KEY (investigation_id, organisation_id)
    )`);
    await queryRunner.query(`CREATE TABLE rectification_item (
      id uuid PRIMARY KEY,
      investigation_id uuid NOT NULL REFERENCES investigation (id),
      position integer NOT NULL,
      text text NOT NULL,
      owner_organisation_id uuid NOT NULL,
      due_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'DONE')),
      evidence text,
      completed_on date,
      overdue_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (investigation_id, position)
    )`);
    await queryRunner.query(
      `CREATE INDEX rectification_item_due_idx ON rectification_item (due_on) WHERE status = 'OPEN'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rectification_item`);
    await queryRunner.query(`DROP TABLE investigation_team_member`);
    await queryRunner.query(`DROP TABLE investigation`);
    await queryRunner.query(`DROP TABLE investigation_rule`);
    await queryRunner.query(`DROP TABLE warning_message`);
    await queryRunner.query(`DROP TABLE warning`);
  }
}
