import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The audit follow-up (ADR 31): anomalies flagged by rules with their evidence (never deleted: dismissed with a
 * reason or turned into a finding), audit engagements with their scope and team, findings with their type, amount,
 * evidence and audited unit, and the recommendations made on them. Rectification and rules tables are the features'
 * own.
 */
export class FollowUpAudits1797100000000 implements MigrationInterface {
  name = 'FollowUpAudits1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_anomaly (
        id uuid PRIMARY KEY,
        rule_key text NOT NULL,
        -- One anomaly per rule and subject: a rerun of the rules finds it again and adds nothing.
        dedupe_key text NOT NULL UNIQUE,
        fund_id uuid,
        incident_id uuid,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        amount_fen bigint NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
        summary text NOT NULL,
        -- The flows, lots and records behind it: [{ "kind": "Flow" | "GoodsLot" | ..., "id": "...", "note": "..." }].
        evidence jsonb NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN (${list(['OPEN', 'DISMISSED', 'FINDING'])})),
        dismissed_reason text,
        finding_id uuid,
        decided_by text,
        decided_at timestamptz,
        detected_at timestamptz NOT NULL,
        CHECK (status <> 'DISMISSED' OR dismissed_reason IS NOT NULL),
        CHECK (status <> 'FINDING' OR finding_id IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_anomaly_fund_idx ON audit_anomaly (fund_id, detected_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_anomaly_region_idx ON audit_anomaly (region_code, detected_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE audit_engagement (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        incident_id uuid,
        fund_id uuid,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        period_from date NOT NULL,
        period_to date NOT NULL CHECK (period_to >= period_from),
        lead_person_id uuid NOT NULL,
        team_person_ids uuid[] NOT NULL,
        stage text NOT NULL CHECK (stage IN (${list(['PLANNED', 'FIELDWORK', 'REPORTED', 'FOLLOW_UP', 'CLOSED'])})),
        report_issued_on date,
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_finding (
        id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL REFERENCES audit_engagement (id),
        type text NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        audited_organisation_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        evidence jsonb NOT NULL,
        status text NOT NULL CHECK (status IN (${list(['DRAFT', 'ISSUED', 'RESPONDED', 'RECTIFYING', 'CLOSED'])})),
        issued_on date,
        response_due_on date,
        response text,
        responded_at timestamptz,
        rectification_state text CHECK (rectification_state IN (${list(['RECTIFIED', 'CONTINUING', 'NOT_RECTIFIED'])})),
        recovered_fen bigint NOT NULL DEFAULT 0 CHECK (recovered_fen >= 0),
        saved_fen bigint NOT NULL DEFAULT 0 CHECK (saved_fen >= 0),
        transferred_for_handling boolean NOT NULL DEFAULT false,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_finding_engagement_idx ON audit_finding (engagement_id, recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_finding_unit_idx ON audit_finding (audited_organisation_id, recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      ALTER TABLE audit_anomaly ADD CONSTRAINT audit_anomaly_finding_fk
        FOREIGN KEY (finding_id) REFERENCES audit_finding (id)`);
    await queryRunner.query(`
      CREATE TABLE audit_recommendation (
        id uuid PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES audit_finding (id),
        text text NOT NULL,
        -- Null until the audited unit says; true when adopted.
        adopted boolean,
        decided_on date,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_recommendation_finding_idx ON audit_recommendation (finding_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_recommendation`);
    await queryRunner.query(`ALTER TABLE audit_anomaly DROP CONSTRAINT audit_anomaly_finding_fk`);
    await queryRunner.query(`DROP TABLE audit_finding`);
    await queryRunner.query(`DROP TABLE audit_engagement`);
    await queryRunner.query(`DROP TABLE audit_anomaly`);
  }
}
