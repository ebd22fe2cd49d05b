import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry check sums one flow's entries when its transaction commits; without an index on the flow it read
 * the whole ledger for every entry, so recording a flow cost more the larger the ledger grew.
 */
export class IndexLedgerEntriesByFlow1796500000000 implements MigrationInterface {
  name = 'IndexLedgerEntriesByFlow1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX ledger_entry_flow_idx ON ledger_entry (flow_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ledger_entry_flow_idx`);
  }
}
