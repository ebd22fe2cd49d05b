import { MONEY_FORMS, totalFen, type MoneyForm, type Origin } from '@emergency/domain';

/**
 * The audit's view of one fund's money (docs/adr/0026-the-money-model.md): every recorded flow, what it draws on and
 * which contributions that money is, and the rules that check the statement. Pure: no database, so the projector,
 * the migration that backfills old flows and the property tests all use the same code.
 */

export const FLOW_STAGES = ['RAISED', 'ALLOCATED', 'DISBURSED', 'USED'] as const;
export type FlowStage = (typeof FLOW_STAGES)[number];

export const FLOW_FORMS = MONEY_FORMS;
export type FlowForm = MoneyForm;

/** How much of one contribution (a raised flow, by its id) a stretch of money is. */
export type BookOrigin = Origin;

/**
 * An upstream flow a flow draws on (or, for a reversal, gives back to), and which contributions that money is.
 * `origins` is empty while they are not known: an old event drew on a source the audit has not recorded yet.
 */
export interface BookSource {
  flowId: string;
  amountFen: bigint;
  origins: BookOrigin[];
}

export interface BookFlow {
  id: string;
  stage: FlowStage;
  /** The earlier flow of the same stage this one undoes; null for money moving forward. */
  reverses: string | null;
  form: FlowForm;
  amountFen: bigint;
  sources: BookSource[];
}

/** Which stage a flow of each stage draws on (a reversal gives back to that same stage). */
export const SOURCE_STAGE: Record<FlowStage, FlowStage | null> = {
  RAISED: null,
  ALLOCATED: 'RAISED',
  DISBURSED: 'ALLOCATED',
  USED: 'DISBURSED',
};

const lower = (stage: FlowStage) => stage.toLowerCase();

/** Adds `sign × amount` per contribution into `into`, keeping the order contributions first appear in. */
function accumulate(into: Map<string, bigint>, origins: readonly BookOrigin[], sign: 1n | -1n) {
  for (const o of origins)
    into.set(o.contributionId, (into.get(o.contributionId) ?? 0n) + sign * o.amountFen);
}

const asOrigins = (amounts: Map<string, bigint>): BookOrigin[] =>
  [...amounts]
    .filter(([, a]) => a !== 0n)
    .map(([contributionId, amountFen]) => ({ contributionId, amountFen }));

/** One flow drawing on (or giving back to) another, at one of its source positions. */
interface Draw {
  flow: BookFlow;
  source: BookSource;
}

/**
 * A fund's flows, in recording order. Flows may be added one by one (the projector derives the origins of an old
 * event's draw from what the book holds when it arrives).
 */
export class MoneyBook {
  private readonly byId = new Map<string, BookFlow>();
  private readonly order: BookFlow[] = [];
  private readonly reversals = new Map<string, BookFlow[]>();
  private readonly draws = new Map<string, Draw[]>();

  constructor(flows: Iterable<BookFlow> = []) {
    for (const flow of flows) this.add(flow);
  }

  add(flow: BookFlow): void {
    if (this.byId.has(flow.id)) return;
    this.byId.set(flow.id, flow);
    this.order.push(flow);
    if (flow.reverses)
      this.reversals.set(flow.reverses, [...(this.reversals.get(flow.reverses) ?? []), flow]);
    for (const source of flow.sources) {
      this.draws.set(source.flowId, [...(this.draws.get(source.flowId) ?? []), { flow, source }]);
    }
  }

  get flows(): readonly BookFlow[] {
    return this.order;
  }

  get(id: string): BookFlow | undefined {
    return this.byId.get(id);
  }

  reversalsOf(id: string): readonly BookFlow[] {
    return this.reversals.get(id) ?? [];
  }

  /** The flows that draw on (or give back to) `id`, in the order they were recorded. */
  drawsOn(id: string): readonly Draw[] {
    return this.draws.get(id) ?? [];
  }

  /**
   * The contributions a flow's money is, merged per contribution in the order first stated: a raised flow is its own
   * origin; a reversal's are what it gives back.
   */
  origins(flowId: string): BookOrigin[] {
    const flow = this.byId.get(flowId);
    if (!flow) return [];
    if (flow.stage === 'RAISED' && !flow.reverses)
      return [{ contributionId: flow.id, amountFen: flow.amountFen }];
    const merged = new Map<string, bigint>();
    for (const source of flow.sources) accumulate(merged, source.origins, 1n);
    return asOrigins(merged);
  }

  /** What a forward flow holds of each contribution: what it drew (itself, when raised) less what reversals gave back. */
  held(flowId: string): Map<string, bigint> {
    const flow = this.byId.get(flowId);
    const held = new Map<string, bigint>();
    if (!flow || flow.reverses) return held;
    if (flow.stage === 'RAISED') {
      held.set(flow.id, flow.amountFen - totalFen(this.reversalsOf(flow.id)));
      return held;
    }
    for (const source of flow.sources) accumulate(held, source.origins, 1n);
    for (const reversal of this.reversalsOf(flow.id)) {
      for (const source of reversal.sources) accumulate(held, source.origins, -1n);
    }
    return held;
  }

