import fc from 'fast-check';
import { MoneyGraph, type FlowLink, type FlowStage, type GraphFlow } from './money-graph';

let seq = 0n;
const flow = (
  id: string,
  stage: FlowStage,
  amountFen: bigint,
  links: [string, bigint][] = [],
): GraphFlow => ({
  id,
  stage,
  amountFen,
  seq: ++seq,
  links: links.map(([sourceFlowId, amount]): FlowLink => ({ sourceFlowId, amountFen: amount })),
});

describe(MoneyGraph.name, () => {
  it('traces each purchase to the contributions that paid for it, first in first out', () => {
    const sut = new MoneyGraph([
      flow('c1', 'RAISED', 300n),
      flow('c2', 'RAISED', 500n),
      flow('a1', 'ALLOCATED', 600n, [
        ['c1', 300n],
        ['c2', 300n],
      ]),
      flow('s1', 'SPENT', 200n, [['a1', 200n]]),
      flow('s2', 'SPENT', 250n, [['a1', 250n]]),
      flow('s3', 'SPENT', 150n, [['a1', 150n]]),
    ]);
    expect(sut.origins('s1')).toEqual([{ flowId: 'c1', amountFen: 200n }]);
    expect(sut.origins('s2')).toEqual([
      { flowId: 'c1', amountFen: 100n },
      { flowId: 'c2', amountFen: 150n },
    ]);
    expect(sut.origins('s3')).toEqual([{ flowId: 'c2', amountFen: 150n }]);
    expect(sut.origins('c2')).toEqual([{ flowId: 'c2', amountFen: 500n }]);
    expect(sut.total('RAISED')).toBe(800n);
    expect(sut.discrepancies()).toEqual([]);
  });

  it('reports a source not yet recorded, a wrong stage, a short draw and an over-drawn flow', () => {
    const sut = new MoneyGraph([
      flow('c1', 'RAISED', 100n),
      flow('a1', 'ALLOCATED', 100n, [['c1', 100n]]),
      flow('a2', 'ALLOCATED', 50n, [['c1', 40n]]),
      flow('s1', 'SPENT', 10n, [['c1', 10n]]),
      flow('s2', 'SPENT', 10n, [['a9', 10n]]),
    ]);
    expect(sut.discrepancies()).toEqual([
      'allocated flow a2 moves 50 fen but draws 40 fen',
      'spent flow s1 draws on raised flow c1',
      'flow s2 draws on flow a9, not recorded in this fund',
      'flow c1 holds 100 fen but 150 fen is drawn on it',
    ]);
    expect(sut.origins('s2')).toEqual([]);
  });

  const fund = fc
    .record({
      contributions: fc.array(fc.bigInt({ min: 1n, max: 10n ** 15n }), { minLength: 1, maxLength: 6 }),
      allocations: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
      spends: fc.array(fc.tuple(fc.nat(5), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 12 }),
    })
    .map(({ contributions, allocations, spends }) => {
      // Builds what the services would produce: FIFO allocations from paid contributions, purchases within them.
      const flows: GraphFlow[] = contributions.map((amount, i) => flow(`c${i}`, 'RAISED', amount));
      const open = flows.map((f) => ({ id: f.id, left: f.amountFen }));
      allocations.forEach((share, i) => {
        const available = open.reduce((sum, o) => sum + o.left, 0n);
        let amount = (available * BigInt(Math.floor(share * 1000))) / 1000n;
        if (amount === 0n) return;
        const links: [string, bigint][] = [];
        for (const o of open) {
          if (amount === 0n) break;
          const take = o.left < amount ? o.left : amount;
          if (take === 0n) continue;
          links.push([o.id, take]);
          o.left -= take;
          amount -= take;
        }
        flows.push(
          flow(
            `a${i}`,
            'ALLOCATED',
            links.reduce((s, [, a]) => s + a, 0n),
            links,
          ),
        );
      });
      const allocated = flows
        .filter((f) => f.stage === 'ALLOCATED')
        .map((f) => ({ id: f.id, left: f.amountFen }));
      spends.forEach(([which, share], i) => {
        const target = allocated[which % Math.max(allocated.length, 1)];
        if (!target) return;
        const amount = (target.left * BigInt(Math.floor(share * 1000))) / 1000n;
        if (amount === 0n) return;
        target.left -= amount;
        flows.push(flow(`s${i}`, 'SPENT', amount, [[target.id, amount]]));
      });
      return flows;
    });

  it('reconciles every fund built by the rules, and attributes each flow to the fen', () => {
    fc.assert(
      fc.property(fund, (flows) => {
        const sut = new MoneyGraph(flows);
        expect(sut.discrepancies()).toEqual([]);
        const spentFrom = new Map<string, bigint>();
        for (const f of flows) {
          const origins = sut.origins(f.id);
          expect(origins.reduce((sum, o) => sum + o.amountFen, 0n)).toBe(f.amountFen);
          expect(origins.every((o) => sut.get(o.flowId)?.stage === 'RAISED')).toBe(true);
          if (f.stage !== 'SPENT') continue;
          for (const o of origins) spentFrom.set(o.flowId, (spentFrom.get(o.flowId) ?? 0n) + o.amountFen);
        }
        for (const [id, spent] of spentFrom) expect(spent <= sut.get(id)!.amountFen).toBe(true);
        expect(sut.total('SPENT') <= sut.total('ALLOCATED')).toBe(true);
        expect(sut.total('ALLOCATED') <= sut.total('RAISED')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
