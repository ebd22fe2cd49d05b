import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fund's reconciliation is checked by statements over its rows (src/ledger/ledger-checks.sql.ts), not by loading its
 * flows. Two indexes serve the checks that would otherwise read more than they need:
 * - `flow_fund_reversal_idx`: a fund's reversals, the few flows the reversal checks start from;
 * - `ledger_entry_fund_balance_idx`: a fund's debits and credits summed from the index alone.
 */
export class CheckFundsInTheDatabase1797170000000 implements MigrationInterface {
  name = 'CheckFundsInTheDatabase1797170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX flow_fund_reversal_idx ON flow (fund_id, seq) WHERE reverses IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ledger_entry_fund_balance_idx ON ledger_entry (fund_id) INCLUDE (side, amount_fen)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ledger_entry_fund_balance_idx`);
    await queryRunner.query(`DROP INDEX flow_fund_reversal_idx`);
  }
}
