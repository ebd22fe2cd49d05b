import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The government's reply to a grade I investigation report may be extended once (O493 art. 32): the days granted
 * and why, and when the overdue scan found a reply past its due date (the extended one when extended).
 */
export class ExtendInvestigationReplies1796845000000 implements MigrationInterface {
  name = 'ExtendInvestigationReplies1796845000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE investigation
      ADD COLUMN reply_extended_days integer CHECK (reply_extended_days >= 1),
      ADD COLUMN reply_extension_reason text,
      ADD COLUMN reply_overdue_at timestamptz`);
    await queryRunner.query(
      `CREATE INDEX investigation_reply_due_idx ON investigation (reply_due_on) WHERE status = 'REPORTED'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX investigation_reply_due_idx`);
    await queryRunner.query(`ALTER TABLE investigation
      DROP COLUMN reply_overdue_at, DROP COLUMN reply_extension_reason, DROP COLUMN reply_extended_days`);
  }
}
