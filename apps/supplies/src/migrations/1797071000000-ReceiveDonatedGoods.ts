import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Goods given in kind, as
 * supplies learns them from the incidents topic (allocations of goods in kind, in-kind contributions), with their
 * lines and what of each was received; and the receipts of donated goods into stock, line by line with the lot each
 * made.
 */
export class ReceiveDonatedGoods1797071000000 implements MigrationInterface {
  name = 'ReceiveDonatedGoods1797071000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE known_donation (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('ALLOCATION', 'CONTRIBUTION')),
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        organisation_id uuid,
        contribution_id uuid NOT NULL,
        paid boolean NOT NULL,
        contributor_type text,
        channel text,
        donor_name text,
        donor_organisation_id uuid,
        directed_purpose text,
        directed_organisation_id uuid,
        description text NOT NULL,
        valuation_basis text,
        source_event_id uuid NOT NULL,
        learned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE known_donation_line (
        donation_id uuid NOT NULL REFERENCES known_donation (id),
        position integer NOT NULL CHECK (position >= 0),
        description text NOT NULL,
        unit text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen >= 0),
        received_quantity integer NOT NULL DEFAULT 0 CHECK (received_quantity >= 0 AND received_quantity <= quantity),
        PRIMARY KEY (donation_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE donation_receipt (
        id uuid PRIMARY KEY,
        donation_id uuid NOT NULL REFERENCES known_donation (id),
        reserve_point_id uuid NOT NULL REFERENCES reserve_point (id),
        received_on date NOT NULL,
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX donation_receipt_donation_idx ON donation_receipt (donation_id)`);
    await queryRunner.query(`
      CREATE TABLE donation_receipt_line (
        receipt_id uuid NOT NULL REFERENCES donation_receipt (id),
        position integer NOT NULL CHECK (position >= 0),
        goods_line integer NOT NULL,
        lot_id uuid NOT NULL REFERENCES stock_lot (id),
        quantity integer NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (receipt_id, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE donation_receipt_line`);
    await queryRunner.query(`DROP TABLE donation_receipt`);
    await queryRunner.query(`DROP TABLE known_donation_line`);
    await queryRunner.query(`DROP TABLE known_donation`);
  }
}
