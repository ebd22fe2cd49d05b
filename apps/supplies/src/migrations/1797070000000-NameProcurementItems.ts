import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A procurement may name the catalogue item it buys, so that its delivery can be received into stock as a PURCHASE
 * lot; lots are found by their procurement, and lots made from a lot by their first lot.
 */
export class NameProcurementItems1797070000000 implements MigrationInterface {
  name = 'NameProcurementItems1797070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE procurement ADD COLUMN item_code text REFERENCES supply_item (code)`,
    );
    await queryRunner.query(`CREATE INDEX stock_lot_procurement_idx ON stock_lot (procurement_id)`);
    await queryRunner.query(`CREATE INDEX stock_lot_from_lot_idx ON stock_lot (from_lot_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX stock_lot_from_lot_idx`);
    await queryRunner.query(`DROP INDEX stock_lot_procurement_idx`);
    await queryRunner.query(`ALTER TABLE procurement DROP COLUMN item_code`);
  }
}
