import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Goods in the double-entry ledger (docs/ledger.md, Goods accounts; docs/adr/0032-goods-movements-in-the-ledger.md):
 * a `ledger_entry` row belongs either to a money flow (`flow_id`) or to a goods movement (`goods_movement_id`, the
 * goods projection's movement id), never both. The deferred double-entry check balances a goods movement's entries
 * as it balances a flow's, each through its own index, so a fund's debits and credits stay one sum over one table.
 */
export class PostGoodsToTheLedger1797160000000 implements MigrationInterface {
  name = 'PostGoodsToTheLedger1797160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE ledger_entry
        ALTER COLUMN flow_id DROP NOT NULL,
        ADD COLUMN goods_movement_id text,
        ADD CONSTRAINT ledger_entry_flow_or_goods CHECK ((flow_id IS NULL) <> (goods_movement_id IS NULL))`);
    await queryRunner.query(
      `CREATE INDEX ledger_entry_goods_movement_idx ON ledger_entry (goods_movement_id)
       WHERE goods_movement_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ledger_flow_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        imbalance bigint;
      BEGIN
        IF NEW.flow_id IS NOT NULL THEN
          SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END), 0) INTO imbalance
          FROM ledger_entry WHERE flow_id = NEW.flow_id;
          IF imbalance <> 0 THEN
            RAISE EXCEPTION 'ledger entries of flow % do not balance (debits - credits = %)', NEW.flow_id, imbalance
              USING ERRCODE = 'check_violation';
          END IF;
        ELSE
          SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END), 0) INTO imbalance
          FROM ledger_entry WHERE goods_movement_id = NEW.goods_movement_id AND fund_id = NEW.fund_id;
          IF imbalance <> 0 THEN
            RAISE EXCEPTION 'ledger entries of goods movement % do not balance (debits - credits = %)',
              NEW.goods_movement_id, imbalance USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only`);
    await queryRunner.query(`DELETE FROM ledger_entry WHERE goods_movement_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ledger_flow_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`DROP INDEX ledger_entry_goods_movement_idx`);
    await queryRunner.query(`
      ALTER TABLE ledger_entry
        DROP CONSTRAINT ledger_entry_flow_or_goods,
        DROP COLUMN goods_movement_id,
        ALTER COLUMN flow_id SET NOT NULL`);
  }
}
