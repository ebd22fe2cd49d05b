import fc from 'fast-check';
import { takeInOrder, takeLastFirst, type Origin } from '@emergency/domain';
import {
  FLOW_FORMS,
  FLOW_STAGES,
  fundFigures,
  MoneyBook,
  totalsOf,
  type BookFlow,
  type BookOrigin,
  type BookSource,
  type FlowForm,
} from './money-book';

const raised = (id: string, amountFen: bigint, form: FlowForm = 'CASH'): BookFlow => ({
  id,
  stage: 'RAISED',
  reverses: null,
  form,
  amountFen,
  sources: [],
});

/** A flow drawing on `sources`, each `[flowId, [contributionId, amount]...]`; its amount is their sum. */
const drawing = (
  id: string,
  stage: BookFlow['stage'],
  sources: [string, [string, bigint][]][],
  reverses: string | null = null,
): BookFlow => {
  const stated = sources.map(([flowId, origins]): BookSource => {
    const list = origins.map(([contributionId, amountFen]) => ({ contributionId, amountFen }));
    return { flowId, amountFen: list.reduce((s, o) => s + o.amountFen, 0n), origins: list };
  });
  return {
    id,
    stage,
    reverses,
    form: 'CASH',
    amountFen: stated.reduce((s, o) => s + o.amountFen, 0n),
    sources: stated,
  };
};

