import { randomUUID } from 'node:crypto';
import { startAudit, type Audit } from './fixtures';

const FLOWS = 20_000;

/**
 * The double-entry check runs for every ledger entry when its transaction commits. It must read the entries of the
 * entry's own flow only, so that recording a flow costs the same however large the ledger has grown.
 */
describe('audit: the ledger check as the ledger grows', () => {
  let sut: Audit;

  beforeAll(async () => {
    sut = await startAudit();
    // A ledger of 20,000 balanced flows, written without firing triggers (as a restore would).
    await sut.db.query(`SET session_replication_role = replica`);
    await sut.db.query(
      `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_name, description,
                         occurred_at, source_event_id, source_event_type)
       SELECT gen_random_uuid(), 'RAISED', $1, $2, 100, 'donor', 'fund', 'seed', now(), gen_random_uuid(), 'seed'
         FROM generate_series(1, $3)`,
      [randomUUID(), randomUUID(), FLOWS],
    );
    await sut.db.query(
      `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
       SELECT f.id, f.fund_id, a.account, a.side, f.amount_fen
         FROM flow f CROSS JOIN (VALUES ('CASH', 'DEBIT'), ('CONTRIBUTIONS', 'CREDIT')) AS a (account, side)`,
    );
    await sut.db.query(`SET session_replication_role = origin`);
    await sut.db.query(`ANALYZE flow; ANALYZE ledger_entry`);
  }, 120_000);

  afterAll(() => sut?.stop());

  /** Records a flow with the given entries; returns how the check read ledger_entry when it ran. */
  async function record(entries: { side: 'DEBIT' | 'CREDIT'; amountFen: number }[]) {
    const flowId = randomUUID();
    const fundId = randomUUID();
    await sut.db.query('BEGIN');
    try {
      await sut.db.query(
        `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_name, description,
                           occurred_at, source_event_id, source_event_type)
         VALUES ($1, 'RAISED', $2, $3, 500, 'donor', 'fund', 'checked', now(), $4, 'test')`,
        [flowId, fundId, randomUUID(), randomUUID()],
      );
      for (const [i, entry] of entries.entries()) {
        await sut.db.query(
          `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen) VALUES ($1, $2, $3, $4, $5)`,
          [flowId, fundId, `ACCOUNT_${i}`, entry.side, entry.amountFen],
        );
      }
      const before = await scans();
      // The check is deferred to commit; run it now, inside the transaction, to see what it reads.
      await sut.db.query(`SET CONSTRAINTS ledger_entry_balanced IMMEDIATE`);
      const after = await scans();
      await sut.db.query('COMMIT');
      return { seqScans: after.seq - before.seq, indexScans: after.idx - before.idx };
    } catch (error) {
      await sut.db.query('ROLLBACK');
      throw error;
    }
  }

  async function scans() {
    const { rows } = await sut.db.query<{ seq: string; idx: string }>(
      `SELECT coalesce(seq_scan, 0) AS seq, coalesce(idx_scan, 0) AS idx
         FROM pg_stat_xact_user_tables WHERE relname = 'ledger_entry' AND schemaname = current_schema()`,
    );
    return { seq: Number(rows[0]?.seq ?? 0), idx: Number(rows[0]?.idx ?? 0) };
  }

  it('checks a flow’s balance by its own entries, through the index, never by reading the ledger', async () => {
    expect(await sut.count('ledger_entry')).toBe(2 * FLOWS);
    const reads = await record([
      { side: 'DEBIT', amountFen: 500 },
      { side: 'CREDIT', amountFen: 500 },
    ]);
    expect(reads).toEqual({ seqScans: 0, indexScans: 2 });
  });

  it('still refuses entries that do not balance', async () => {
    await expect(
      record([
        { side: 'DEBIT', amountFen: 500 },
        { side: 'CREDIT', amountFen: 499 },
      ]),
    ).rejects.toThrow(/do not balance/);
  });
});
