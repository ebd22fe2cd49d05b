import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit's record of goods, projected from the supplies service's stock events: every lot with its source (the
 * money or the donor it came from, and the lot it was made from), and every movement of a lot with its value in fen.
 * Movements are append-only; a lot's row only gains what a later event tells of it (where it came from).
 */
export class FollowGoods1797080000000 implements MigrationInterface {
  name = 'FollowGoods1797080000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE goods_lot (
        id uuid PRIMARY KEY,
        item_code text NOT NULL CHECK (item_code ~ '^[1-9][0-9]{6}$'),
        reserve_point_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen >= 0),
        source_kind text NOT NULL CHECK (source_kind IN ('PURCHASE', 'DONATION', 'TRANSFER', 'INITIAL')),
        procurement_id uuid,
        allocation_id uuid,
        contribution_id uuid,
        fund_id uuid,
        transfer_id uuid,
        from_lot_id uuid,
        order_kind text,
        order_id uuid,
        source_event_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX goods_lot_allocation_idx ON goods_lot (allocation_id)`);
    await queryRunner.query(`CREATE INDEX goods_lot_contribution_idx ON goods_lot (contribution_id)`);
    await queryRunner.query(`CREATE INDEX goods_lot_procurement_idx ON goods_lot (procurement_id)`);
    await queryRunner.query(`CREATE INDEX goods_lot_fund_idx ON goods_lot (fund_id)`);
    await queryRunner.query(`CREATE INDEX goods_lot_from_idx ON goods_lot (from_lot_id)`);
    // No foreign key to the lot: the events of a lot made by a shipment may arrive before the arrival that makes it.
    await queryRunner.query(`
      CREATE TABLE goods_movement (
        id text PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        lot_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('RECEIVED', 'ISSUED', 'TRANSFERRED_OUT', 'TRANSFERRED_IN', 'SHIPPED',
          'ARRIVED', 'SHORTFALL', 'ADJUSTED', 'RETURNED')),
        issue_kind text CHECK (issue_kind IN ('DISPATCH', 'USE', 'WRITE_OFF')),
        quantity integer NOT NULL,
        value_fen bigint NOT NULL,
        incident_id uuid,
        shelter_id uuid,
        distribution_reference text,
        order_kind text,
        order_id uuid,
        ship_movement_id uuid,
        to_reserve_point_id uuid,
        to_region_code text,
        at timestamptz NOT NULL,
        source_event_id uuid NOT NULL,
        source_event_type text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'ISSUED') = (issue_kind IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX goods_movement_lot_idx ON goods_movement (lot_id, seq)`);
    await queryRunner.query(`CREATE INDEX goods_movement_shipment_idx ON goods_movement (ship_movement_id)`);
    await queryRunner.query(
      `CREATE INDEX goods_movement_shipped_idx ON goods_movement (at, id) WHERE kind = 'SHIPPED'`,
    );
    await queryRunner.query(`
      CREATE FUNCTION goods_movement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'goods movements are append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER goods_movement_append_only BEFORE UPDATE OR DELETE ON goods_movement
        FOR EACH ROW EXECUTE FUNCTION goods_movement_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE goods_movement`);
    await queryRunner.query(`DROP FUNCTION goods_movement_append_only()`);
    await queryRunner.query(`DROP TABLE goods_lot`);
  }
}
