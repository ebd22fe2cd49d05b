import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requisitions (征用, ERL art. 12): stock a higher level took from lower-level reserve points, what it owes each
 * owner and its repayments in kind or money; private property requisitioned for an incident, its return and the
 * owner's compensation.
 */
export class RecordRequisitions1797060000000 implements MigrationInterface {
  name = 'RecordRequisitions1797060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stock_requisition (
        id uuid PRIMARY KEY,
        to_reserve_point_id uuid NOT NULL REFERENCES reserve_point (id),
        region_code text NOT NULL,
        requisitioner_organisation_id uuid NOT NULL,
        incident_id uuid,
        document_number text NOT NULL,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'PARTLY_REPAID', 'REPAID')),
        total_fen bigint NOT NULL CHECK (total_fen >= 0),
        lines jsonb NOT NULL,
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX stock_requisition_recorded_idx ON stock_requisition (recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE stock_requisition_owner (
        requisition_id uuid NOT NULL REFERENCES stock_requisition (id),
        reserve_point_id uuid NOT NULL REFERENCES reserve_point (id),
        owner_organisation_id uuid NOT NULL,
        region_code text NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        owed_fen bigint NOT NULL CHECK (owed_fen >= 0),
        repaid_in_kind_fen bigint NOT NULL DEFAULT 0 CHECK (repaid_in_kind_fen >= 0),
        repaid_in_money_fen bigint NOT NULL DEFAULT 0 CHECK (repaid_in_money_fen >= 0),
        PRIMARY KEY (requisition_id, reserve_point_id),
        CHECK (repaid_in_kind_fen + repaid_in_money_fen <= owed_fen)
      )`);
    await queryRunner.query(
      `CREATE INDEX stock_requisition_owner_region_idx ON stock_requisition_owner (region_code)`,
    );
    await queryRunner.query(`
      CREATE TABLE stock_requisition_repayment (
        id uuid PRIMARY KEY,
        requisition_id uuid NOT NULL REFERENCES stock_requisition (id),
        reserve_point_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('IN_KIND', 'IN_MONEY')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        lines jsonb NOT NULL,
        note text,
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (requisition_id, reserve_point_id) REFERENCES stock_requisition_owner (requisition_id, reserve_point_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX stock_requisition_repayment_requisition_idx ON stock_requisition_repayment (requisition_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE property_requisition (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        region_code text NOT NULL,
        owner_kind text NOT NULL CHECK (owner_kind IN ('PERSON', 'ENTERPRISE')),
        owner_organisation_id uuid,
        owner_name text NOT NULL,
        property_kind text NOT NULL CHECK (property_kind IN ('VEHICLE', 'EQUIPMENT', 'SITE', 'OTHER')),
        description text NOT NULL,
        requisitioned_on date NOT NULL,
        document_number text NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUISITIONED', 'RETURNED', 'COMPENSATED')),
        returned_on date,
        condition text CHECK (condition IN ('INTACT', 'DAMAGED', 'DESTROYED')),
        return_note text,
        compensation_id uuid,
        compensated_fen bigint CHECK (compensated_fen > 0),
        compensation_basis text,
        compensation_payments jsonb,
        compensated_at timestamptz,
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'REQUISITIONED') = (condition IS NULL)),
        CHECK ((status = 'COMPENSATED') = (compensation_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX property_requisition_recorded_idx ON property_requisition (recorded_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE property_requisition`);
    await queryRunner.query(`DROP TABLE stock_requisition_repayment`);
    await queryRunner.query(`DROP TABLE stock_requisition_owner`);
    await queryRunner.query(`DROP TABLE stock_requisition`);
  }
}
