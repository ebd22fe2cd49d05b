import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The arrival of each shipment (ADR 30): what arrived into which lot and what was short, one row per shipped
 * movement, so goods still in transit and goods lost on the way are told apart from the journal's tables alone and a
 * shipment cannot arrive twice. Insert-only, like the journal.
 */
export class RecordArrivals1797090000000 implements MigrationInterface {
  name = 'RecordArrivals1797090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stock_arrival (
        ship_movement_id uuid PRIMARY KEY REFERENCES stock_movement (id),
        order_id uuid NOT NULL,
        to_lot_id uuid REFERENCES stock_lot (id),
        received_quantity integer NOT NULL CHECK (received_quantity >= 0),
        shortfall_quantity integer NOT NULL CHECK (shortfall_quantity >= 0),
        shortfall_fen bigint NOT NULL CHECK (shortfall_fen >= 0),
        received_on date NOT NULL,
        arrived_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE FUNCTION stock_arrival_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_arrival is insert-only: % refused', TG_OP;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER stock_arrival_insert_only BEFORE UPDATE OR DELETE ON stock_arrival
      FOR EACH ROW EXECUTE FUNCTION stock_arrival_insert_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stock_arrival`);
    await queryRunner.query(`DROP FUNCTION stock_arrival_insert_only()`);
  }
}
