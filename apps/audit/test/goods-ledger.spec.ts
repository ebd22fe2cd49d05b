import { randomUUID } from 'node:crypto';
import { StockIssued } from '@emergency/contracts';
import { eventually, identities } from '@emergency/testing';
import { allocated, contributed } from './breakdown.fixtures';
import { COUNTY, fundEstablished, startAudit, traceOf, type Audit, type FundRef } from './fixtures';
import {
  arrival,
  BLANKET,
  issue,
  pointIn,
  publishArrival,
  publishedTwice,
  publishIssue,
  shipped,
  TENT,
  type Lot,
} from './goods.fixtures';
import {
  fundLedger,
  goodsAccounts,
  GOODS_PAID_BY,
  procurementPaid,
  procurementRefunded,
  receivedExpiring,
  type PaidByAnswer,
} from './goods-ledger.fixtures';

const TENT_FEN = 150_000n;
const BLANKET_FEN = 5_000n;

/**
 * Goods in the audit's ledger and traced back to the money: tents for the Ju River flood bought by one procurement
 * paid from two allocations (each drawing on a different contribution), received at the Huanggang reserve, six
 * shipped to Tuanfeng county with one lost on the way, three used at a shelter; and blankets given in kind, one
 * written off (its event delivered twice).
 */
describe('audit: goods in the ledger and back to the contributions that paid', () => {
  let sut: Audit;
  let fund: FundRef;
  const prefecture = pointIn('421100');
  const county = pointIn('421121');
  const shelterId = randomUUID();
  let donation: string;
  let appropriation: string;
  let gift: string;
  let procurementId: string;
  let tents: Lot;
  let countyTents: Lot;
  let blankets: Lot;
  let shipMovementId: string;

  beforeAll(async () => {
    sut = await startAudit();
    fund = await fundEstablished(sut, { regionCode: '421100' });
    donation = await contributed(sut, fund, { kind: 'DONATION', amountFen: 1_000_000n });
    appropriation = await contributed(sut, fund, { kind: 'APPROPRIATION', amountFen: 1_000_000n });
    gift = await contributed(sut, fund, { kind: 'DONATION', form: 'IN_KIND', amountFen: 10_000n });
    const first = await allocated(sut, fund, { recipient: COUNTY, origins: [[donation, 700_003n]] });
    const second = await allocated(sut, fund, { recipient: COUNTY, origins: [[appropriation, 799_997n]] });
    procurementId = await procurementPaid(sut, fund, {
      quantity: 10,
      unitPriceFen: TENT_FEN,
      payments: [
        [first.id, [[donation, 700_003n]]],
        [second.id, [[appropriation, 799_997n]]],
      ],
    });
    tents = await receivedExpiring(sut, {
      point: prefecture,
      itemCode: TENT,
      quantity: 10,
      unitValueFen: TENT_FEN,
      source: {
        kind: 'PURCHASE',
        procurementId,
        allocationId: null,
        contributionId: null,
        fundId: fund.fundId,
        transferId: null,
      },
      at: '2026-07-08T02:00:00.000Z',
      expiresOn: null,
    });
    const toCounty = await shipped(sut, tents, { to: county, quantity: 6, at: '2026-07-08T06:00:00.000Z' });
    shipMovementId = toCounty.movementId;
    const arrived = arrival(toCounty, { received: 5, at: '2026-07-08T12:00:00.000Z' });
    countyTents = arrived.lot;
    await publishArrival(sut, arrived);
    await publishIssue(
      sut,
      issue(countyTents, { kind: 'USE', quantity: 3, shelterId, at: '2026-07-08T14:00:00.000Z' }),
    );
    blankets = await receivedExpiring(sut, {
      point: county,
      itemCode: BLANKET,
      quantity: 2,
      unitValueFen: BLANKET_FEN,
      source: {
        kind: 'DONATION',
        procurementId: null,
        allocationId: null,
        contributionId: gift,
        fundId: fund.fundId,
        transferId: null,
      },
      at: '2026-07-08T03:00:00.000Z',
      expiresOn: '2028-06-30',
    });
    await publishedTwice(
      sut,
      StockIssued,
      blankets.id,
      issue(blankets, { kind: 'WRITE_OFF', quantity: 1, at: '2026-07-09T03:00:00.000Z' }),
    );
  }, 120_000);
  afterAll(() => sut?.stop());

  const settledAccounts = () =>
    eventually(
      async () => {
        const accounts = await goodsAccounts(sut, fund.fundId);
        // Two receipts, the shipment, its arrival and its shortfall, the use and the write-off: two entries each.
        expect(accounts.entries).toBe(14);
        return accounts;
      },
      { timeoutMs: 30_000 },
    );

  it('books every stock movement at its value, each once, and the fund’s debits equal its credits', async () => {
    const { balances } = await settledAccounts();
    expect(balances).toEqual({
      [`stock:${prefecture.id}`]: (4n * TENT_FEN).toString(),
      [`stock:${county.id}`]: (2n * TENT_FEN + BLANKET_FEN).toString(),
      [`transit:${shipMovementId}`]: '0',
      lost: TENT_FEN.toString(),
      [`used:shelter:${shelterId}`]: (3n * TENT_FEN).toString(),
      'written-off': BLANKET_FEN.toString(),
      [`goods-received:procurement:${procurementId}`]: (-10n * TENT_FEN).toString(),
      [`goods-received:contribution:${gift}`]: (-2n * BLANKET_FEN).toString(),
    });
    // The money flows are in the same ledger (3 contributions, 2 allocations and the procurement, on the incidents
    // topic, which the audit may read after the supplies topic), and the goods.
    const ledger = await eventually(
      async () => {
        const l = await fundLedger(sut, fund.fundId);
        expect(BigInt(l.debits)).toBe(
          2_010_000n +
            1_500_000n +
            1_500_000n +
            10n * TENT_FEN +
            6n * TENT_FEN +
            5n * TENT_FEN +
            TENT_FEN +
            3n * TENT_FEN +
            2n * BLANKET_FEN +
            BLANKET_FEN,
        );
        return l;
      },
      { timeoutMs: 30_000 },
    );
    expect(ledger.credits).toBe(ledger.debits);
    const trace = await eventually(async () => {
      const t = await traceOf(sut, fund.fundId);
      expect(t?.raisedFen).toBe('2010000');
      return t!;
    });
    expect(trace.reconciled).toBe(true);
    expect(trace.discrepancies).toEqual([]);
  });

  it('refuses to change or delete a goods entry', async () => {
    await settledAccounts();
    await expect(
      sut.db.query(`DELETE FROM ledger_entry WHERE fund_id = $1 AND goods_movement_id IS NOT NULL`, [
        fund.fundId,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sut.db.query(
        `INSERT INTO ledger_entry (goods_movement_id, fund_id, account, side, amount_fen)
         VALUES ('m', $1, 'lost', 'DEBIT', 1)`,
        [fund.fundId],
      ),
    ).rejects.toThrow(/do not balance/);
    await expect(
      sut.db.query(
        `INSERT INTO ledger_entry (fund_id, account, side, amount_fen) VALUES ($1, 'lost', 'DEBIT', 1)`,
        [fund.fundId],
      ),
    ).rejects.toThrow(/ledger_entry_flow_or_goods/);
  });

  it('traces the tents back to the contributions behind the two allocations that paid, to the fen', async () => {
    await settledAccounts();
    const paidBy = async (lotId: string) =>
      (await sut.call<PaidByAnswer>(GOODS_PAID_BY, { id: lotId }, identities.auditor())).goodsTrace!;
    // The procurement's flow may be recorded after its goods (another partition): wait for it.
    const bought = await eventually(
      async () => {
        const trace = await paidBy(tents.id);
        expect(trace.paidBy).toEqual([
          { contributionId: donation, fundId: fund.fundId, amountFen: '700003' },
          { contributionId: appropriation, fundId: fund.fundId, amountFen: '799997' },
        ]);
        return trace;
      },
      { timeoutMs: 30_000 },
    );
    // Five tents arrived in the county, worth 750 000 fen: 350 001.5 and 399 998.5, the half fen to the first.
    const inCounty = await paidBy(countyTents.id);
    expect(inCounty.origin).toEqual({ id: tents.id, sourceKind: 'PURCHASE' });
    expect(inCounty.paidBy).toEqual([
      { contributionId: donation, fundId: fund.fundId, amountFen: '350002' },
      { contributionId: appropriation, fundId: fund.fundId, amountFen: '399998' },
    ]);
    expect(inCounty.paidBy.reduce((s, p) => s + BigInt(p.amountFen), 0n)).toBe(5n * TENT_FEN);
    const given = await paidBy(blankets.id);
    expect(given.paidBy).toEqual([{ contributionId: gift, fundId: fund.fundId, amountFen: '10000' }]);
    expect(given.lot.expiresOn).toBe('2028-06-30');
    expect(bought.lot.expiresOn).toBeNull();
  });

  it('traces bought goods to what each contribution paid net of the procurement’s refunds', async () => {
    const [c4, c5] = [
      await contributed(sut, fund, { kind: 'DONATION', amountFen: 100_000n }),
      await contributed(sut, fund, { kind: 'DONATION', amountFen: 100_000n }),
    ];
    const a3 = await allocated(sut, fund, { recipient: COUNTY, origins: [[c4, 100_000n]] });
    const a4 = await allocated(sut, fund, { recipient: COUNTY, origins: [[c5, 100_000n]] });
    const bought = await procurementPaid(sut, fund, {
      quantity: 1,
      unitPriceFen: 200_000n,
      payments: [
        [a3.id, [[c4, 100_000n]]],
        [a4.id, [[c5, 100_000n]]],
      ],
    });
    await procurementRefunded(sut, fund, bought, [a4.id, [[c5, 50_000n]]]);
    const tent = await receivedExpiring(sut, {
      point: prefecture,
      itemCode: TENT,
      quantity: 1,
      unitValueFen: TENT_FEN,
      source: {
        kind: 'PURCHASE',
        procurementId: bought,
        allocationId: null,
        contributionId: null,
        fundId: fund.fundId,
        transferId: null,
      },
      at: '2026-07-10T02:00:00.000Z',
      expiresOn: null,
    });
    await eventually(
      async () => {
        const { goodsTrace } = await sut.call<PaidByAnswer>(
          GOODS_PAID_BY,
          { id: tent.id },
          identities.auditor(),
        );
        expect(goodsTrace?.paidBy).toEqual([
          { contributionId: c4, fundId: fund.fundId, amountFen: '100000' },
          { contributionId: c5, fundId: fund.fundId, amountFen: '50000' },
        ]);
      },
      { timeoutMs: 30_000 },
    );
  });
});
