import type { LedgerEntry, NewFlow } from './ledger.repository';

/**
 * The chart of accounts, scoped to the fund (every entry carries its fund), one double entry per flow:
 *
 * | account                                      | holds                                                         |
 * | -------------------------------------------- | ------------------------------------------------------------- |
 * | `fund`                                       | money raised and not allocated                                |
 * | `contributor:<name>` / `organisation:<id>`   | the contributor's side of what it paid in (credit)            |
 * | `organisation:<id>` / `recipient:<name>`     | what an organisation was allocated and has not paid out       |
 * | `project:<id>`                               | what a reconstruction project was allocated and has not paid  |
 * | `organisation:<id>` / `payee:<name>`         | what a third party (contractor, supplier, household) was paid |
 * | `used:<payee account>`                       | paid money whose end use is confirmed                         |
 *
 * RAISED debits the fund and credits the contributor; ALLOCATED debits the recipient (the project when there is one)
 * and credits the fund; DISBURSED debits the third party and credits the payer (the project when paid for one);
 * USED debits `used:` and credits the third party. A reversal is the same entry with its sides swapped. Flows
 * recorded before the disbursed stage existed booked the payee as `supplier:<name>`; those entries stay as written.
 */
export function ledgerEntries(flow: NewFlow): LedgerEntry[] {
  const party = (organisationId: string | null, name: string | null, kind: string) =>
    organisationId ? `organisation:${organisationId}` : `${kind}:${name ?? ''}`;
  const project = flow.projectId ? `project:${flow.projectId}` : null;
  const payee = party(flow.payeeOrganisationId, flow.payeeName, 'payee');
  const move = (debit: string, credit: string): LedgerEntry[] => {
    const [d, c] = flow.reverses ? [credit, debit] : [debit, credit];
    return [
      { account: d, side: 'DEBIT', amountFen: flow.amountFen },
      { account: c, side: 'CREDIT', amountFen: flow.amountFen },
    ];
  };
  switch (flow.stage) {
    case 'RAISED':
      return move('fund', party(flow.payerOrganisationId, flow.payerName, 'contributor'));
    case 'ALLOCATED':
      return move(project ?? party(flow.payeeOrganisationId, flow.payeeName, 'recipient'), 'fund');
    case 'DISBURSED':
      return move(payee, project ?? party(flow.payerOrganisationId, flow.payerName, 'payer'));
    case 'USED':
      return move(`used:${payee}`, payee);
  }
}

/** One violation of a reconciliation check (ledger-checks.sql.ts) and the key that orders it among the others. */
export interface Violation {
  key: readonly bigint[];
  message: string;
}

/** Compares two keys element by element; a key that is a prefix of the other comes first. */
export function compareKeys(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * What keeps a fund from reconciling, as the checks found it, in the order the money book lists it: each flow's own
 * statement in recording order, then each forward flow's reversals and draws, then the stage totals, then the ledger.
 */
export const discrepanciesInOrder = (violations: readonly Violation[]): string[] =>
  [...violations].sort((a, b) => compareKeys(a.key, b.key)).map((v) => v.message);
