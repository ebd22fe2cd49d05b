import type { LedgerEntry, NewFlow } from './ledger.repository';
import type { MoneyGraph } from './money-graph';

/**
 * Double entry per flow, accounts scoped to the fund: the fund account holds what was raised and not yet
 * allocated, an organisation's account what it was allocated and has not spent.
 */
export function ledgerEntries(flow: NewFlow): LedgerEntry[] {
  const party = (organisationId: string | null, name: string | null, kind: string) =>
    organisationId ? `organisation:${organisationId}` : `${kind}:${name ?? ''}`;
  const move = (debit: string, credit: string): LedgerEntry[] => [
    { account: debit, side: 'DEBIT', amountFen: flow.amountFen },
    { account: credit, side: 'CREDIT', amountFen: flow.amountFen },
  ];
  switch (flow.stage) {
    case 'RAISED':
      return move('fund', party(flow.payerOrganisationId, flow.payerName, 'contributor'));
    case 'ALLOCATED':
      return move(party(flow.payeeOrganisationId, flow.payeeName, 'recipient'), 'fund');
    case 'SPENT':
      return move(
        party(null, flow.payeeName, 'supplier'),
        party(flow.payerOrganisationId, flow.payerName, 'payer'),
      );
  }
}

/** A fund's figures: what each stage moved, and what the fund and the organisations still hold. */
export interface FundFigures {
  raisedFen: bigint;
  allocatedFen: bigint;
  spentFen: bigint;
  /** Raised − allocated: held by the fund. */
  unallocatedFen: bigint;
  /** Allocated − spent: held by the organisations it was allocated to. */
  unspentFen: bigint;
}

export function fundFigures(money: MoneyGraph): FundFigures {
  const raisedFen = money.total('RAISED');
  const allocatedFen = money.total('ALLOCATED');
  const spentFen = money.total('SPENT');
  return {
    raisedFen,
    allocatedFen,
    spentFen,
    unallocatedFen: raisedFen - allocatedFen,
    unspentFen: allocatedFen - spentFen,
  };
}

/**
 * What keeps a fund from reconciling: the money graph's discrepancies, then the books' when their debits and
 * credits (`ledgerImbalanceFen`, debits minus credits) differ. Empty when the fund reconciles.
 */
export function fundDiscrepancies(money: MoneyGraph, ledgerImbalanceFen: bigint): string[] {
  const found = money.discrepancies();
  if (ledgerImbalanceFen !== 0n) found.push(`ledger debits exceed credits by ${ledgerImbalanceFen} fen`);
  return found;
}
