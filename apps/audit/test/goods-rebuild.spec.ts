import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { StockIssued } from '@emergency/contracts';
import { startSubgraph } from '@emergency/subgraph';
import { eventually } from '@emergency/testing';
import { rebuildAudit } from '../../../infra/ops/audit-rebuild';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import { fundEstablished, startAudit, type Audit } from './fixtures';
import { arrival, issue, pointIn, publishArrival, publishedTwice, shipped, TENT } from './goods.fixtures';
import { receivedExpiring } from './goods-ledger.fixtures';

/** The goods projection and its ledger entries, read straight from the tables. */
async function snapshot(sut: Audit) {
  const q = async (sql: string) => (await sut.db.query(sql)).rows as unknown[];
  return {
    lots: await q(`SELECT id, fund_id, from_lot_id, expires_on::text FROM goods_lot ORDER BY id`),
    movements: await q(`SELECT id, kind, value_fen::text FROM goods_movement ORDER BY id`),
    entries: await q(
      `SELECT goods_movement_id, fund_id, account, side, amount_fen::text FROM ledger_entry
       WHERE goods_movement_id IS NOT NULL ORDER BY 1, 3, 4`,
    ),
  };
}

describe('npm run audit:rebuild, for goods', () => {
  let sut: Audit;
  let restarted: INestApplication | undefined;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(async () => {
    await restarted?.close();
    await sut?.stop();
  });

  it('clears the goods, their expiry and their ledger entries and replays them, each movement booked once', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421100' });
    const source = {
      kind: 'PURCHASE' as const,
      procurementId: randomUUID(),
      allocationId: randomUUID(),
      contributionId: null,
      fundId: fund.fundId,
      transferId: null,
    };
    const tents = await receivedExpiring(sut, {
      point: pointIn('421100'),
      itemCode: TENT,
      quantity: 4,
      unitValueFen: 150_000n,
      source,
      at: '2026-07-08T02:00:00.000Z',
      expiresOn: '2031-07-08',
    });
    const toCounty = await shipped(sut, tents, {
      to: pointIn('421121'),
      quantity: 3,
      at: '2026-07-08T06:00:00.000Z',
    });
    await publishArrival(sut, arrival(toCounty, { received: 2, at: '2026-07-08T12:00:00.000Z' }));
    await publishedTwice(
      sut,
      StockIssued,
      tents.id,
      issue(tents, { kind: 'WRITE_OFF', quantity: 1, at: '2026-07-09T03:00:00.000Z' }),
    );
    // Receipt, shipment, arrival, shortfall and write-off: two entries each. The first event waits for the consumer
    // groups to join the broker, which under load may time out once.
    await eventually(
      async () => expect(await sut.count('ledger_entry WHERE goods_movement_id IS NOT NULL')).toBe(10),
      { timeoutMs: 90_000 },
    );
    const before = await snapshot(sut);
    expect(before.lots).toContainEqual(expect.objectContaining({ id: tents.id, expires_on: '2031-07-08' }));

    await sut.app.close();
    const printed = await rebuildAudit({ action: 'rebuild' }, process.env, () => undefined);
    expect(printed.goods_ledger).toBe('10 goods entries, 1650000 fen debited');
    for (const table of ['goods_lot', 'goods_movement', 'ledger_entry'])
      expect(await sut.count(table)).toBe(0);

    ({ app: restarted } = await startSubgraph(AppModule, SERVICE, DEFAULT_PORT, 0));
    await eventually(async () => expect(await snapshot(sut)).toEqual(before), { timeoutMs: 60_000 });
    expect(await rebuildAudit({ action: 'status' }, process.env, () => undefined)).toEqual(printed);
  }, 180_000);
});
