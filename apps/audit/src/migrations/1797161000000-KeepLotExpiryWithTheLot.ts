import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lot's expiry date, as its receipt stated it, kept by the goods projection on the lot (`goods_lot.expires_on`)
 * instead of in the anomaly feature's own table: the dates recorded there are copied onto their lots, and the table
 * goes. A lot whose receipt is not yet recorded has no row to copy onto; the rebuild (`npm run audit:rebuild`)
 * records it again from its StockReceived event.
 */
export class KeepLotExpiryWithTheLot1797161000000 implements MigrationInterface {
  name = 'KeepLotExpiryWithTheLot1797161000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE goods_lot ADD COLUMN expires_on date`);
    await queryRunner.query(`
      UPDATE goods_lot l SET expires_on = e.expires_on FROM anomaly_lot_expiry e WHERE e.lot_id = l.id`);
    await queryRunner.query(`DROP TABLE anomaly_lot_expiry`);
    await queryRunner.query(
      `CREATE INDEX goods_lot_expiry_idx ON goods_lot (expires_on) WHERE expires_on IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE anomaly_lot_expiry (
        lot_id uuid PRIMARY KEY,
        expires_on date NOT NULL,
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO anomaly_lot_expiry (lot_id, expires_on, source_event_id)
      SELECT id, expires_on, source_event_id FROM goods_lot WHERE expires_on IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE goods_lot DROP COLUMN expires_on`);
  }
}
