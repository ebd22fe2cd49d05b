import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MoneyBook, type BookFlow, type BookOrigin, type FlowStage } from '../ledger/money-book';

/**
 * The money model of docs/adr/0026-the-money-model.md in the audit's records:
 * - stages RAISED, ALLOCATED, DISBURSED, USED; the flows recorded as SPENT become DISBURSED (what they were);
 * - a flow may reverse an earlier one (`reverses`), names its allocation and project, and is cash or goods in kind
 *   (`form`, `goods`, `valuation_basis`);
 * - `flow_origin`: for each source of a flow, which contributions the money drawn on it is. Flows recorded before
 *   events stated origins get them here, derived the way the projector derives them for old events: first in, first
 *   out over what is left of each source, sources taken stage by stage in recording order;
 * - `fund_total`: per fund, form and stage, what forward flows moved and what reversals gave back, kept as flows
 *   are recorded.
 *
 * The audit's tables are append-only by trigger. Renaming the stage of the SPENT rows and naming their allocation is
 * the one change to recorded rows: this migration disables the `flow_append_only` trigger around that single UPDATE
 * and enables it again in the same transaction, so nothing else can write while it is off.
 */
export class FollowEveryMovement1796750000000 implements MigrationInterface {
  name = 'FollowEveryMovement1796750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE flow DROP CONSTRAINT flow_stage_check`);
    await queryRunner.query(`
      ALTER TABLE flow
        ADD COLUMN reverses uuid,
        ADD COLUMN allocation_id uuid,
        ADD COLUMN project_id uuid,
        ADD COLUMN form text NOT NULL DEFAULT 'CASH' CHECK (form IN ('CASH', 'IN_KIND')),
        ADD COLUMN goods jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN valuation_basis text`);
    await queryRunner.query(`ALTER TABLE flow DISABLE TRIGGER flow_append_only`);
    await queryRunner.query(`
      UPDATE flow f SET
        stage = CASE f.stage WHEN 'SPENT' THEN 'DISBURSED' ELSE f.stage END,
        allocation_id = CASE f.stage
          WHEN 'ALLOCATED' THEN f.id
          WHEN 'SPENT' THEN (SELECT l.source_flow_id FROM flow_link l WHERE l.flow_id = f.id AND l.position = 0)
        END
      WHERE f.stage IN ('SPENT', 'ALLOCATED')`);
    await queryRunner.query(`ALTER TABLE flow ENABLE TRIGGER flow_append_only`);
    await queryRunner.query(
      `ALTER TABLE flow ADD CONSTRAINT flow_stage_check CHECK (stage IN ('RAISED', 'ALLOCATED', 'DISBURSED', 'USED'))`,
    );
    // A reversal names a flow that may arrive later (another topic): no foreign key; reconciliation reports it.
    await queryRunner.query(`CREATE INDEX flow_reverses_idx ON flow (reverses) WHERE reverses IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE flow_origin (
        flow_id uuid NOT NULL REFERENCES flow (id),
        source_position integer NOT NULL CHECK (source_position >= 0),
        position integer NOT NULL CHECK (position >= 0),
        source_flow_id uuid NOT NULL,
        contribution_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (flow_id, source_position, position)
      )`);
    await queryRunner.query(`CREATE INDEX flow_origin_contribution_idx ON flow_origin (contribution_id)`);
    await queryRunner.query(`CREATE INDEX flow_origin_source_idx ON flow_origin (source_flow_id)`);
    await queryRunner.query(
      `CREATE TRIGGER flow_origin_append_only BEFORE UPDATE OR DELETE ON flow_origin
       FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER flow_origin_no_truncate BEFORE TRUNCATE ON flow_origin
       FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`,
    );

    // Derived from the flows and kept with them; not a record of its own, so not append-only.
    await queryRunner.query(`
      CREATE TABLE fund_total (
        fund_id uuid NOT NULL,
        form text NOT NULL,
        stage text NOT NULL,
        forward_fen bigint NOT NULL DEFAULT 0 CHECK (forward_fen >= 0),
        reversed_fen bigint NOT NULL DEFAULT 0 CHECK (reversed_fen >= 0),
        PRIMARY KEY (fund_id, form, stage)
      )`);
    await queryRunner.query(`
      INSERT INTO fund_total (fund_id, form, stage, forward_fen)
      SELECT fund_id, form, stage, sum(amount_fen) FROM flow GROUP BY fund_id, form, stage`);

