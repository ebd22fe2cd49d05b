import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What allocations have drawn from each contribution, kept on the contribution (`drawn_fen`) beside the
 * allocation_source rows it sums, so an allocation finds the oldest paid contributions with money left through an
 * index instead of summing the sources of every contribution of the fund (docs/adr/0024).
 *
 * The checks make the money rules hold in the database too: nothing is drawn from an unpaid contribution, and no
 * contribution gives more than its amount, whatever the code that writes it.
 */
export class TrackDrawnPerContribution1796600000000 implements MigrationInterface {
  name = 'TrackDrawnPerContribution1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE fund_contribution ADD COLUMN drawn_fen bigint NOT NULL DEFAULT 0
         CONSTRAINT fund_contribution_drawn_check
         CHECK (drawn_fen >= 0 AND drawn_fen <= amount_fen AND (status = 'PAID' OR drawn_fen = 0))`,
    );
    await queryRunner.query(`
      UPDATE fund_contribution c SET drawn_fen = s.drawn
      FROM (SELECT contribution_id, sum(amount_fen) AS drawn FROM allocation_source GROUP BY contribution_id) s
      WHERE s.contribution_id = c.id`);
    // The FIFO walk now reads the open contributions only; the index of all paid ones served the old scan alone.
    await queryRunner.query(`DROP INDEX fund_contribution_paid_idx`);
    // The FIFO walk of an allocation: a fund's paid contributions with money left, oldest first.
    await queryRunner.query(
      `CREATE INDEX fund_contribution_open_idx ON fund_contribution (fund_id, created_at, id)
       INCLUDE (amount_fen, drawn_fen) WHERE status = 'PAID' AND drawn_fen < amount_fen`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX fund_contribution_open_idx`);
    await queryRunner.query(
      `CREATE INDEX fund_contribution_paid_idx ON fund_contribution (fund_id, created_at, id) WHERE status = 'PAID'`,
    );
    await queryRunner.query(`ALTER TABLE fund_contribution DROP COLUMN drawn_fen`);
  }
}
