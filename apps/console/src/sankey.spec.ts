import fc from 'fast-check';
import { sankeyOf, stageTotal, type SankeyFlow } from './sankey';

const labels = { fund: 'fund', unallocated: 'unallocated', undisbursed: (who: string) => `${who} left` };
const org = (name: string) => ({ id: name, name });

describe('the money’s flow as bands', () => {
  const raised: SankeyFlow[] = [
    { id: 'r1', stage: 'RAISED', amountFen: '1000', payer: org('Ministry'), payee: org('Finance') },
    { id: 'r2', stage: 'RAISED', amountFen: '500', payerName: 'Donor', payee: org('Finance') },
  ];
  const allocated: SankeyFlow[] = [
    { id: 'a1', stage: 'ALLOCATED', amountFen: '800', payer: org('Finance'), payee: org('County') },
    { id: 'a2', stage: 'ALLOCATED', amountFen: '300', payer: org('Finance'), payee: org('City') },
  ];

  it('splits a payment by the allocations it draws on, and narrows a band by its reversal', () => {
    const model = sankeyOf(
      [
        ...raised,
        ...allocated,
        {
          id: 'p1',
          stage: 'DISBURSED',
          amountFen: '600',
          payer: org('County'),
          payeeName: 'Builder',
          sources: [
            { flowId: 'a1', amountFen: '500' },
            { flowId: 'a2', amountFen: '100' },
          ],
        },
        {
          id: 'x1',
          stage: 'ALLOCATED',
          amountFen: '100',
          reverses: 'a2',
          payer: org('City'),
          payee: org('Finance'),
        },
      ],
      labels,
    );
    const band = (source: string, target: string) =>
      model.bands.find((b) => b.source === source && b.target === target)?.valueFen;
    expect(band('0:Ministry', '1:fund')).toBe(1000n);
    expect(band('1:fund', '2:City')).toBe(200n);
    expect(band('2:County', '3:Builder')).toBe(500n);
    expect(band('2:City', '3:Builder')).toBe(100n);
    expect(band('1:fund', '3:unallocated')).toBe(500n);
    expect(band('2:County', '3:County left')).toBe(300n);
    expect(band('2:City', '3:City left')).toBe(100n);
  });

  it('keeps a contributor that also receives money in two columns, so no band turns back', () => {
    const model = sankeyOf(
      [
        { id: 'r', stage: 'RAISED', amountFen: '10', payer: org('City'), payee: org('Finance') },
        { id: 'a', stage: 'ALLOCATED', amountFen: '10', payer: org('Finance'), payee: org('City') },
      ],
      labels,
    );
    for (const b of model.bands) {
      const [from, to] = [b.source, b.target].map((id) => model.nodes.find((n) => n.id === id)!.column);
      expect(to).toBeGreaterThan(from);
    }
  });

  it('has bands adding up to each stage’s net total, for any flows', () => {
    const amount = fc.bigInt({ min: 1n, max: 10n ** 12n });
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(2), fc.integer({ min: 1, max: 100 })), { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(3), fc.integer({ min: 1, max: 100 })), { maxLength: 6 }),
        (raisedFen, allocations, payments) => {
          const flows: SankeyFlow[] = raisedFen.map((fen, i) => ({
            id: `r${i}`,
            stage: 'RAISED',
            amountFen: fen.toString(),
            payerName: `donor ${i % 2}`,
          }));
          const total = raisedFen.reduce((t, f) => t + f, 0n);
          let left = total;
          const made: { id: string; fen: bigint; spent: bigint }[] = [];
          for (const [i, [, recipient, percent]] of allocations.entries()) {
            const fen = (left * BigInt(percent)) / 100n;
            if (fen === 0n) continue;
            left -= fen;
            made.push({ id: `a${i}`, fen, spent: 0n });
            flows.push({
              id: `a${i}`,
              stage: 'ALLOCATED',
              amountFen: fen.toString(),
              payee: org(`org ${recipient}`),
            });
          }
          for (const [i, [from, payee, percent]] of payments.entries()) {
            const allocation = made[from % Math.max(made.length, 1)];
            if (!allocation) continue;
            const fen = ((allocation.fen - allocation.spent) * BigInt(percent)) / 100n;
            if (fen === 0n) continue;
            allocation.spent += fen;
            flows.push({
              id: `p${i}`,
              stage: 'DISBURSED',
              amountFen: fen.toString(),
              payeeName: `payee ${payee}`,
              sources: [{ flowId: allocation.id, amountFen: fen.toString() }],
            });
          }
          const model = sankeyOf(flows, labels);
          const sum = (stage: string) =>
            flows.filter((f) => f.stage === stage).reduce((t, f) => t + BigInt(f.amountFen), 0n);
          expect(stageTotal(model, 'RAISED')).toBe(sum('RAISED'));
          expect(stageTotal(model, 'ALLOCATED')).toBe(sum('ALLOCATED'));
          expect(stageTotal(model, 'DISBURSED')).toBe(sum('DISBURSED'));
          expect(stageTotal(model, 'UNALLOCATED')).toBe(sum('RAISED') - sum('ALLOCATED'));
          expect(stageTotal(model, 'UNDISBURSED')).toBe(sum('ALLOCATED') - sum('DISBURSED'));
        },
      ),
    );
  });
});
