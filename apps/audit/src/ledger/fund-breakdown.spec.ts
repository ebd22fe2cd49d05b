import fc from 'fast-check';
import { CONTRIBUTION_KINDS, type ContributionKind } from '@emergency/domain';
import {
  amountsByKind,
  applyDeltas,
  attributionDeltas,
  breakdownDeltas,
  fundBalance,
  groupRows,
  projectSplitOf,
  totalsOfRows,
  type BreakdownFlow,
  type BreakdownRow,
} from './fund-breakdown';
import { emptyTotals, FLOW_FORMS, FLOW_STAGES, fundFigures, totalsOf, type FundTotals } from './money-book';

const INCIDENTS = ['i1', 'i2'];
const ORGANISATIONS = ['o1', 'o2', 'o3'];
const CONTRIBUTIONS = ['c1', 'c2', 'c3', 'c4', 'c5'];

const orgOrNull = fc.option(fc.constantFrom(...ORGANISATIONS), { nil: null });
const origin = fc.record({
  contributionId: fc.constantFrom(...CONTRIBUTIONS),
  amountFen: fc.bigInt({ min: 1n, max: 10_000n }),
});

/** Any flow: the breakdown must add up whatever the flow states, valid or not. */
const flowArb = (n: number): fc.Arbitrary<BreakdownFlow> =>
  fc.record({
    id: fc.constant(`f${n}`),
    stage: fc.constantFrom(...FLOW_STAGES),
    reverses: fc.option(fc.constantFrom(...CONTRIBUTIONS, 'f1', 'f2'), { nil: null }),
    form: fc.constantFrom(...FLOW_FORMS),
    amountFen: fc.bigInt({ min: 1n, max: 30_000n }),
    sources: fc.array(
      fc.record({
        flowId: fc.constantFrom('f1', 'f2', 'f3'),
        amountFen: fc.bigInt({ min: 1n, max: 10_000n }),
        origins: fc.array(origin, { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    incidentId: fc.constantFrom(...INCIDENTS),
    projectId: fc.option(fc.constant('p1'), { nil: null }),
    payerOrganisationId: orgOrNull,
    payeeOrganisationId: orgOrNull,
  });

const kindsArb = fc.dictionary(
  fc.constantFrom(...CONTRIBUTIONS),
  fc.constantFrom<ContributionKind>(...CONTRIBUTION_KINDS),
);

/** A random sequence of flows, and of later attributions of part of a flow's money to contributions. */
const sequenceArb = fc.array(
  fc.oneof(
    fc.integer({ min: 1, max: 1000 }).chain((n) => flowArb(n).map((flow) => ({ flow }))),
    fc.record({ attribute: fc.nat(), origins: fc.array(origin, { minLength: 1, maxLength: 3 }) }),
  ),
  { maxLength: 40 },
);

const sum = (groups: Map<unknown, FundTotals>): FundTotals => {
  const total = emptyTotals();
  for (const t of groups.values())
    for (const form of FLOW_FORMS) for (const stage of FLOW_STAGES) total[form][stage] += t[form][stage];
  return total;
};

describe('the fund breakdown', () => {
  it('adds up, by every dimension, to the fund’s totals after any sequence of flows', () => {
    fc.assert(
      fc.property(kindsArb, sequenceArb, (kinds, moves) => {
        const kindOf = (id: string) => kinds[id];
        const rows = new Map<string, BreakdownRow>();
        const recorded: BreakdownFlow[] = [];
        for (const move of moves) {
          if ('flow' in move) {
            recorded.push(move.flow);
            applyDeltas(rows, breakdownDeltas(move.flow, kindOf));
            continue;
          }
          // A draw whose origins were not known when its flow arrived: attributed now, at most what is unattributed.
          const flow = recorded[move.attribute % Math.max(recorded.length, 1)];
          if (!flow || flow.stage === 'RAISED') continue;
          const unattributed = amountsByKind(flow, kindOf).get('UNATTRIBUTED') ?? 0n;
          let left = unattributed;
          const origins = move.origins.flatMap((o) => {
            const part = o.amountFen < left ? o.amountFen : left;
            left -= part;
            return part > 0n ? [{ ...o, amountFen: part }] : [];
          });
          applyDeltas(rows, attributionDeltas(flow, origins, kindOf));
        }
        const totals = totalsOf(recorded);
        expect(totalsOfRows(rows.values())).toEqual(totals);
        for (const keyOf of [
          (r: BreakdownRow): unknown => r.incidentId,
          (r: BreakdownRow): unknown => r.receiver,
          (r: BreakdownRow): unknown => r.sourceKind,
          (r: BreakdownRow): unknown => r.toProject,
        ])
          expect(sum(groupRows(rows.values(), keyOf))).toEqual(totals);
        // The balance's parts add up to it, and it is what the stage figures leave, cash and in kind apart.
        const balance = fundBalance(projectSplitOf(rows.values()));
        const figures = fundFigures(totals);
        for (const [b, f] of [
          [balance, figures],
          [balance.cash, figures.cash],
          [balance.inKind, figures.inKind],
        ] as const) {
          expect(b.awaitingAllocationFen).toBe(f.unallocatedFen);
          expect(b.releasedWithProjectProgressFen + b.heldByRecipientsFen).toBe(f.undisbursedFen);
          expect(b.balanceFen).toBe(b.awaitingAllocationFen + f.undisbursedFen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits a flow by the kinds of the contributions its origins name, the rest unattributed', () => {
    const kinds: Record<string, ContributionKind> = { c1: 'APPROPRIATION', c2: 'DONATION' };
    const flow = {
      id: 'a1',
      stage: 'ALLOCATED' as const,
      reverses: null,
      amountFen: 1000n,
      sources: [
        {
          flowId: 'c1',
          amountFen: 600n,
          origins: [
            { contributionId: 'c1', amountFen: 500n },
            { contributionId: 'c2', amountFen: 100n },
          ],
        },
        { flowId: 'c3', amountFen: 400n, origins: [{ contributionId: 'c3', amountFen: 300n }] },
      ],
    };
    expect(amountsByKind(flow, (id) => kinds[id])).toEqual(
      new Map([
        ['APPROPRIATION', 500n],
        ['DONATION', 100n],
        ['UNATTRIBUTED', 400n],
      ]),
    );
    // A raised flow is of its contribution's kind; its reversal of the kind of the contribution it undoes.
    expect(amountsByKind({ ...flow, id: 'c2', stage: 'RAISED', sources: [] }, (id) => kinds[id])).toEqual(
      new Map([['DONATION', 1000n]]),
    );
    expect(
      amountsByKind({ ...flow, id: 'x9', reverses: 'c1', stage: 'RAISED', sources: [] }, (id) => kinds[id]),
    ).toEqual(new Map([['APPROPRIATION', 1000n]]));
  });

  it('counts a return against the organisation that gives the money back', () => {
    const base: BreakdownFlow = {
      id: 'r1',
      stage: 'ALLOCATED',
      reverses: 'a1',
      form: 'CASH',
      amountFen: 200n,
      sources: [],
      incidentId: 'i1',
      projectId: null,
      payerOrganisationId: 'o2',
      payeeOrganisationId: 'o1',
    };
    expect(breakdownDeltas(base, () => undefined)).toEqual([
      expect.objectContaining({
        receiver: 'o2',
        forwardFen: 0n,
        reversedFen: 200n,
        sourceKind: 'UNATTRIBUTED',
      }),
    ]);
  });

  it('splits the balance into money awaiting allocation and money released with project progress', () => {
    const rows: BreakdownRow[] = (
      [
        { form: 'CASH', stage: 'RAISED', netFen: 1000n, toProject: false },
        { form: 'IN_KIND', stage: 'RAISED', netFen: 300n, toProject: false },
        { form: 'CASH', stage: 'ALLOCATED', netFen: 600n, toProject: true },
        { form: 'CASH', stage: 'ALLOCATED', netFen: 100n, toProject: false },
        { form: 'IN_KIND', stage: 'ALLOCATED', netFen: 300n, toProject: false },
        { form: 'CASH', stage: 'DISBURSED', netFen: 250n, toProject: true },
      ] as const
    ).map((r) => ({ ...r, incidentId: 'i1', receiver: '', sourceKind: 'DONATION' as const }));
    expect(fundBalance(projectSplitOf(rows))).toEqual({
      balanceFen: 1050n,
      awaitingAllocationFen: 300n,
      releasedWithProjectProgressFen: 350n,
      heldByRecipientsFen: 400n,
      cash: {
        balanceFen: 750n,
        awaitingAllocationFen: 300n,
        releasedWithProjectProgressFen: 350n,
        heldByRecipientsFen: 100n,
      },
      inKind: {
        balanceFen: 300n,
        awaitingAllocationFen: 0n,
        releasedWithProjectProgressFen: 0n,
        heldByRecipientsFen: 300n,
      },
    });
  });
});
