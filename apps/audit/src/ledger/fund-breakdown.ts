import { CONTRIBUTION_KINDS, type ContributionKind } from '@emergency/domain';
import {
  emptyTotals,
  FLOW_FORMS,
  FLOW_STAGES,
  type BookFlow,
  type FlowForm,
  type FlowStage,
  type FundTotals,
} from './money-book';

/**
 * A fund's figures broken down as the National Audit Office's announcements break them down: by incident, by the
 * region of that incident, by the receiving organisation, by source kind (appropriation, donation, party dues),
 * and the balance by status. Pure: the projector keeps the `fund_breakdown` rows with these deltas as flows arrive,
 * and the property tests check that every breakdown adds up to the fund's totals.
 */

/** Where money comes from; UNATTRIBUTED while the contributions a flow's money is, or their kind, are not known. */
export const SOURCE_KINDS = [...CONTRIBUTION_KINDS, 'UNATTRIBUTED'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The dimensions one `fund_breakdown` row is keyed by, besides the fund, form and stage. */
export interface BreakdownKey {
  incidentId: string;
  /** The receiving organisation's id; '' when the receiver is not an organisation (a supplier, a household). */
  receiver: string;
  sourceKind: SourceKind;
  /** Whether the money was allocated to or paid for a reconstruction project. */
  toProject: boolean;
}

/** What one flow adds to one row: a forward flow adds to `forwardFen`, a reversal to `reversedFen`. */
export interface BreakdownDelta extends BreakdownKey {
  form: FlowForm;
  stage: FlowStage;
  forwardFen: bigint;
  reversedFen: bigint;
}

/** The flow as the breakdown reads it. */
export type BreakdownFlow = Pick<BookFlow, 'id' | 'stage' | 'reverses' | 'form' | 'amountFen' | 'sources'> & {
  incidentId: string;
  projectId: string | null;
  payerOrganisationId: string | null;
  payeeOrganisationId: string | null;
};

export const isContributionKind = (kind: unknown): kind is ContributionKind =>
  (CONTRIBUTION_KINDS as readonly unknown[]).includes(kind);

/**
 * The money of `flow` per source kind, adding up to its amount: a raised flow is of its contribution's kind (a
 * reversal of the kind of the contribution it undoes); any other flow is of the kinds of the contributions its
 * origins name, taken in order up to its amount, and UNATTRIBUTED for the rest.
 */
export function amountsByKind(
  flow: Pick<BreakdownFlow, 'id' | 'stage' | 'reverses' | 'amountFen' | 'sources'>,
  kindOf: (contributionId: string) => ContributionKind | undefined,
): Map<SourceKind, bigint> {
  const out = new Map<SourceKind, bigint>();
  const add = (kind: SourceKind, amount: bigint) => out.set(kind, (out.get(kind) ?? 0n) + amount);
  if (flow.stage === 'RAISED') {
    add(kindOf(flow.reverses ?? flow.id) ?? 'UNATTRIBUTED', flow.amountFen);
    return out;
  }
  let rest = flow.amountFen;
  for (const origin of flow.sources.flatMap((s) => s.origins)) {
    if (rest === 0n) break;
    const part = origin.amountFen < rest ? origin.amountFen : rest;
    add(kindOf(origin.contributionId) ?? 'UNATTRIBUTED', part);
    rest -= part;
  }
  if (rest > 0n) add('UNATTRIBUTED', rest);
  return out;
}

/**
 * The rows a flow adds to: the receiver is the payee organisation of money moving forward, and the payer of a
 * reversal (the one giving the money back), so that a return lowers the figures of whoever had received it.
 */
export function breakdownDeltas(
  flow: BreakdownFlow,
  kindOf: (contributionId: string) => ContributionKind | undefined,
): BreakdownDelta[] {
  const receiver = (flow.reverses ? flow.payerOrganisationId : flow.payeeOrganisationId) ?? '';
  return [...amountsByKind(flow, kindOf)]
    .filter(([, amount]) => amount > 0n)
    .map(([sourceKind, amount]) => ({
      form: flow.form,
      stage: flow.stage,
      incidentId: flow.incidentId,
      receiver,
      sourceKind,
      toProject: flow.projectId !== null,
      forwardFen: flow.reverses ? 0n : amount,
      reversedFen: flow.reverses ? amount : 0n,
    }));
}

/**
 * What attributing a draw's origins later moves: `amountFen` of the flow's money, recorded as UNATTRIBUTED when
 * it arrived, now of the kinds its origins name. The deltas of the new kinds, and a negative one of UNATTRIBUTED.
 */
export function attributionDeltas(
  flow: Omit<BreakdownFlow, 'sources' | 'id'>,
  origins: readonly { contributionId: string; amountFen: bigint }[],
  kindOf: (contributionId: string) => ContributionKind | undefined,
): BreakdownDelta[] {
  const byKind = new Map<SourceKind, bigint>();
  for (const o of origins) {
    const kind = kindOf(o.contributionId) ?? 'UNATTRIBUTED';
    byKind.set(kind, (byKind.get(kind) ?? 0n) + o.amountFen);
  }
  byKind.delete('UNATTRIBUTED');
  const moved = [...byKind.values()].reduce((s, a) => s + a, 0n);
  if (moved === 0n) return [];
  const receiver = (flow.reverses ? flow.payerOrganisationId : flow.payeeOrganisationId) ?? '';
  const delta = (sourceKind: SourceKind, amount: bigint): BreakdownDelta => ({
    form: flow.form,
    stage: flow.stage,
    incidentId: flow.incidentId,
    receiver,
    sourceKind,
    toProject: flow.projectId !== null,
    forwardFen: flow.reverses ? 0n : amount,
    reversedFen: flow.reverses ? amount : 0n,
  });
  return [...[...byKind].map(([kind, amount]) => delta(kind, amount)), delta('UNATTRIBUTED', -moved)];
}

/** One row of the kept breakdown, as read back: the key, form, stage and net amount (forward less reversed). */
export interface BreakdownRow extends BreakdownKey {
  form: FlowForm;
  stage: FlowStage;
  netFen: bigint;
}

/** Adds `deltas` into `rows` (keyed like the table's primary key): what the projector's upsert does. */
export function applyDeltas(rows: Map<string, BreakdownRow>, deltas: readonly BreakdownDelta[]): void {
  for (const d of deltas) {
    const key = [d.form, d.stage, d.incidentId, d.receiver, d.sourceKind, d.toProject].join('|');
    const row = rows.get(key) ?? { ...d, netFen: 0n };
    row.netFen += d.forwardFen - d.reversedFen;
    rows.set(key, row);
  }
}

/** The fund's totals per form and stage, summed over breakdown rows: equal to `fund_total` whatever the grouping. */
export function totalsOfRows(rows: Iterable<Pick<BreakdownRow, 'form' | 'stage' | 'netFen'>>): FundTotals {
  const totals = emptyTotals();
  for (const r of rows) totals[r.form][r.stage] += r.netFen;
  return totals;
}

/** Rows grouped by one dimension's value; each group's totals per form and stage. */
export function groupRows<K, R extends BreakdownRow>(
  rows: Iterable<R>,
  keyOf: (row: R) => K,
): Map<K, FundTotals> {
  const groups = new Map<K, R[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return new Map([...groups].map(([k, members]) => [k, totalsOfRows(members)]));
}

/** The balance as the announcements split it, for one form or both together. */
export interface BalanceFigures {
  /** Raised − disbursed: everything not yet paid out to third parties. */
  balanceFen: bigint;
  /** Raised − allocated: held by the fund, awaiting allocation. */
  awaitingAllocationFen: bigint;
  /** Allocated to reconstruction projects − disbursed for them: released as the projects progress. */
  releasedWithProjectProgressFen: bigint;
  /** Allocated to organisations other than for a project − disbursed by them: held by the recipients. */
  heldByRecipientsFen: bigint;
}

export interface FundBalance extends BalanceFigures {
  cash: BalanceFigures;
  inKind: BalanceFigures;
}

/** Net amounts per form, stage and whether for a project: what the balance is computed from. */
export type ProjectSplit = Record<FlowForm, Record<FlowStage, { project: bigint; other: bigint }>>;

export const emptyProjectSplit = (): ProjectSplit =>
  Object.fromEntries(
    FLOW_FORMS.map((form) => [
      form,
      Object.fromEntries(FLOW_STAGES.map((stage) => [stage, { project: 0n, other: 0n }])),
    ]),
  ) as ProjectSplit;

export function projectSplitOf(
  rows: Iterable<Pick<BreakdownRow, 'form' | 'stage' | 'toProject' | 'netFen'>>,
): ProjectSplit {
  const split = emptyProjectSplit();
  for (const r of rows) split[r.form][r.stage][r.toProject ? 'project' : 'other'] += r.netFen;
  return split;
}

function balanceOf(s: Record<FlowStage, { project: bigint; other: bigint }>): BalanceFigures {
  const all = (stage: FlowStage) => s[stage].project + s[stage].other;
  return {
    balanceFen: all('RAISED') - all('DISBURSED'),
    awaitingAllocationFen: all('RAISED') - all('ALLOCATED'),
    releasedWithProjectProgressFen: s.ALLOCATED.project - s.DISBURSED.project,
    heldByRecipientsFen: s.ALLOCATED.other - s.DISBURSED.other,
  };
}

export function fundBalance(split: ProjectSplit): FundBalance {
  const both = Object.fromEntries(
    FLOW_STAGES.map((stage) => [
      stage,
      {
        project: split.CASH[stage].project + split.IN_KIND[stage].project,
        other: split.CASH[stage].other + split.IN_KIND[stage].other,
      },
    ]),
  ) as Record<FlowStage, { project: bigint; other: bigint }>;
  return { ...balanceOf(both), cash: balanceOf(split.CASH), inKind: balanceOf(split.IN_KIND) };
}
