import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One record of what the audit keeps about each contribution and allocation beside their flows, written by the
 * money-flow projection from the same events as the flows, where three projections each kept a part before:
 * - `audit_contribution` gains a contribution's fiscal level and programme, a donation's channel and the donor's
 *   direction (purpose, organisation), and the receiving organisation (the stated one, else the payee of its money);
 * - `audit_allocation`: per allocation, its purpose category.
 * Rows of the tables they replace (`announcement_contribution`, `announcement_allocation`,
 * `anomaly_contribution_direction`, `anomaly_allocation_purpose`) are carried over before those are dropped.
 */
export class KeepContributionsAndAllocationsOnce1797150000000 implements MigrationInterface {
  name = 'KeepContributionsAndAllocationsOnce1797150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE audit_contribution
        ADD COLUMN fiscal_level text,
        ADD COLUMN programme text,
        ADD COLUMN channel text,
        ADD COLUMN directed_purpose text,
        ADD COLUMN directed_organisation_id uuid,
        ADD COLUMN receiver_organisation_id uuid`);
    await queryRunner.query(`
      INSERT INTO audit_contribution (id, kind, source_event_id)
      SELECT contribution_id, kind, source_event_id FROM announcement_contribution ON CONFLICT (id) DO NOTHING`);
    await queryRunner.query(`
      UPDATE audit_contribution c SET fiscal_level = a.fiscal_level, programme = a.programme, channel = a.channel,
        receiver_organisation_id = a.receiver_organisation_id
      FROM announcement_contribution a WHERE a.contribution_id = c.id`);
    await queryRunner.query(`
      UPDATE audit_contribution c SET directed_purpose = d.directed_purpose,
        directed_organisation_id = d.directed_organisation_id
      FROM anomaly_contribution_direction d WHERE d.contribution_id = c.id`);
    await queryRunner.query(`
      CREATE TABLE audit_allocation (
        id uuid PRIMARY KEY,
        purpose_category text NOT NULL,
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO audit_allocation (id, purpose_category, source_event_id)
      SELECT allocation_id, purpose_category, source_event_id FROM announcement_allocation
      UNION ALL
      SELECT allocation_id, purpose_category, source_event_id FROM anomaly_allocation_purpose
      ON CONFLICT (id) DO NOTHING`);
    for (const table of [
      'announcement_contribution',
      'announcement_allocation',
      'anomaly_contribution_direction',
      'anomaly_allocation_purpose',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE anomaly_contribution_direction (
        contribution_id uuid PRIMARY KEY,
        directed_purpose text,
        directed_organisation_id uuid,
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO anomaly_contribution_direction
      SELECT id, directed_purpose, directed_organisation_id, source_event_id FROM audit_contribution
      WHERE directed_purpose IS NOT NULL OR directed_organisation_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE anomaly_allocation_purpose (
        allocation_id uuid PRIMARY KEY,
        purpose_category text NOT NULL,
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO anomaly_allocation_purpose SELECT * FROM audit_allocation`);
    // The announcement's tables kept each row's fund and incident, which these do not: a rebuild fills them again.
    await queryRunner.query(`
      CREATE TABLE announcement_contribution (
        contribution_id uuid PRIMARY KEY,
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('APPROPRIATION', 'DONATION', 'PARTY_DUES')),
        fiscal_level text,
        programme text,
        channel text,
        directed boolean NOT NULL,
        receiver_organisation_id uuid,
        source_event_id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE announcement_allocation (
        allocation_id uuid PRIMARY KEY,
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        purpose_category text NOT NULL,
        source_event_id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`DROP TABLE audit_allocation`);
    await queryRunner.query(`
      ALTER TABLE audit_contribution
        DROP COLUMN fiscal_level, DROP COLUMN programme, DROP COLUMN channel, DROP COLUMN directed_purpose,
        DROP COLUMN directed_organisation_id, DROP COLUMN receiver_organisation_id`);
  }
}
