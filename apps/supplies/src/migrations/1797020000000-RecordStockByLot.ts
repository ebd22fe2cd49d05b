import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock by lot (ADR 29): lots with their source, the append-only journal of their movements (a trigger refuses any
 * UPDATE or DELETE of it), minimum stock per reserve point and item, the census snapshots, and the stock rules as
 * data per jurisdiction prefix (near-expiry days, census interval, straight-line road speed), seeded nationally.
 */
export class RecordStockByLot1797020000000 implements MigrationInterface {
  name = 'RecordStockByLot1797020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stock_lot (
        id uuid PRIMARY KEY,
        reserve_point_id uuid NOT NULL REFERENCES reserve_point (id),
        item_code text NOT NULL REFERENCES supply_item (code),
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        source_kind text NOT NULL CHECK (source_kind IN ('PURCHASE', 'DONATION', 'TRANSFER', 'INITIAL')),
        procurement_id uuid,
        allocation_id uuid,
        contribution_id uuid,
        fund_id uuid,
        transfer_id uuid,
        from_lot_id uuid REFERENCES stock_lot (id),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen >= 0),
        received_quantity integer NOT NULL CHECK (received_quantity > 0),
        received_on date NOT NULL,
        expires_on date CHECK (expires_on >= received_on),
        quantity_on_hand integer NOT NULL CHECK (quantity_on_hand >= 0),
        near_expiry_announced_at timestamptz,
        expired_announced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (source_kind <> 'PURCHASE' OR (procurement_id IS NOT NULL AND allocation_id IS NOT NULL)),
        CHECK (source_kind <> 'DONATION' OR contribution_id IS NOT NULL),
        CHECK (source_kind <> 'TRANSFER' OR (transfer_id IS NOT NULL AND from_lot_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX stock_lot_point_item_idx ON stock_lot (reserve_point_id, item_code)`,
    );
    await queryRunner.query(
      `CREATE INDEX stock_lot_expiry_idx ON stock_lot (expires_on, id) WHERE quantity_on_hand > 0`,
    );
    await queryRunner.query(`
      CREATE TABLE stock_census (
        id uuid PRIMARY KEY,
        reserve_point_id uuid NOT NULL REFERENCES reserve_point (id),
        counted_on date NOT NULL,
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX stock_census_point_idx ON stock_census (reserve_point_id, counted_on DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE stock_census_line (
        census_id uuid NOT NULL REFERENCES stock_census (id),
        lot_id uuid NOT NULL REFERENCES stock_lot (id),
        journal_quantity integer NOT NULL CHECK (journal_quantity >= 0),
        counted integer NOT NULL CHECK (counted >= 0),
        variance integer NOT NULL CHECK (variance = counted - journal_quantity),
        PRIMARY KEY (census_id, lot_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_movement (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        lot_id uuid NOT NULL REFERENCES stock_lot (id),
        kind text NOT NULL CHECK (kind IN
          ('RECEIPT', 'DISPATCH', 'USE', 'TRANSFER_OUT', 'TRANSFER_IN', 'ADJUSTMENT', 'WRITE_OFF', 'RETURN')),
        quantity integer NOT NULL CHECK (quantity <> 0),
        value_fen bigint NOT NULL,
        at timestamptz NOT NULL,
        reason text,
        incident_id uuid,
        shelter_id uuid,
        distribution_reference text,
        transfer_id uuid,
        census_id uuid REFERENCES stock_census (id),
        corrects_movement_id uuid REFERENCES stock_movement (id),
        returns_movement_id uuid REFERENCES stock_movement (id),
        actor text NOT NULL,
        CHECK ((kind IN ('RECEIPT', 'TRANSFER_IN', 'RETURN')) = (quantity > 0) OR kind = 'ADJUSTMENT'),
        CHECK (kind <> 'DISPATCH' OR incident_id IS NOT NULL),
        CHECK (kind <> 'USE' OR shelter_id IS NOT NULL OR distribution_reference IS NOT NULL),
        CHECK (kind NOT IN ('WRITE_OFF', 'ADJUSTMENT', 'RETURN') OR reason IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX stock_movement_lot_idx ON stock_movement (lot_id, seq DESC)`);
    await queryRunner.query(`
      CREATE FUNCTION stock_movement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_movement is append-only: % refused', TG_OP;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON stock_movement
      FOR EACH ROW EXECUTE FUNCTION stock_movement_append_only()`);
    await queryRunner.query(`
      CREATE TABLE stock_minimum (
        reserve_point_id uuid NOT NULL REFERENCES reserve_point (id),
        item_code text NOT NULL REFERENCES supply_item (code),
        minimum integer NOT NULL CHECK (minimum >= 0),
        breach_announced_at timestamptz,
        PRIMARY KEY (reserve_point_id, item_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_rule (
        region_prefix text PRIMARY KEY CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        near_expiry_days integer NOT NULL CHECK (near_expiry_days > 0),
        census_interval_months integer NOT NULL CHECK (census_interval_months > 0),
        source text NOT NULL CHECK (length(trim(source)) > 0)
      )`);
    await queryRunner.query(
      `INSERT INTO stock_rule (region_prefix, near_expiry_days, census_interval_months, source)
       VALUES ('', 90, 6, $1)`,
      [
        'System defaults, unconfirmed: 90 days of warning before expiry; a census every 6 months (the ' +
          'half-yearly resource census is not confirmed by a published rule).',
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stock_rule`);
    await queryRunner.query(`DROP TABLE stock_minimum`);
    await queryRunner.query(`DROP TABLE stock_movement`);
    await queryRunner.query(`DROP FUNCTION stock_movement_append_only()`);
    await queryRunner.query(`DROP TABLE stock_census_line`);
    await queryRunner.query(`DROP TABLE stock_census`);
    await queryRunner.query(`DROP TABLE stock_lot`);
  }
}
