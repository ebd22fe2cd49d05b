import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSupplies1763856300000 implements MigrationInterface {
  name = 'CreateSupplies1763856300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Supplies' own copy of the allocations it may spend from, projected from the incidents topic.
    await queryRunner.query(`
      CREATE TABLE known_allocation (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        recipient_organisation_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        spent_fen bigint NOT NULL DEFAULT 0 CHECK (spent_fen >= 0 AND spent_fen <= amount_fen),
        source_event_id uuid NOT NULL,
        allocated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE procurement (
        id uuid PRIMARY KEY,
        allocation_id uuid NOT NULL REFERENCES known_allocation (id),
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        payer_organisation_id uuid NOT NULL,
        supplier_name text NOT NULL CHECK (length(trim(supplier_name)) > 0),
        item_description text NOT NULL CHECK (length(trim(item_description)) > 0),
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_fen bigint NOT NULL CHECK (unit_price_fen > 0),
        amount_fen bigint NOT NULL CHECK (amount_fen = quantity * unit_price_fen),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX procurement_allocation_idx ON procurement (allocation_id, recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX procurement_fund_idx ON procurement (fund_id, recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX procurement_incident_idx ON procurement (incident_id, recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX procurement_recorded_idx ON procurement (recorded_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE procurement`);
    await queryRunner.query(`DROP TABLE known_allocation`);
  }
}
