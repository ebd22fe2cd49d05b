import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { CreateAuditLedger1763856500000 } from '../src/migrations/1763856500000-CreateAuditLedger';
import { IndexLedgerEntriesByFlow1796500000000 } from '../src/migrations/1796500000000-IndexLedgerEntriesByFlow';
import { FollowEveryMovement1796750000000 } from '../src/migrations/1796750000000-FollowEveryMovement';
import { startAudit, type Audit } from './fixtures';

/**
 * The migration to the money model, run over flows recorded before it (in a schema of their own): spent money
 * becomes disbursed, and every old flow gets the origins the audit used to work out when asked.
 */
describe('audit: migrating recorded flows to the money model', () => {
  let sut: Audit;
  let runner: QueryRunner;
  const schema = `audit_before_${randomUUID().replace(/-/g, '')}`;

  beforeAll(async () => {
    sut = await startAudit();
    runner = sut.app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.query(`CREATE SCHEMA ${schema}`);
    await runner.query(`SET search_path TO ${schema}`);
    await new CreateAuditLedger1763856500000().up(runner);
    await new IndexLedgerEntriesByFlow1796500000000().up(runner);
  }, 120_000);

  afterAll(async () => {
    await runner?.query(`DROP SCHEMA ${schema} CASCADE`);
    await runner?.release();
    await sut?.stop();
  });

  it('renames spent flows disbursed, names their allocation and derives every old flow’s origins', async () => {
    const fund = randomUUID();
    const [c1, c2, a1, s1, s2] = [1, 2, 3, 4, 5].map(() => randomUUID());
    const flow = (id: string, stage: string, amount: number, links: [string, number][] = []) =>
      runner.query(
        `WITH f AS (
           INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_name, description,
                             occurred_at, source_event_id, source_event_type)
           VALUES ($1, $2, $3, $3, $4, 'payer', 'payee', 'old', now(), gen_random_uuid(), 'old') RETURNING id
         )
         INSERT INTO flow_link (flow_id, position, source_flow_id, amount_fen)
         SELECT f.id, l.n - 1, l.source, l.amount FROM f, unnest($5::uuid[], $6::bigint[]) WITH ORDINALITY AS l (source, amount, n)`,
        [id, stage, fund, amount, links.map(([s]) => s), links.map(([, a]) => a)],
      );
    await flow(c1, 'RAISED', 300);
    await flow(c2, 'RAISED', 500);
    // A purchase recorded before the allocation it draws on (another topic, read first).
    await flow(s1, 'SPENT', 200, [[a1, 200]]);
    await flow(a1, 'ALLOCATED', 600, [
      [c1, 300],
      [c2, 300],
    ]);
    await flow(s2, 'SPENT', 250, [[a1, 250]]);

    await new FollowEveryMovement1796750000000().up(runner);

    const flows = await runner.query(
      `SELECT id, stage, allocation_id, form, reverses FROM flow WHERE fund_id = $1 ORDER BY seq`,
      [fund],
    );
    expect(flows).toEqual([
      { id: c1, stage: 'RAISED', allocation_id: null, form: 'CASH', reverses: null },
      { id: c2, stage: 'RAISED', allocation_id: null, form: 'CASH', reverses: null },
      { id: s1, stage: 'DISBURSED', allocation_id: a1, form: 'CASH', reverses: null },
      { id: a1, stage: 'ALLOCATED', allocation_id: a1, form: 'CASH', reverses: null },
      { id: s2, stage: 'DISBURSED', allocation_id: a1, form: 'CASH', reverses: null },
    ]);
    const origins = await runner.query(
      `SELECT flow_id, source_flow_id, contribution_id, amount_fen::int AS amount FROM flow_origin
       ORDER BY flow_id = $1 DESC, flow_id = $2 DESC, source_position, position`,
      [a1, s1],
    );
    expect(origins).toEqual([
      { flow_id: a1, source_flow_id: c1, contribution_id: c1, amount: 300 },
      { flow_id: a1, source_flow_id: c2, contribution_id: c2, amount: 300 },
      // First in, first out over the allocation, in recording order.
      { flow_id: s1, source_flow_id: a1, contribution_id: c1, amount: 200 },
      { flow_id: s2, source_flow_id: a1, contribution_id: c1, amount: 100 },
      { flow_id: s2, source_flow_id: a1, contribution_id: c2, amount: 150 },
    ]);
    expect(
      await runner.query(
        `SELECT stage, form, forward_fen::int AS forward, reversed_fen::int AS reversed FROM fund_total
         WHERE fund_id = $1 ORDER BY stage`,
        [fund],
      ),
    ).toEqual([
      { stage: 'ALLOCATED', form: 'CASH', forward: 600, reversed: 0 },
      { stage: 'DISBURSED', form: 'CASH', forward: 450, reversed: 0 },
      { stage: 'RAISED', form: 'CASH', forward: 800, reversed: 0 },
    ]);

    // Append-only again, origins included.
    await expect(runner.query(`UPDATE flow SET stage = 'USED' WHERE id = $1`, [s1])).rejects.toThrow(
      /append-only/,
    );
    await expect(runner.query(`DELETE FROM flow_origin WHERE flow_id = $1`, [s1])).rejects.toThrow(
      /append-only/,
    );
  });
});