  /** What is drawn on a flow per contribution: downstream flows' origins naming it, less what their reversals gave back. */
  drawn(flowId: string): Map<string, bigint> {
    const drawn = new Map<string, bigint>();
    for (const { flow, source } of this.drawsOn(flowId))
      accumulate(drawn, source.origins, flow.reverses ? -1n : 1n);
    return drawn;
  }

  /** What is left of a flow to draw on, per contribution, in the order it holds them (first in first). */
  available(flowId: string): BookOrigin[] {
    const drawn = this.drawn(flowId);
    return [...this.held(flowId)]
      .map(([contributionId, held]) => ({
        contributionId,
        amountFen: held - (drawn.get(contributionId) ?? 0n),
      }))
      .filter((o) => o.amountFen > 0n);
  }

  /**
   * The origins of drawing `amountFen` on `sourceId` when the event did not state them (events published before
   * the money block carried origins): first in, first out over what is left of the source. `alreadyTaken` is what
   * earlier positions of the same flow took of it. As much as can be attributed: less than `amountFen` when the
   * source holds less (reconciliation reports it); empty when the source is not recorded.
   */
  originsFor(sourceId: string, amountFen: bigint, alreadyTaken: readonly BookOrigin[] = []): BookOrigin[] {
    const taken = new Map<string, bigint>();
    accumulate(taken, alreadyTaken, 1n);
    const out: BookOrigin[] = [];
    let rest = amountFen;
    for (const left of this.available(sourceId)) {
      if (rest === 0n) break;
      const free = left.amountFen - (taken.get(left.contributionId) ?? 0n);
      if (free <= 0n) continue;
      const part = free < rest ? free : rest;
      out.push({ contributionId: left.contributionId, amountFen: part });
      rest -= part;
    }
    return out;
  }

  /** Everything that keeps the fund from reconciling to the fen, in words an auditor can act on. Empty when it does. */
  discrepancies(): string[] {
    const found: string[] = [];
    for (const flow of this.order) found.push(...this.statementErrors(flow));
    for (const flow of this.order) {
      if (flow.reverses) continue;
      found.push(...this.reversalErrors(flow), ...this.overdrawn(flow));
    }
    found.push(...stageOrderErrors(totalsOf(this.order)));
    return found;
  }

  /** What is wrong with one flow's own statement: its sources, their origins and their stages. */
  private statementErrors(flow: BookFlow): string[] {
    const found: string[] = [];
    const what = `${flow.reverses ? `reversal of ${lower(flow.stage)}` : lower(flow.stage)} flow ${flow.id}`;
    if (flow.reverses) {
      const reversed = this.byId.get(flow.reverses);
      if (!reversed) found.push(`${what} undoes flow ${flow.reverses}, not recorded in this fund`);
      else if (reversed.reverses) found.push(`${what} undoes ${reversed.id}, itself a reversal`);
      else if (reversed.stage !== flow.stage) {
        found.push(
          `${what} undoes ${lower(reversed.stage)} flow ${reversed.id}; a reversal keeps the stage it undoes`,
        );
      }
    }
    const expected = SOURCE_STAGE[flow.stage];
    if (!expected) {
      if (flow.sources.length > 0) found.push(`${what} draws on other flows; money raised is its own origin`);
      return found;
    }
    const drawn = totalFen(flow.sources);
    if (drawn !== flow.amountFen) {
      found.push(`${what} moves ${flow.amountFen} fen but its sources add up to ${drawn} fen`);
    }
    for (const source of flow.sources) {
      const upstream = this.byId.get(source.flowId);
      if (!upstream) {
        found.push(`${what} draws on flow ${source.flowId}, not recorded in this fund`);
        continue;
      }
      if (upstream.reverses) found.push(`${what} draws on ${upstream.id}, a reversal`);
      else if (upstream.stage !== expected) {
        found.push(
          `${what} draws on ${lower(upstream.stage)} flow ${upstream.id}; ${lower(flow.stage)} money draws on ${lower(expected)} money`,
        );
      }
      const traced = totalFen(source.origins);
      if (traced !== source.amountFen) {
        found.push(
          `${what} draws ${source.amountFen} fen on flow ${source.flowId} but ${traced} fen of it traces to contributions`,
        );
      }
    }
    return found;
  }

  /** A flow's reversals: never beyond its amount, each giving back at most what the flow drew of each contribution. */
  private reversalErrors(flow: BookFlow): string[] {
    const reversals = this.reversalsOf(flow.id);
    if (reversals.length === 0) return [];
    const found: string[] = [];
    const reversed = totalFen(reversals);
    if (reversed > flow.amountFen) {
      found.push(
        `flow ${flow.id} of ${flow.amountFen} fen is reversed by ${reversed} fen, more than its amount`,
      );
    }
    if (flow.stage === 'RAISED') return found;
    const key = (sourceId: string, contributionId: string) => `${sourceId}/${contributionId}`;
    const drew = new Map<string, bigint>();
    for (const source of flow.sources) {
      for (const o of source.origins) {
        const k = key(source.flowId, o.contributionId);
        drew.set(k, (drew.get(k) ?? 0n) + o.amountFen);
      }
    }
    const gave = new Map<string, bigint>();
    for (const reversal of reversals) {
      for (const source of reversal.sources) {
        for (const o of source.origins) {
          const k = key(source.flowId, o.contributionId);
          gave.set(k, (gave.get(k) ?? 0n) + o.amountFen);
        }
      }
    }
    for (const [k, given] of gave) {
      const [sourceId, contributionId] = k.split('/');
      const had = drew.get(k) ?? 0n;
      if (given > had) {
        found.push(
          `reversals of flow ${flow.id} give back ${given} fen of contribution ${contributionId} to flow ${sourceId}, ` +
            `but the flow drew ${had} fen of it there`,
        );
      }
    }
    return found;
  }

