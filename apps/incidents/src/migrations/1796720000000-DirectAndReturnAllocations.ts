import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocations that honour their donors' direction and can be returned (docs/adr/0026-the-money-model.md):
 *
 * - a cash allocation walks two partial indexes of a fund's paid cash contributions with money left, oldest first:
 *   first the directed ones (it draws only on those directed to it), then the undirected ones; they replace the one
 *   index of every open contribution. Money given back to a contributor is no longer open.
 * - a return of an allocation, wholly (revoked) or in part, to the fund or to the contributors: how much of each
 *   contribution it gave back, and for goods in kind which lines.
 */
export class DirectAndReturnAllocations1796720000000 implements MigrationInterface {
  name = 'DirectAndReturnAllocations1796720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP INDEX IF EXISTS fund_contribution_open_idx`);
    await q(`CREATE INDEX fund_contribution_directed_open_idx ON fund_contribution (fund_id, created_at, id)
             INCLUDE (amount_fen, drawn_fen, returned_fen, directed_purpose, directed_organisation_id)
             WHERE status = 'PAID' AND form = 'CASH' AND drawn_fen + returned_fen < amount_fen
               AND (directed_purpose IS NOT NULL OR directed_organisation_id IS NOT NULL)`);
    await q(`CREATE INDEX fund_contribution_undirected_open_idx ON fund_contribution (fund_id, created_at, id)
             INCLUDE (amount_fen, drawn_fen, returned_fen)
             WHERE status = 'PAID' AND form = 'CASH' AND drawn_fen + returned_fen < amount_fen
               AND directed_purpose IS NULL AND directed_organisation_id IS NULL`);
    await q(`CREATE INDEX fund_allocation_project_idx ON fund_allocation (project_id, created_at, id)
             WHERE project_id IS NOT NULL`);
    await q(`
      CREATE TABLE allocation_return (
        id uuid PRIMARY KEY,
        allocation_id uuid NOT NULL REFERENCES fund_allocation (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        destination text NOT NULL CHECK (destination IN ('FUND', 'CONTRIBUTOR')),
        reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
        revoked boolean NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(
      `CREATE INDEX allocation_return_allocation_idx ON allocation_return (allocation_id, created_at, id)`,
    );
    await q(`
      CREATE TABLE allocation_return_source (
        return_id uuid NOT NULL REFERENCES allocation_return (id),
        contribution_id uuid NOT NULL REFERENCES fund_contribution (id),
        position smallint NOT NULL CHECK (position >= 0),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (return_id, contribution_id),
        UNIQUE (return_id, position)
      )`);
    await q(`
      CREATE TABLE allocation_return_item (
        return_id uuid NOT NULL REFERENCES allocation_return (id),
        position smallint NOT NULL CHECK (position >= 0),
        allocation_id uuid NOT NULL,
        allocation_position smallint NOT NULL,
        description text NOT NULL,
        unit text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen > 0),
        PRIMARY KEY (return_id, position),
        FOREIGN KEY (allocation_id, allocation_position) REFERENCES allocation_item (allocation_id, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TABLE allocation_return_item`);
    await q(`DROP TABLE allocation_return_source`);
    await q(`DROP TABLE allocation_return`);
    await q(`DROP INDEX fund_allocation_project_idx`);
    await q(`DROP INDEX fund_contribution_undirected_open_idx`);
    await q(`DROP INDEX fund_contribution_directed_open_idx`);
    await q(`CREATE INDEX fund_contribution_open_idx ON fund_contribution (fund_id, created_at, id)
             INCLUDE (amount_fen, drawn_fen) WHERE status = 'PAID' AND drawn_fen < amount_fen`);
  }
}