    await backfillOrigins(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE fund_total`);
    await queryRunner.query(`DROP TABLE flow_origin`);
    await queryRunner.query(`ALTER TABLE flow DROP CONSTRAINT flow_stage_check`);
    await queryRunner.query(`ALTER TABLE flow DISABLE TRIGGER flow_append_only`);
    await queryRunner.query(`UPDATE flow SET stage = 'SPENT' WHERE stage = 'DISBURSED'`);
    await queryRunner.query(`ALTER TABLE flow ENABLE TRIGGER flow_append_only`);
    await queryRunner.query(
      `ALTER TABLE flow ADD CONSTRAINT flow_stage_check CHECK (stage IN ('RAISED', 'ALLOCATED', 'SPENT'))`,
    );
    await queryRunner.query(`
      ALTER TABLE flow DROP COLUMN reverses, DROP COLUMN allocation_id, DROP COLUMN project_id, DROP COLUMN form,
        DROP COLUMN goods, DROP COLUMN valuation_basis`);
  }
}

const STAGE_ORDER: FlowStage[] = ['RAISED', 'ALLOCATED', 'DISBURSED', 'USED'];

/** The origins of every flow recorded so far, fund by fund, derived first in, first out. */
async function backfillOrigins(queryRunner: QueryRunner): Promise<void> {
  const funds = (await queryRunner.query(`SELECT DISTINCT fund_id FROM flow`)) as { fund_id: string }[];
  for (const { fund_id: fundId } of funds) {
    const flows = (await queryRunner.query(
      `SELECT id, stage, amount_fen::text FROM flow WHERE fund_id = $1 ORDER BY seq`,
      [fundId],
    )) as { id: string; stage: FlowStage; amount_fen: string }[];
    const links = (await queryRunner.query(
      `SELECT l.flow_id, l.position, l.source_flow_id, l.amount_fen::text FROM flow_link l
       JOIN flow f ON f.id = l.flow_id WHERE f.fund_id = $1 ORDER BY l.flow_id, l.position`,
      [fundId],
    )) as { flow_id: string; position: number; source_flow_id: string; amount_fen: string }[];
    // Sources before the flows that draw on them, whichever topic delivered first.
    const ordered = [...flows].sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage));
    const book = new MoneyBook();
    const rows: { flowId: string; position: number; n: number; source: string; origin: BookOrigin }[] = [];
    for (const f of ordered) {
      const flow: BookFlow = {
        id: f.id,
        stage: f.stage,
        reverses: null,
        form: 'CASH',
        amountFen: BigInt(f.amount_fen),
        sources: [],
      };
      for (const link of links.filter((l) => l.flow_id === f.id)) {
        const amountFen = BigInt(link.amount_fen);
        const taken = flow.sources.filter((s) => s.flowId === link.source_flow_id).flatMap((s) => s.origins);
        const origins = book.originsFor(link.source_flow_id, amountFen, taken);
        flow.sources.push({ flowId: link.source_flow_id, amountFen, origins });
        origins.forEach((origin, n) =>
          rows.push({ flowId: f.id, position: link.position, n, source: link.source_flow_id, origin }),
        );
      }
      book.add(flow);
    }
    if (rows.length === 0) continue;
    await queryRunner.query(
      `INSERT INTO flow_origin (flow_id, source_position, position, source_flow_id, contribution_id, amount_fen)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[], $5::uuid[], $6::bigint[])`,
      [
        rows.map((r) => r.flowId),
        rows.map((r) => r.position),
        rows.map((r) => r.n),
        rows.map((r) => r.source),
        rows.map((r) => r.origin.contributionId),
        rows.map((r) => r.origin.amountFen.toString()),
      ],
    );
  }
}