  /** No flow gives more of a contribution than it holds of it. */
  private overdrawn(flow: BookFlow): string[] {
    const held = this.held(flow.id);
    const found: string[] = [];
    for (const [contributionId, drawn] of this.drawn(flow.id)) {
      // A flow reversed beyond what it drew holds less than nothing; its reversals are reported for that.
      const has = (held.get(contributionId) ?? 0n) > 0n ? held.get(contributionId)! : 0n;
      if (drawn <= has) continue;
      const by = this.drawsOn(flow.id)
        .filter((d) => !d.flow.reverses && d.source.origins.some((o) => o.contributionId === contributionId))
        .map((d) => d.flow.id);
      found.push(
        `flow ${flow.id} holds ${has} fen of contribution ${contributionId} but ${drawn} fen of it is drawn on it ` +
          `(by ${[...new Set(by)].join(', ')})`,
      );
    }
    return found;
  }
}

/** Per form and stage: forward flows less their reversals. */
export type FundTotals = Record<FlowForm, Record<FlowStage, bigint>>;

export const emptyTotals = (): FundTotals => ({
  CASH: { RAISED: 0n, ALLOCATED: 0n, DISBURSED: 0n, USED: 0n },
  IN_KIND: { RAISED: 0n, ALLOCATED: 0n, DISBURSED: 0n, USED: 0n },
});

/** What a flow adds to its fund's totals: its amount, or less its amount for a reversal. */
export const totalsDelta = (flow: Pick<BookFlow, 'reverses' | 'amountFen'>): bigint =>
  flow.reverses ? -flow.amountFen : flow.amountFen;

export function totalsOf(
  flows: Iterable<Pick<BookFlow, 'stage' | 'form' | 'reverses' | 'amountFen'>>,
): FundTotals {
  const totals = emptyTotals();
  for (const flow of flows) totals[flow.form][flow.stage] += totalsDelta(flow);
  return totals;
}

/** One form's figures (or both forms together). */
export interface StageFigures {
  raisedFen: bigint;
  allocatedFen: bigint;
  disbursedFen: bigint;
  usedFen: bigint;
  /** Raised − allocated: held by the fund. */
  unallocatedFen: bigint;
  /** Allocated − disbursed: held by the organisations and projects it was allocated to. */
  undisbursedFen: bigint;
  /** Disbursed − used: paid out, its end use not yet confirmed. */
  unusedFen: bigint;
}

/** A fund's figures, cash and goods in kind together, and each apart. */
export interface FundFigures extends StageFigures {
  cash: StageFigures;
  inKind: StageFigures;
}

function stageFigures(t: Record<FlowStage, bigint>): StageFigures {
  return {
    raisedFen: t.RAISED,
    allocatedFen: t.ALLOCATED,
    disbursedFen: t.DISBURSED,
    usedFen: t.USED,
    unallocatedFen: t.RAISED - t.ALLOCATED,
    undisbursedFen: t.ALLOCATED - t.DISBURSED,
    unusedFen: t.DISBURSED - t.USED,
  };
}

const combined = (totals: FundTotals): Record<FlowStage, bigint> => ({
  RAISED: totals.CASH.RAISED + totals.IN_KIND.RAISED,
  ALLOCATED: totals.CASH.ALLOCATED + totals.IN_KIND.ALLOCATED,
  DISBURSED: totals.CASH.DISBURSED + totals.IN_KIND.DISBURSED,
  USED: totals.CASH.USED + totals.IN_KIND.USED,
});

export function fundFigures(totals: FundTotals): FundFigures {
  return {
    ...stageFigures(combined(totals)),
    cash: stageFigures(totals.CASH),
    inKind: stageFigures(totals.IN_KIND),
  };
}

/** raised ≥ allocated ≥ disbursed ≥ used ≥ 0, both forms together. */
export function stageOrderErrors(totals: FundTotals): string[] {
  const t = combined(totals);
  const found: string[] = [];
  for (const stage of FLOW_STAGES) {
    const before = SOURCE_STAGE[stage];
    if (t[stage] < 0n) found.push(`${lower(stage)} money totals ${t[stage]} fen: more reversed than moved`);
    if (before && t[stage] > t[before]) {
      found.push(`${lower(stage)} money (${t[stage]} fen) exceeds ${lower(before)} money (${t[before]} fen)`);
    }
  }
  return found;
}
