import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit service's own record of every money flow, derived from the other services' events. Flows, their links
 * and ledger entries are append-only: triggers refuse UPDATE, DELETE and TRUNCATE, so a record once written stays.
 */
export class CreateAuditLedger1763856500000 implements MigrationInterface {
  name = 'CreateAuditLedger1763856500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_incident (
        id uuid PRIMARY KEY,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_fund (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        name text NOT NULL,
        managing_organisation_id uuid NOT NULL,
        source_event_id uuid NOT NULL,
        established_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_fund_established_idx ON audit_fund (established_at DESC, id DESC)`,
    );
    // seq orders the uses of one flow the way they happened (events of one aggregate arrive in order).
    await queryRunner.query(`
      CREATE TABLE flow (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        stage text NOT NULL CHECK (stage IN ('RAISED', 'ALLOCATED', 'SPENT')),
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        payer_organisation_id uuid,
        payer_name text,
        payee_organisation_id uuid,
        payee_name text,
        description text NOT NULL,
        occurred_at timestamptz NOT NULL,
        source_event_id uuid NOT NULL UNIQUE,
        source_event_type text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (payer_organisation_id IS NOT NULL OR payer_name IS NOT NULL),
        CHECK (payee_organisation_id IS NOT NULL OR payee_name IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX flow_fund_idx ON flow (fund_id, seq)`);
    // No foreign key to the source: events of different topics may arrive out of order, and a flow may be recorded
    // before the one it draws on. Reconciliation reports a source that is still missing.
    await queryRunner.query(`
      CREATE TABLE flow_link (
        flow_id uuid NOT NULL REFERENCES flow (id),
        position integer NOT NULL CHECK (position >= 0),
        source_flow_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (flow_id, position)
      )`);
    await queryRunner.query(`CREATE INDEX flow_link_source_idx ON flow_link (source_flow_id)`);
    await queryRunner.query(`
      CREATE TABLE ledger_entry (
        id bigserial PRIMARY KEY,
        flow_id uuid NOT NULL REFERENCES flow (id),
        fund_id uuid NOT NULL,
        account text NOT NULL,
        side text NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0)
      )`);
    await queryRunner.query(`CREATE INDEX ledger_entry_fund_idx ON ledger_entry (fund_id, account)`);

    await queryRunner.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['flow', 'flow_link', 'ledger_entry']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`,
      );
    }
    // Double entry: checked when the transaction commits, after all of a flow's entries are in.
    await queryRunner.query(`
      CREATE FUNCTION ledger_flow_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        imbalance bigint;
      BEGIN
        SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END), 0) INTO imbalance
        FROM ledger_entry WHERE flow_id = NEW.flow_id;
        IF imbalance <> 0 THEN
          RAISE EXCEPTION 'ledger entries of flow % do not balance (debits - credits = %)', NEW.flow_id, imbalance
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_flow_balanced()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ledger_entry`);
    await queryRunner.query(`DROP TABLE flow_link`);
    await queryRunner.query(`DROP TABLE flow`);
    await queryRunner.query(`DROP FUNCTION ledger_flow_balanced()`);
    await queryRunner.query(`DROP FUNCTION audit_append_only()`);
    await queryRunner.query(`DROP TABLE audit_fund`);
    await queryRunner.query(`DROP TABLE audit_incident`);
  }
}