describe(MoneyBook.name, () => {
  const c1 = raised('c1', 300n);
  const c2 = raised('c2', 500n);
  const a1 = drawing('a1', 'ALLOCATED', [
    ['c1', [['c1', 300n]]],
    ['c2', [['c2', 300n]]],
  ]);

  it('derives the origins of an old event’s draw first in, first out over what is left of the source', () => {
    const sut = new MoneyBook([c1, c2, a1, drawing('d1', 'DISBURSED', [['a1', [['c1', 200n]]]])]);
    expect(sut.originsFor('a1', 250n)).toEqual([
      { contributionId: 'c1', amountFen: 100n },
      { contributionId: 'c2', amountFen: 150n },
    ]);
    // What an earlier position of the same flow took is not taken again.
    expect(sut.originsFor('a1', 100n, [{ contributionId: 'c1', amountFen: 100n }])).toEqual([
      { contributionId: 'c2', amountFen: 100n },
    ]);
    expect(sut.originsFor('c2', 999n)).toEqual([{ contributionId: 'c2', amountFen: 200n }]);
    expect(sut.originsFor('unknown', 1n)).toEqual([]);
  });

  it('gives back to a source what a reversal returns, so it can be drawn again', () => {
    const sut = new MoneyBook([c1, c2, a1, drawing('r1', 'ALLOCATED', [['c2', [['c2', 100n]]]], 'a1')]);
    expect(sut.available('c2')).toEqual([{ contributionId: 'c2', amountFen: 300n }]);
    expect(sut.held('a1')).toEqual(
      new Map([
        ['c1', 300n],
        ['c2', 200n],
      ]),
    );
    expect(sut.discrepancies()).toEqual([]);
    expect(fundFigures(totalsOf(sut.flows))).toMatchObject({ raisedFen: 800n, allocatedFen: 500n });
  });

  it('reports every breach of the statement in words an auditor acts on', () => {
    const sut = new MoneyBook([
      c1,
      raised('k1', 100n),
      drawing('x1', 'DISBURSED', [['c1', [['c1', 50n]]]]),
      { ...drawing('a2', 'ALLOCATED', [['c1', [['c1', 200n]]]]), amountFen: 250n },
      drawing('a3', 'ALLOCATED', [['c1', [['c1', 150n]]]]),
      drawing('r2', 'ALLOCATED', [['c1', [['c1', 151n]]]], 'a3'),
      drawing('r3', 'DISBURSED', [['a3', [['c1', 1n]]]], 'a3'),
      { ...raised('r4', 200n), reverses: 'k1' },
      drawing('u1', 'USED', [['missing', [['c1', 1n]]]]),
      raised('c9', 100n),
      drawing('o1', 'ALLOCATED', [['c9', [['c9', 80n]]]]),
      drawing('o2', 'ALLOCATED', [['c9', [['c9', 30n]]]]),
    ]);
    expect(sut.discrepancies()).toEqual([
      'disbursed flow x1 draws on raised flow c1; disbursed money draws on allocated money',
      'allocated flow a2 moves 250 fen but its sources add up to 200 fen',
      'reversal of disbursed flow r3 undoes allocated flow a3; a reversal keeps the stage it undoes',
      'used flow u1 draws on flow missing, not recorded in this fund',
      'flow k1 of 100 fen is reversed by 200 fen, more than its amount',
      'flow a3 of 150 fen is reversed by 152 fen, more than its amount',
      'reversals of flow a3 give back 151 fen of contribution c1 to flow c1, but the flow drew 150 fen of it there',
      'reversals of flow a3 give back 1 fen of contribution c1 to flow a3, but the flow drew 0 fen of it there',
      'flow c9 holds 100 fen of contribution c9 but 110 fen of it is drawn on it (by o1, o2)',
      'allocated money (359 fen) exceeds raised money (300 fen)',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: movements made the way the producers make them always reconcile, and every fen used traces to exactly
// one contribution. The generator plays the producers: contributions paid in cash or in kind, allocations first in
// first out (takeInOrder), returns last in first out (takeLastFirst), disbursements split over allocations, refunds
// last first, uses of disbursed money.

type Move =
  | { kind: 'contribute'; amount: bigint; form: FlowForm }
  | { kind: 'correct'; pick: number }
  | { kind: 'allocate'; amount: bigint; form: FlowForm; pick: number }
  | { kind: 'return'; pick: number; amount: bigint }
  | { kind: 'disburse'; pick: number; second: number; amount: bigint; split: number }
  | { kind: 'refund'; pick: number; amount: bigint }
  | { kind: 'use'; pick: number; amount: bigint };

const amount = fc.bigInt({ min: 1n, max: 5_000n });
const pick = fc.nat({ max: 50 });
const form = fc.constantFrom<FlowForm>(...FLOW_FORMS);
const move: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('contribute' as const),
      amount: fc.bigInt({ min: 1n, max: 20_000n }),
      form,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('correct' as const), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('allocate' as const), amount, form, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('return' as const), pick, amount }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('disburse' as const),
      pick,
      second: pick,
      amount,
      split: fc.integer({ min: 1, max: 99 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('use' as const), pick, amount }) },
);

/** `list` less `taken`, per key, keeping the order. */
const less = (list: Origin[], taken: readonly Origin[]) =>
  list.map((o) => ({
    contributionId: o.contributionId,
    amountFen:
      o.amountFen -
      taken.filter((t) => t.contributionId === o.contributionId).reduce((s, t) => s + t.amountFen, 0n),
  }));
/** `list` plus `given`, per key: an existing key keeps its place, a new one goes last. */
const plus = (list: Origin[], given: readonly Origin[]) => {
  const out = list.map((o) => ({ ...o }));
  for (const g of given) {
    const found = out.find((o) => o.contributionId === g.contributionId);
    if (found) found.amountFen += g.amountFen;
    else out.push({ ...g });
  }
  return out;
};
const left = (list: Origin[]) => list.reduce((s, o) => s + o.amountFen, 0n);
/** Per contribution, summed in first-seen order. */
const merged = (origins: readonly BookOrigin[]) => plus([], origins);

/**
 * Plays the producers over `moves`, returning every flow they would publish. A move the producer would refuse (not
 * enough money, nothing to pick) is skipped, as the service refuses it and publishes nothing.
 */
function play(moves: Move[]): BookFlow[] {
  const flows: BookFlow[] = [];
  let n = 0;
  const id = (prefix: string) => `${prefix}${++n}`;
  const contributions: { id: string; form: FlowForm; amount: bigint; drawn: boolean; reversed: boolean }[] =
    [];
  // What the fund holds of each paid contribution, per form, oldest first.
  const fund: Record<FlowForm, Origin[]> = { CASH: [], IN_KIND: [] };
  // What each allocation has not paid out, per contribution in the order it drew them.
  const allocations: { id: string; form: FlowForm; left: Origin[] }[] = [];
  // What each disbursement has not had used or refunded, per `allocation|contribution`, in the order it drew them.
  const disbursements: { id: string; form: FlowForm; left: Origin[] }[] = [];
  const at = <T>(list: T[], i: number) => (list.length === 0 ? undefined : list[i % list.length]);
  const key = (allocationId: string, contributionId: string) => `${allocationId}|${contributionId}`;
  const split = (k: string) => k.split('|') as [string, string];

  for (const m of moves) {
    switch (m.kind) {
      case 'contribute': {
        const c = { id: id('c'), form: m.form, amount: m.amount, drawn: false, reversed: false };
        contributions.push(c);
        fund[m.form] = plus(fund[m.form], [{ contributionId: c.id, amountFen: m.amount }]);
        flows.push(raised(c.id, m.amount, m.form));
        break;
      }
      case 'correct': {
        // A contribution is corrected only while nothing has drawn on it: reversed wholly, back to its contributor.
        const c = at(
          contributions.filter((x) => !x.drawn && !x.reversed),
          m.pick,
        );
        if (!c) break;
        c.reversed = true;
        fund[c.form] = less(fund[c.form], [{ contributionId: c.id, amountFen: c.amount }]);
        flows.push({ ...raised(id('x'), c.amount, c.form), reverses: c.id });
        break;
      }
      case 'allocate': {
        // Cash first in first out over the fund; goods from the one in-kind contribution named.
        const pool =
          m.form === 'CASH'
            ? fund.CASH
            : [
                at(
                  fund.IN_KIND.filter((o) => o.amountFen > 0n),
                  m.pick,
                ),
              ].filter((o): o is Origin => !!o);
        const taken = takeInOrder(pool, m.amount);
        if (!taken) break;
        const a = { id: id('a'), form: m.form, left: merged(taken) };
        fund[m.form] = less(fund[m.form], taken);
        for (const t of taken) contributions.find((c) => c.id === t.contributionId)!.drawn = true;
        allocations.push(a);
        flows.push({
          ...drawing(
            a.id,
            'ALLOCATED',
            merged(taken).map((t) => [t.contributionId, [[t.contributionId, t.amountFen]]]),
          ),
          form: m.form,
        });
        break;
      }
      case 'return': {
        const a = at(
          allocations.filter((x) => left(x.left) > 0n),
          m.pick,
        );
        if (!a) break;
        const amountFen = m.amount > left(a.left) ? left(a.left) : m.amount;
        const back = merged(takeLastFirst(a.left, amountFen)!);
        a.left = less(a.left, back);
        fund[a.form] = plus(fund[a.form], back);
        flows.push({
          ...drawing(
            id('r'),
            'ALLOCATED',
            back.map((t) => [t.contributionId, [[t.contributionId, t.amountFen]]]),
            a.id,
          ),
          form: a.form,
        });
        break;
      }
      case 'disburse': {
        // One payment split over two allocations of one form (or paid from one), each first in first out.
        const open = allocations.filter((x) => left(x.left) > 0n);
        const first = at(open, m.pick);
        if (!first) break;
        const second = at(
          open.filter((x) => x.form === first.form && x.id !== first.id),
          m.second,
        );
        const parts: [typeof first, bigint][] = second
          ? [
              [first, (m.amount * BigInt(m.split)) / 100n || 1n],
              [second, m.amount - ((m.amount * BigInt(m.split)) / 100n || 1n)],
            ]
          : [[first, m.amount]];
        const sources: [string, [string, bigint][]][] = [];
        const held: Origin[] = [];
        let refused = false;
        for (const [a, part] of parts) {
          if (part <= 0n) continue;
          const taken = takeInOrder(a.left, part);
          if (!taken) {
            refused = true;
            break;
          }
          sources.push([a.id, merged(taken).map((t) => [t.contributionId, t.amountFen])]);
          held.push(
            ...merged(taken).map((t) => ({
              contributionId: key(a.id, t.contributionId),
              amountFen: t.amountFen,
            })),
          );
        }
        if (refused || sources.length === 0) break;
        for (const [allocationId, origins] of sources) {
          const a = allocations.find((x) => x.id === allocationId)!;
          a.left = less(
            a.left,
            origins.map(([contributionId, amountFen]) => ({ contributionId, amountFen })),
          );
        }
        const d = { id: id('d'), form: first.form, left: held };
        disbursements.push(d);
        flows.push({ ...drawing(d.id, 'DISBURSED', sources), form: d.form });
        break;
      }
      case 'refund': {
        // Given back to the allocations the payment drew on, last first.
        const d = at(
          disbursements.filter((x) => left(x.left) > 0n),
          m.pick,
        );
        if (!d) break;
        const amountFen = m.amount > left(d.left) ? left(d.left) : m.amount;
        const back = takeLastFirst(d.left, amountFen)!;
        d.left = less(d.left, back);
        const byAllocation = new Map<string, [string, bigint][]>();
        for (const b of back) {
          const [allocationId, contributionId] = split(b.contributionId);
          byAllocation.set(allocationId, [
            ...(byAllocation.get(allocationId) ?? []),
            [contributionId, b.amountFen],
          ]);
          const a = allocations.find((x) => x.id === allocationId)!;
          a.left = plus(a.left, [{ contributionId, amountFen: b.amountFen }]);
        }
        flows.push({ ...drawing(id('f'), 'DISBURSED', [...byAllocation], d.id), form: d.form });
        break;
      }
      case 'use': {
        const d = at(
          disbursements.filter((x) => left(x.left) > 0n),
          m.pick,
        );
        if (!d) break;
        const amountFen = m.amount > left(d.left) ? left(d.left) : m.amount;
        const taken = takeInOrder(d.left, amountFen)!;
        d.left = less(d.left, taken);
        const origins = merged(
          taken.map((t) => ({ contributionId: split(t.contributionId)[1], amountFen: t.amountFen })),
        );
        flows.push({
          ...drawing(id('u'), 'USED', [[d.id, origins.map((o) => [o.contributionId, o.amountFen])]]),
          form: d.form,
        });
        break;
      }
    }
  }
  return flows;
}

describe('reconciliation of movements made as the producers make them', () => {
  const moves = fc.array(move, { minLength: 1, maxLength: 80, size: 'max' });

  it('keeps raised ≥ allocated ≥ disbursed ≥ used, reconciles, and traces every fen used to one contribution', () => {
    fc.assert(
      fc.property(moves, (ms) => {
        const flows = play(ms);
        const book = new MoneyBook(flows);
        expect(book.discrepancies()).toEqual([]);

        const figures = fundFigures(totalsOf(flows));
        for (const f of [figures, figures.cash, figures.inKind]) {
          expect(f.raisedFen).toBeGreaterThanOrEqual(f.allocatedFen);
          expect(f.allocatedFen).toBeGreaterThanOrEqual(f.disbursedFen);
          expect(f.disbursedFen).toBeGreaterThanOrEqual(f.usedFen);
          expect(f.usedFen).toBeGreaterThanOrEqual(0n);
        }

        const usedOf = new Map<string, bigint>();
        for (const flow of flows.filter((f) => f.stage === 'USED')) {
          const origins = book.origins(flow.id);
          expect(origins.reduce((s, o) => s + o.amountFen, 0n)).toBe(flow.amountFen);
          for (const o of origins)
            usedOf.set(o.contributionId, (usedOf.get(o.contributionId) ?? 0n) + o.amountFen);
        }
        for (const [contributionId, used] of usedOf) {
          const contribution = book.get(contributionId);
          expect(contribution?.stage).toBe('RAISED');
          expect(used).toBeLessThanOrEqual(contribution!.amountFen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('derives, for events that stated no origins, the origins the producers drew first in, first out', () => {
    // Old events knew no reversals nor uses: contributions, allocations and payments only.
    const forward = fc.array(
      move.filter((m) => m.kind === 'contribute' || m.kind === 'allocate' || m.kind === 'disburse'),
      { minLength: 1, maxLength: 60, size: 'max' },
    );
    fc.assert(
      fc.property(forward, (ms) => {
        const stated = play(ms);
        const book = new MoneyBook();
        for (const flow of stated) {
          const sources: BookSource[] = [];
          for (const source of flow.sources) {
            const taken = sources.filter((s) => s.flowId === source.flowId).flatMap((s) => s.origins);
            sources.push({ ...source, origins: book.originsFor(source.flowId, source.amountFen, taken) });
          }
          expect(sources).toEqual(flow.sources);
          book.add({ ...flow, sources });
        }
      }),
      { numRuns: 200 },
    );
  });

  type Mutation = 'origin' | 'amount' | 'stage' | 'overReversal';
  const mutate = (flows: BookFlow[], mutation: Mutation, i: number): BookFlow[] | null => {
    const forward = flows.filter((f) => !f.reverses);
    const drawn = flows.filter((f) => f.sources.length > 0);
    const out = flows.map((f) => ({
      ...f,
      sources: f.sources.map((s) => ({ ...s, origins: [...s.origins] })),
    }));
    const index = (f: BookFlow) => flows.indexOf(f);
    switch (mutation) {
      case 'origin': {
        const target = drawn[i % Math.max(drawn.length, 1)];
        if (!target) return null;
        const source = out[index(target)]!.sources[0]!;
        source.origins[0] = { ...source.origins[0]!, amountFen: source.origins[0]!.amountFen + 1n };
        return out;
      }
      case 'amount': {
        const target = drawn[i % Math.max(drawn.length, 1)];
        if (!target) return null;
        out[index(target)]!.amountFen += 1n;
        return out;
      }
      case 'stage': {
        const target = drawn[i % Math.max(drawn.length, 1)];
        if (!target) return null;
        const others = FLOW_STAGES.filter((s) => s !== target.stage && s !== 'RAISED');
        out[index(target)]!.stage = others[i % others.length]!;
        return out;
      }
      case 'overReversal': {
        const target = forward[i % Math.max(forward.length, 1)];
        if (!target) return null;
        out.push({
          id: 'mutant',
          stage: target.stage,
          reverses: target.id,
          form: target.form,
          amountFen: target.amountFen + 1n,
          sources: target.sources,
        });
        return out;
      }
    }
  };

  it('catches a statement that does not hold', () => {
    fc.assert(
      fc.property(
        moves,
        fc.constantFrom<Mutation>('origin', 'amount', 'stage', 'overReversal'),
        fc.nat(),
        (ms, mutation, i) => {
          const mutated = mutate(play(ms), mutation, i);
          fc.pre(mutated !== null);
          expect(new MoneyBook(mutated!).discrepancies()).not.toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
