import type { INestApplication } from '@nestjs/common';
import { startSubgraph } from '@emergency/subgraph';
import { eventually } from '@emergency/testing';
import { parseRebuildArgs, rebuildAudit } from '../../../infra/ops/audit-rebuild';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import { allocated, contributed, paid, returned } from './breakdown.fixtures';
import {
  COUNTY,
  fundAllocated,
  fundEstablished,
  procurementRecorded,
  startAudit,
  type Audit,
} from './fixtures';

const PROJECT = '00000000-0000-4000-8000-0000000000b1';

/** Every figure the rebuild must reproduce, per fund, read straight from the tables. */
async function snapshot(sut: Audit) {
  const q = async (sql: string) => (await sut.db.query(sql)).rows as unknown[];
  return {
    totals: await q(
      `SELECT fund_id, form, stage, forward_fen::text, reversed_fen::text FROM fund_total ORDER BY 1, 2, 3`,
    ),
    breakdown: await q(
      `SELECT fund_id, form, stage, incident_id, receiver, source_kind, to_project, forward_fen::text,
         reversed_fen::text FROM fund_breakdown WHERE forward_fen <> 0 OR reversed_fen <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    ),
    flows: await q(`SELECT id, stage, form, amount_fen::text, reverses FROM flow ORDER BY id`),
    origins: await q(
      `SELECT flow_id, source_position, position, contribution_id, amount_fen::text FROM flow_origin ORDER BY 1, 2, 3`,
    ),
    accounts: await q(
      `SELECT fund_id, account, sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS balance
       FROM ledger_entry GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    funds: await q(`SELECT id, incident_id FROM audit_fund ORDER BY id`),
  };
}

describe('npm run audit:rebuild', () => {
  let sut: Audit;
  let restarted: INestApplication | undefined;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(async () => {
    await restarted?.close();
    await sut?.stop();
  });

  it('reads one of two actions, and refuses anything else', () => {
    expect(parseRebuildArgs(['--status'])).toEqual({ action: 'status' });
    expect(parseRebuildArgs(['--yes'])).toEqual({ action: 'rebuild' });
    expect(() => parseRebuildArgs([])).toThrow(/usage/);
    expect(() => parseRebuildArgs(['--yes', 'audit'])).toThrow(/usage/);
  });

  it('refuses while the audit service is consuming, and changes nothing', async () => {
    const fund = await fundEstablished(sut);
    await contributed(sut, fund, { kind: 'DONATION', amountFen: 100n });
    // The audit's first event waits for its consumer groups to join the broker; under load a join can time out
    // once and the consumer rejoins by itself, so this waits longer than a join's request timeout.
    await eventually(async () => expect(await sut.count('flow')).toBe(1), { timeoutMs: 90_000 });
    // It finds the running service's member in the group, or, while that member is still rebalancing under load,
    // cannot join it in time: either way it refuses.
    await expect(rebuildAudit({ action: 'rebuild' }, process.env, () => undefined)).rejects.toThrow(
      /(has another member|could not be joined) .* stop the audit service before rebuilding/,
    );
    expect(await sut.count('flow')).toBe(1);
  }, 240_000);

  it('clears the projection and replays the topics from the beginning, ending with identical totals', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421121' });
    const appropriation = await contributed(sut, fund, { kind: 'APPROPRIATION', amountFen: 800_000n });
    const dues = await contributed(sut, fund, { kind: 'PARTY_DUES', form: 'IN_KIND', amountFen: 50_000n });
    const housing = await allocated(sut, fund, {
      recipient: COUNTY,
      projectId: PROJECT,
      origins: [[appropriation, 300_000n]],
    });
    await allocated(sut, fund, { recipient: COUNTY, form: 'IN_KIND', origins: [[dues, 50_000n]] });
    await paid(sut, fund, {
      allocationId: housing.id,
      recipient: COUNTY,
      projectId: PROJECT,
      origins: [[appropriation, 120_000n]],
    });
    await returned(sut, fund, {
      allocationId: housing.id,
      recipient: COUNTY,
      projectId: PROJECT,
      origins: [[appropriation, 30_000n]],
    });
    // Events published before the money block, whose origins the audit derives (and on the supplies topic).
    const old = await fundAllocated(sut, fund, { sources: [[appropriation, '40000']] });
    await procurementRecorded(sut, fund, { allocationId: old, amountFen: '15000' });
    await eventually(async () => expect(await sut.count('flow')).toBe(1 + 8), { timeoutMs: 30_000 });
    await eventually(async () => expect(await sut.count('flow_origin')).toBe(6), {
      timeoutMs: 30_000,
    });
    const before = await snapshot(sut);
    expect(before.flows).toHaveLength(9);

    // The operator stops the service, rebuilds, and starts it again.
    await sut.app.close();
    const lines: string[] = [];
    const printed = await rebuildAudit({ action: 'rebuild' }, process.env, (line) => lines.push(line));
    expect(printed.flows).toBe('9');
    expect(lines.join('\n')).toMatch(/consumer group .*audit\.MoneyFlowProjector rewound/);
    for (const table of ['flow', 'ledger_entry', 'flow_origin', 'fund_total', 'fund_breakdown', 'audit_fund'])
      expect(await sut.count(table)).toBe(0);
    expect(await sut.count(`inbox WHERE consumer_group LIKE '%audit.MoneyFlowProjector'`)).toBe(0);

    ({ app: restarted } = await startSubgraph(AppModule, SERVICE, DEFAULT_PORT, 0));
    await eventually(async () => expect(await snapshot(sut)).toEqual(before), { timeoutMs: 60_000 });
    const status = await rebuildAudit({ action: 'status' }, process.env, () => undefined);
    expect(status).toEqual(printed);
    await expect(sut.db.query(`DELETE FROM flow`)).rejects.toThrow(/append-only/);
  }, 300_000);
});
