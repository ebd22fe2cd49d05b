import { randomUUID } from 'node:crypto';
import {
  FundAllocated,
  FundAllocationReturned,
  FundContributionRecorded,
  ProjectPaymentMade,
  type MoneyBlock,
} from '@emergency/contracts';
import type { ContributionKind, MoneyForm } from '@emergency/domain';
import { FINANCE, published, type Audit, type FundRef } from './fixtures';

/** The money block of one movement in `fund`, forward, the finance bureau paying by default. */
export function money(
  fund: FundRef,
  stage: MoneyBlock['stage'],
  amountFen: bigint,
  more: Partial<MoneyBlock> = {},
): MoneyBlock {
  return {
    flowId: randomUUID(),
    stage,
    reverses: null,
    fundId: fund.fundId,
    allocationId: null,
    projectId: null,
    incidentId: fund.incidentId,
    amountFen: amountFen.toString(),
    currency: 'CNY',
    form: 'CASH',
    goods: [],
    valuationBasis: null,
    payer: { organisationId: FINANCE, name: null },
    payee: { organisationId: FINANCE, name: null },
    sources: [],
    description: `${stage.toLowerCase()} money`,
    occurredAt: new Date().toISOString(),
    ...more,
  };
}

/** In-kind money carries its goods lines; one line worth the whole amount. */
const goodsOf = (form: MoneyForm, amountFen: bigint): Pick<MoneyBlock, 'goods' | 'valuationBasis'> =>
  form === 'IN_KIND'
    ? {
        goods: [
          {
            description: 'Family tents',
            unit: 'piece',
            quantity: 1,
            unitValueFen: amountFen.toString(),
            amountFen: amountFen.toString(),
          },
        ],
        valuationBasis: 'invoice',
      }
    : { goods: [], valuationBasis: null };

/** A paid contribution of `kind` to `fund` (v3); returns its id. */
export async function contributed(
  sut: Audit,
  fund: FundRef,
  { kind, form = 'CASH', amountFen }: { kind: ContributionKind; form?: MoneyForm; amountFen: bigint },
): Promise<string> {
  const block = money(fund, 'RAISED', amountFen, {
    form,
    ...goodsOf(form, amountFen),
    payer: { organisationId: null, name: 'Hubei Red Cross' },
  });
  await published(sut, 'incidents', FundContributionRecorded, fund.fundId, {
    contributionId: block.flowId,
    kind,
    status: 'PAID',
    contributorType: 'ORGANISATION',
    fiscalLevel: kind === 'APPROPRIATION' ? 'PROVINCIAL' : null,
    programme: null,
    channel: kind === 'DONATION' ? 'DOMESTIC' : null,
    receivingOrganisationId: null,
    directedPurpose: null,
    directedOrganisationId: null,
    paidOn: '2026-07-10',
    voucherNumber: `V-${block.flowId.slice(0, 8)}`,
    correctsId: null,
    money: block,
  });
  return block.flowId;
}

/** Draws on contributions, each `[contributionId, amount]`; the sources of an allocation. */
const drawn = (origins: [string, bigint][]) =>
  origins.map(([id, a]) => ({
    flowId: id,
    amountFen: a.toString(),
    origins: [{ contributionId: id, amountFen: a.toString() }],
  }));

/** An allocation from `fund` to `recipient` (for `projectId` when given) of the contributions named. */
export async function allocated(
  sut: Audit,
  fund: FundRef,
  {
    recipient,
    projectId = null,
    form = 'CASH',
    origins,
  }: { recipient: string; projectId?: string | null; form?: MoneyForm; origins: [string, bigint][] },
): Promise<{ id: string; origins: [string, bigint][] }> {
  const amountFen = origins.reduce((s, [, a]) => s + a, 0n);
  const block = money(fund, 'ALLOCATED', amountFen, {
    form,
    ...goodsOf(form, amountFen),
    projectId,
    payee: { organisationId: recipient, name: null },
    sources: drawn(origins),
  });
  block.allocationId = block.flowId;
  await published(sut, 'incidents', FundAllocated, fund.fundId, {
    allocationId: block.flowId,
    purposeCategory: projectId ? 'HOUSING' : 'LIVING_RELIEF',
    purpose: 'Rebuild houses',
    money: block,
  });
  return { id: block.flowId, origins };
}

