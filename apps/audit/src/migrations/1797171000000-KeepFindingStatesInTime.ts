import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A finding's states as they stood at any instant, so that an announcement as of a cut-off counts what was adopted,
 * rectified and recovered by then (a recommendation's adoption is already timed by the finding's `responded_at`, the
 * instant of the written response that decided it):
 * - `audit_finding.closed_at`: when the finding was closed by verification, with its rectification state;
 * - `audit_finding_outcome`: every outcome recorded on a finding (amounts recovered and saved, transfer for handling,
 *   the recovery flows), insert-only, each with when it was recorded; a finding's outcome at an instant is the last
 *   one recorded by then.
 *
 * Findings closed or with outcomes before this migration get their times from the events the audit published for
 * them (the outbox keeps them); where those are gone, from the day verified (closing) or the finding's last known
 * instant (outcome), the nearest record there is.
 */
export class KeepFindingStatesInTime1797171000000 implements MigrationInterface {
  name = 'KeepFindingStatesInTime1797171000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_finding ADD COLUMN closed_at timestamptz`);
    await queryRunner.query(`
      UPDATE audit_finding f SET closed_at = coalesce(
        (SELECT max((o.payload->>'closedAt')::timestamptz) FROM outbox o
         WHERE o.event_type = 'audit.AuditFindingClosed.v1' AND o.message_key = f.id::text),
        (SELECT r.verified_on::timestamp AT TIME ZONE 'Asia/Shanghai' FROM audit_rectification r
         WHERE r.finding_id = f.id AND r.verified_on IS NOT NULL),
        f.responded_at,
        f.recorded_at)
      WHERE f.status = 'CLOSED'`);
    await queryRunner.query(`
      CREATE TABLE audit_finding_outcome (
        id bigserial PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES audit_finding (id),
        recovered_fen bigint NOT NULL CHECK (recovered_fen >= 0),
        saved_fen bigint NOT NULL CHECK (saved_fen >= 0),
        transferred_for_handling boolean NOT NULL,
        recovery_flow_ids uuid[] NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_finding_outcome_finding_idx ON audit_finding_outcome (finding_id, recorded_at DESC, id DESC)`,
    );
    for (const op of ['UPDATE OR DELETE', 'TRUNCATE'])
      await queryRunner.query(
        `CREATE TRIGGER audit_finding_outcome_${op === 'TRUNCATE' ? 'no_truncate' : 'append_only'}
         BEFORE ${op} ON audit_finding_outcome
         FOR EACH ${op === 'TRUNCATE' ? 'STATEMENT' : 'ROW'} EXECUTE FUNCTION audit_append_only()`,
      );
    // Every outcome event still kept, in the order published; then, for a finding with an outcome none of them
    // records, its present outcome at its last known instant.
    await queryRunner.query(`
      INSERT INTO audit_finding_outcome (finding_id, recovered_fen, saved_fen, transferred_for_handling,
        recovery_flow_ids, recorded_at)
      SELECT f.id, (o.payload->>'recoveredFen')::bigint, (o.payload->>'savedFen')::bigint,
        (o.payload->>'transferredForHandling')::boolean,
        ARRAY(SELECT jsonb_array_elements_text(o.payload->'recoveryFlowIds'))::uuid[],
        (o.payload->>'recordedAt')::timestamptz
      FROM outbox o JOIN audit_finding f ON f.id::text = o.message_key
      WHERE o.event_type = 'audit.AuditFindingOutcomeRecorded.v1'
      ORDER BY o.seq`);
    await queryRunner.query(`
      INSERT INTO audit_finding_outcome (finding_id, recovered_fen, saved_fen, transferred_for_handling,
        recovery_flow_ids, recorded_at)
      SELECT f.id, f.recovered_fen, f.saved_fen, f.transferred_for_handling,
        ARRAY(SELECT r.flow_id FROM audit_finding_recovery r WHERE r.finding_id = f.id ORDER BY r.flow_id),
        greatest(f.recorded_at, f.responded_at, f.closed_at)
      FROM audit_finding f
      WHERE (f.recovered_fen > 0 OR f.saved_fen > 0 OR f.transferred_for_handling
             OR EXISTS (SELECT 1 FROM audit_finding_recovery r WHERE r.finding_id = f.id))
        AND NOT EXISTS (SELECT 1 FROM audit_finding_outcome x WHERE x.finding_id = f.id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_finding_outcome`);
    await queryRunner.query(`ALTER TABLE audit_finding DROP COLUMN closed_at`);
  }
}
