import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The audit service's schema, where its ledger is (`DATABASE_SCHEMA` defaults to the service's name). */
const AUDIT_SCHEMA = 'audit';
/** Synthetic flows per synthetic fund. */
const FLOWS_PER_FUND = 100;

const connect = async (databaseUrl: string) => {
  const client = new Client({ connectionString: databaseUrl, options: `-c search_path=${AUDIT_SCHEMA}` });
  await client.connect();
  return client;
};

/** Rows in the audit's ledger (`ledger_entry`, two per flow). */
export async function ledgerRows(databaseUrl: string): Promise<number> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entry');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * Benchmark only: grows the audit's ledger to about `targetRows` entries by writing straight into its tables, so
 * the event latency can be measured on a large ledger without sending that many mutations first. The rows are
 * paid donations (RAISED flows, a debit of the fund and a credit of the donor, as the projection writes them) to
 * synthetic funds of a synthetic incident, never the demo's, in one transaction of a few set-based statements;
 * the ledger's balance check runs on them when it commits. Nothing else (no event, no other service) knows them.
 * Returns the ledger's rows after.
 */
export async function growLedger(databaseUrl: string, targetRows: number): Promise<number> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entry');
    const flows = Math.ceil((targetRows - Number(rows[0]!.n)) / 2);
    if (flows <= 0) return Number(rows[0]!.n);
    const funds = Math.ceil(flows / FLOWS_PER_FUND);
    const incident = randomUUID();
    const organisation = randomUUID();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO audit_incident (id, region_code, source_event_id) VALUES ($1, '420000', gen_random_uuid())`,
      [incident],
    );
    await client.query(
      `CREATE TEMP TABLE bench_fund ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, n FROM generate_series(0, $1::int - 1) AS n`,
      [funds],
    );
    await client.query(
      `INSERT INTO audit_fund (id, incident_id, name, managing_organisation_id, source_event_id, established_at)
       SELECT id, $1, 'Synthetic fund ' || n, $2, gen_random_uuid(), now() FROM bench_fund`,
      [incident, organisation],
    );
    await client.query(
      `CREATE TEMP TABLE bench_flow ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, f.id AS fund_id, i FROM generate_series(1, $1::int) AS i
       JOIN bench_fund f ON f.n = i % $2::int`,
      [flows, funds],
    );
    await client.query(
      `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_organisation_id,
         description, occurred_at, source_event_id, source_event_type)
       SELECT id, 'RAISED', fund_id, $1, 10000, 'Synthetic donor ' || i, $2, 'Donation from Synthetic donor ' || i,
         now(), gen_random_uuid(), 'incidents.FundContributionRecorded.v2'
       FROM bench_flow`,
      [incident, organisation],
    );
    await client.query(
      `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
       SELECT id, fund_id, 'fund', 'DEBIT', 10000 FROM bench_flow
       UNION ALL
       SELECT id, fund_id, 'contributor:Synthetic donor ' || i, 'CREDIT', 10000 FROM bench_flow`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE flow, ledger_entry');
    const after = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entry');
    return Number(after.rows[0]!.n);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
