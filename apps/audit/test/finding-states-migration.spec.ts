import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { CreateEventTables1763856000000 } from '@emergency/events';
import { CreateAuditLedger1763856500000 } from '../src/migrations/1763856500000-CreateAuditLedger';
import { FollowUpAudits1797100000000 } from '../src/migrations/1797100000000-FollowUpAudits';
import { FollowFindingsToRectification1797120000000 } from '../src/migrations/1797120000000-FollowFindingsToRectification';
import { KeepFindingStatesInTime1797171000000 } from '../src/migrations/1797171000000-KeepFindingStatesInTime';
import { startAudit, type Audit } from './fixtures';

/**
 * The migration that keeps findings' states in time, run over findings closed and with outcomes before it (in a
 * schema of their own): their times come from the events the audit published, or, where those are gone, from the
 * day verified and the finding's last known instant.
 */
describe('audit: migrating findings to states kept in time', () => {
  let sut: Audit;
  let runner: QueryRunner;
  const schema = `audit_findings_before_${randomUUID().replace(/-/g, '')}`;

  beforeAll(async () => {
    sut = await startAudit();
    runner = sut.app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.query(`CREATE SCHEMA ${schema}`);
    await runner.query(`SET search_path TO ${schema}`);
    for (const migration of [
      new CreateEventTables1763856000000(),
      new CreateAuditLedger1763856500000(),
      new FollowUpAudits1797100000000(),
      new FollowFindingsToRectification1797120000000(),
    ])
      await migration.up(runner);
  }, 120_000);

  afterAll(async () => {
    await runner?.query(`DROP SCHEMA ${schema} CASCADE`);
    await runner?.release();
    await sut?.stop();
  });

  const finding = async (f: {
    status: string;
    state?: string;
    recoveredFen?: number;
    respondedAt?: string;
    verifiedOn?: string;
  }) => {
    const id = randomUUID();
    const engagementId = randomUUID();
    await runner.query(
      `INSERT INTO audit_engagement (id, title, region_code, period_from, period_to, lead_person_id, team_person_ids,
         stage, opened_by, opened_at)
       VALUES ($1, 'Tracking audit', '421100', '2026-07-01', '2026-12-31', $2, ARRAY[$2]::uuid[], 'FOLLOW_UP', 'a',
         '2026-07-01T02:00:00Z')`,
      [engagementId, randomUUID()],
    );
    await runner.query(
      `INSERT INTO audit_finding (id, engagement_id, type, title, description, amount_fen, audited_organisation_id,
         region_code, evidence, status, rectification_state, recovered_fen, responded_at, recorded_by, recorded_at)
       VALUES ($1, $2, 'LATE_DISBURSEMENT', 'Late', 'Late', 100, $3, '421121', '[]', $4, $5, $6, $7, 'a',
         '2026-07-15T04:00:00Z')`,
      [id, engagementId, randomUUID(), f.status, f.state ?? null, f.recoveredFen ?? 0, f.respondedAt ?? null],
    );
    await runner.query(`INSERT INTO audit_rectification (finding_id, verified_on) VALUES ($1, $2)`, [
      id,
      f.verifiedOn ?? null,
    ]);
    return id;
  };
  const published = (findingId: string, type: string, payload: Record<string, unknown>) =>
    runner.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload)
       VALUES ($1, 'audit', $2, $3, '{}', $4::jsonb)`,
      [randomUUID(), findingId, `audit.${type}.v1`, JSON.stringify(payload)],
    );

  it('times closings and outcomes by their events, else by the day verified and the last known instant', async () => {
    const announced = await finding({
      status: 'CLOSED',
      state: 'RECTIFIED',
      recoveredFen: 450,
      verifiedOn: '2026-09-25',
    });
    await published(announced, 'AuditFindingClosed', { closedAt: '2026-09-25T04:00:00.000Z' });
    for (const [recoveredFen, recordedAt] of [
      ['300', '2026-10-12T01:30:00.000Z'],
      ['450', '2026-10-20T04:00:00.000Z'],
    ])
      await published(announced, 'AuditFindingOutcomeRecorded', {
        recoveredFen,
        savedFen: '0',
        transferredForHandling: false,
        recoveryFlowIds: [],
        recordedAt,
      });
    const silent = await finding({
      status: 'CLOSED',
      state: 'CONTINUING',
      recoveredFen: 70,
      respondedAt: '2026-07-30T15:00:00Z',
      verifiedOn: '2026-09-26',
    });
    const open = await finding({ status: 'RECTIFYING' });

    await new KeepFindingStatesInTime1797171000000().up(runner);

    const closedAt = async (id: string) =>
      (
        (await runner.query(`SELECT closed_at FROM audit_finding WHERE id = $1`, [id])) as {
          closed_at: Date | null;
        }[]
      )[0]!.closed_at;
    expect(await closedAt(announced)).toEqual(new Date('2026-09-25T04:00:00.000Z'));
    // Verified on 26 September: from that day's start in China.
    expect(await closedAt(silent)).toEqual(new Date('2026-09-25T16:00:00.000Z'));
    expect(await closedAt(open)).toBeNull();

    const outcomes = (await runner.query(
      `SELECT finding_id, recovered_fen::int AS recovered, recorded_at FROM audit_finding_outcome ORDER BY id`,
    )) as { finding_id: string; recovered: number; recorded_at: Date }[];
    expect(outcomes).toEqual([
      { finding_id: announced, recovered: 300, recorded_at: new Date('2026-10-12T01:30:00.000Z') },
      { finding_id: announced, recovered: 450, recorded_at: new Date('2026-10-20T04:00:00.000Z') },
      // No event kept: its present outcome, at the latest instant known of it (its closing).
      { finding_id: silent, recovered: 70, recorded_at: new Date('2026-09-25T16:00:00.000Z') },
    ]);
  });
});
