import { randomUUID } from 'node:crypto';
import {
  ProcurementRecorded,
  ProcurementRefunded,
  StockReceived,
  type StockReceivedV1,
} from '@emergency/contracts';
import { money } from './breakdown.fixtures';
import { COUNTY, published, type Audit, type FundRef } from './fixtures';
import type { Lot, Point } from './goods.fixtures';

/**
 * Plays the supplies service buying goods paid from allocations, each `[allocationId, [[contributionId, fen]]]`:
 * the procurement's money block draws on the allocations with the contributions behind them. Returns its id.
 */
export async function procurementPaid(
  sut: Audit,
  fund: FundRef,
  input: { quantity: number; unitPriceFen: bigint; payments: [string, [string, bigint][]][] },
): Promise<string> {
  const procurementId = randomUUID();
  const paidBy = input.payments.map(([allocationId, origins]) => ({
    allocationId,
    amountFen: origins.reduce((s, [, a]) => s + a, 0n),
    origins,
  }));
  const block = money(
    fund,
    'DISBURSED',
    paidBy.reduce((s, p) => s + p.amountFen, 0n),
    {
      flowId: procurementId,
      payer: { organisationId: COUNTY, name: null },
      payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
      sources: paidBy.map((p) => ({
        flowId: p.allocationId,
        amountFen: p.amountFen.toString(),
        origins: p.origins.map(([contributionId, a]) => ({ contributionId, amountFen: a.toString() })),
      })),
      description: `${input.quantity} × Family tents`,
    },
  );
  await published(sut, 'supplies', ProcurementRecorded, procurementId, {
    procurementId,
    itemDescription: 'Family tents',
    quantity: input.quantity,
    unitPriceFen: input.unitPriceFen.toString(),
    payments: paidBy.map((p) => ({ allocationId: p.allocationId, amountFen: p.amountFen.toString() })),
    money: block,
  });
  return procurementId;
}

/** Plays the supplies service: the supplier gives back part of a procurement, to an allocation `[id, origins]`. */
export async function procurementRefunded(
  sut: Audit,
  fund: FundRef,
  procurementId: string,
  [allocationId, origins]: [string, [string, bigint][]],
): Promise<string> {
  const amountFen = origins.reduce((s, [, a]) => s + a, 0n);
  const block = money(fund, 'DISBURSED', amountFen, {
    reverses: procurementId,
    payer: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
    payee: { organisationId: COUNTY, name: null },
    sources: [
      {
        flowId: allocationId,
        amountFen: amountFen.toString(),
        origins: origins.map(([contributionId, a]) => ({ contributionId, amountFen: a.toString() })),
      },
    ],
    description: 'Refund of tents not delivered',
  });
  await published(sut, 'supplies', ProcurementRefunded, procurementId, {
    refundId: block.flowId,
    procurementId,
    reason: 'One tent was not delivered',
    cancelled: false,
    money: block,
  });
  return block.flowId;
}

/** Plays the supplies service receiving goods as a new lot that expires on `expiresOn`; returns the lot. */
export async function receivedExpiring(
  sut: Audit,
  input: {
    point: Point;
    itemCode: string;
    quantity: number;
    unitValueFen: bigint;
    source: StockReceivedV1['source'];
    at: string;
    expiresOn: string | null;
  },
): Promise<Lot> {
  const lot: Lot = { id: randomUUID(), ...input, onHand: input.quantity };
  await published(sut, 'supplies', StockReceived, lot.id, {
    lotId: lot.id,
    reservePointId: lot.point.id,
    regionCode: lot.point.regionCode,
    itemCode: lot.itemCode,
    unitValueFen: lot.unitValueFen.toString(),
    source: lot.source,
    movementId: randomUUID(),
    quantity: input.quantity,
    valueFen: (BigInt(input.quantity) * input.unitValueFen).toString(),
    balanceAfter: input.quantity,
    at: input.at,
    reason: null,
    receivedOn: input.at.slice(0, 10),
    expiresOn: input.expiresOn,
  });
  return lot;
}

/** The goods accounts of a fund with their balances (debits − credits), in fen, and how many entries were posted. */
export async function goodsAccounts(sut: Audit, fundId: string) {
  const rows = (
    await sut.db.query(
      `SELECT account, sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS balance,
         count(*)::int AS entries
       FROM ledger_entry WHERE fund_id = $1 AND goods_movement_id IS NOT NULL GROUP BY account ORDER BY account`,
      [fundId],
    )
  ).rows as { account: string; balance: string; entries: number }[];
  return {
    balances: Object.fromEntries(rows.map((r) => [r.account, r.balance])),
    entries: rows.reduce((n, r) => n + r.entries, 0),
  };
}

/** The fund's whole ledger, money and goods: debits and credits in fen. */
export async function fundLedger(sut: Audit, fundId: string) {
  const rows = (
    await sut.db.query(
      `SELECT coalesce(sum(amount_fen) FILTER (WHERE side = 'DEBIT'), 0)::text AS debits,
         coalesce(sum(amount_fen) FILTER (WHERE side = 'CREDIT'), 0)::text AS credits
       FROM ledger_entry WHERE fund_id = $1`,
      [fundId],
    )
  ).rows as { debits: string; credits: string }[];
  return rows[0]!;
}

export interface Share {
  contributionId: string;
  fundId: string;
  amountFen: string;
}

export const GOODS_PAID_BY = `query($id: ID!) {
  goodsTrace(lotId: $id) {
    lot { id expiresOn } origin { id sourceKind }
    paidBy { contributionId fundId amountFen }
  }
}`;

export interface PaidByAnswer {
  goodsTrace: {
    lot: { id: string; expiresOn: string | null };
    origin: { id: string; sourceKind: string };
    paidBy: Share[];
  } | null;
}
