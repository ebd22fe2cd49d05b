import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a contribution was withdrawn or corrected, kept on the contribution beside its status: nothing is edited in
 * place, so the reason is the only thing these moves add to the row. The publication list of a fund's paid
 * donations reads them by payment day.
 */
export class RecordContributionReasons1796710000000 implements MigrationInterface {
  name = 'RecordContributionReasons1796710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE fund_contribution
      ADD COLUMN status_reason text CHECK (length(trim(status_reason)) BETWEEN 1 AND 500),
      ADD CONSTRAINT fund_contribution_reason_when_closed_check
        CHECK ((status IN ('WITHDRAWN', 'CORRECTED')) = (status_reason IS NOT NULL))`);
    await queryRunner.query(`CREATE INDEX fund_contribution_paid_donation_idx
      ON fund_contribution (fund_id, paid_on, created_at, id) WHERE status = 'PAID' AND kind = 'DONATION'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX fund_contribution_paid_donation_idx`);
    await queryRunner.query(`ALTER TABLE fund_contribution DROP COLUMN status_reason`);
  }
}
