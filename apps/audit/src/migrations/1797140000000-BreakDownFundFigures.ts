import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fund's figures broken down as the announcements break them down, kept as flows are recorded (never summed from
 * the flows per request):
 * - `audit_contribution`: the kind of each contribution (APPROPRIATION, DONATION, PARTY_DUES) as its event recorded
 *   it, so that money drawn on it further down is counted under that kind;
 * - `fund_breakdown`: per fund, form and stage, by incident, receiving organisation ('' when the receiver is not an
 *   organisation), source kind (UNATTRIBUTED while not known) and whether for a project, what forward flows moved
 *   and what reversals gave back. Its rows of one fund, form and stage add up to that `fund_total` row. The region is
 *   the incident's, joined when read;
 * - `flow_fund_stage_idx`: a page of one stage of a fund's flows read through an index, however large the fund.
 *
 * Flows recorded before this migration are counted here under UNATTRIBUTED source kind (their contributions' kinds
 * were not kept); `npm run audit:rebuild` attributes them from the topics (docs/operations.md).
 */
export class BreakDownFundFigures1797140000000 implements MigrationInterface {
  name = 'BreakDownFundFigures1797140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_contribution (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('APPROPRIATION', 'DONATION', 'PARTY_DUES')),
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE fund_breakdown (
        fund_id uuid NOT NULL,
        form text NOT NULL,
        stage text NOT NULL,
        incident_id uuid NOT NULL,
        receiver text NOT NULL,
        source_kind text NOT NULL
          CHECK (source_kind IN ('APPROPRIATION', 'DONATION', 'PARTY_DUES', 'UNATTRIBUTED')),
        to_project boolean NOT NULL,
        forward_fen bigint NOT NULL DEFAULT 0,
        reversed_fen bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (fund_id, form, stage, incident_id, receiver, source_kind, to_project)
      )`);
    await queryRunner.query(`
      INSERT INTO fund_breakdown (fund_id, form, stage, incident_id, receiver, source_kind, to_project, forward_fen,
        reversed_fen)
      SELECT fund_id, form, stage, incident_id,
        coalesce(CASE WHEN reverses IS NULL THEN payee_organisation_id ELSE payer_organisation_id END::text, ''),
        'UNATTRIBUTED', project_id IS NOT NULL,
        coalesce(sum(amount_fen) FILTER (WHERE reverses IS NULL), 0),
        coalesce(sum(amount_fen) FILTER (WHERE reverses IS NOT NULL), 0)
      FROM flow GROUP BY 1, 2, 3, 4, 5, 6, 7`);
    await queryRunner.query(`CREATE INDEX flow_fund_stage_idx ON flow (fund_id, stage, seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX flow_fund_stage_idx`);
    await queryRunner.query(`DROP TABLE fund_breakdown`);
    await queryRunner.query(`DROP TABLE audit_contribution`);
  }
}