/** `recipient` gives `origins` of allocation `allocationId` back to the fund. */
export async function returned(
  sut: Audit,
  fund: FundRef,
  {
    allocationId,
    recipient,
    projectId = null,
    form = 'CASH',
    origins,
  }: {
    allocationId: string;
    recipient: string;
    projectId?: string | null;
    form?: MoneyForm;
    origins: [string, bigint][];
  },
): Promise<string> {
  const amountFen = origins.reduce((s, [, a]) => s + a, 0n);
  const block = money(fund, 'ALLOCATED', amountFen, {
    form,
    ...goodsOf(form, amountFen),
    reverses: allocationId,
    allocationId,
    projectId,
    payer: { organisationId: recipient, name: null },
    payee: { organisationId: FINANCE, name: null },
    sources: drawn(origins),
  });
  await published(sut, 'incidents', FundAllocationReturned, fund.fundId, {
    returnId: block.flowId,
    allocationId,
    destination: 'FUND',
    reason: 'Not needed',
    revoked: false,
    money: block,
  });
  return block.flowId;
}

/** The project pays its builder `origins` of allocation `allocationId`. */
export async function paid(
  sut: Audit,
  fund: FundRef,
  {
    allocationId,
    recipient,
    projectId,
    origins,
  }: { allocationId: string; recipient: string; projectId: string; origins: [string, bigint][] },
): Promise<string> {
  const amountFen = origins.reduce((s, [, a]) => s + a, 0n);
  const block = money(fund, 'DISBURSED', amountFen, {
    allocationId,
    projectId,
    payer: { organisationId: recipient, name: null },
    payee: { organisationId: null, name: 'Huanggang No. 2 Construction Co.' },
    sources: origins.map(([id, a]) => ({
      flowId: allocationId,
      amountFen: a.toString(),
      origins: [{ contributionId: id, amountFen: a.toString() }],
    })),
  });
  await published(sut, 'incidents', ProjectPaymentMade, fund.fundId, {
    paymentId: block.flowId,
    projectId,
    contractId: randomUUID(),
    paidOn: '2026-08-01',
    voucherNumber: `P-${block.flowId.slice(0, 8)}`,
    money: block,
  });
  return block.flowId;
}

export const BREAKDOWN = `query($fundId: ID!, $by: FundBreakdownDimension!) {
  fundTrace(fundId: $fundId) {
    raisedFen allocatedFen disbursedFen
    breakdown(by: $by) {
      key regionCode sourceKind incident { id } receivingOrganisation { id }
      total { raisedFen allocatedFen disbursedFen usedFen }
      cash { raisedFen allocatedFen }
      inKind { raisedFen allocatedFen }
    }
    balance {
      balanceFen awaitingAllocationFen releasedWithProjectProgressFen heldByRecipientsFen
      cash { balanceFen awaitingAllocationFen releasedWithProjectProgressFen heldByRecipientsFen }
      inKind { balanceFen awaitingAllocationFen releasedWithProjectProgressFen heldByRecipientsFen }
    }
  }
}`;

export interface BreakdownAnswer {
  fundTrace: {
    raisedFen: string;
    allocatedFen: string;
    disbursedFen: string;
    breakdown: {
      key: string | null;
      regionCode: string | null;
      sourceKind: string | null;
      incident: { id: string } | null;
      receivingOrganisation: { id: string } | null;
      total: { raisedFen: string; allocatedFen: string; disbursedFen: string; usedFen: string };
      cash: { raisedFen: string; allocatedFen: string };
      inKind: { raisedFen: string; allocatedFen: string };
    }[];
    balance: Record<string, unknown>;
  };
}

/**
 * The fund's kept figures as SQL sums: the breakdown per form and stage, `fund_total` per form and stage, and the
 * ledger's debits less credits.
 */
export async function keptFigures(sut: Audit, fundId: string) {
  const [breakdown, totals, ledger] = await Promise.all([
    sut.db.query<{ form: string; stage: string; net: string }>(
      `SELECT form, stage, sum(forward_fen - reversed_fen)::text AS net FROM fund_breakdown WHERE fund_id = $1
       GROUP BY form, stage ORDER BY form, stage`,
      [fundId],
    ),
    sut.db.query<{ form: string; stage: string; net: string }>(
      `SELECT form, stage, (forward_fen - reversed_fen)::text AS net FROM fund_total WHERE fund_id = $1
       ORDER BY form, stage`,
      [fundId],
    ),
    sut.db.query<{ imbalance: string; entries: string }>(
      `SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END), 0)::text AS imbalance,
         count(*)::text AS entries
       FROM ledger_entry WHERE fund_id = $1`,
      [fundId],
    ),
  ]);
  return { breakdown: breakdown.rows, totals: totals.rows, ledger: ledger.rows[0]! };
}
