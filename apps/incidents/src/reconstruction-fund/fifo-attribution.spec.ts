import fc from 'fast-check';
import {
  attributeFifo,
  availableFen,
  directedElsewhereFen,
  directedTo,
  fifoOrder,
  isDirected,
  type AllocationTarget,
  type OpenContribution,
} from './fifo-attribution';

const at = (iso: string) => new Date(iso);
const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** Paid contributions with distinct ids, a few sharing a creation time, some already fully drawn. */
const openContributions = fc.uniqueArray(
  fc.record({
    id: fc.uuid(),
    createdAt: fc.integer({ min: 0, max: 20 }).map((ms) => new Date(Date.UTC(2026, 6, 1) + ms)),
    remainingFen: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 15n })),
  }),
  { selector: (c) => c.id, maxLength: 12 },
);

/** Contributions plus an amount that they can cover. */
const coverable = openContributions
  .filter((open) => availableFen(open) > 0n)
  .chain((open) => fc.tuple(fc.constant(open), fc.bigInt({ min: 1n, max: availableFen(open) })));

describe('FIFO attribution of an allocation to paid contributions', () => {
  it('draws on the oldest contribution first and moves on when it is used up', () => {
    const open: OpenContribution[] = [
      { id: id(2), createdAt: at('2026-07-02T00:00:00Z'), remainingFen: 500n },
      { id: id(1), createdAt: at('2026-07-01T00:00:00Z'), remainingFen: 300n },
      { id: id(3), createdAt: at('2026-07-03T00:00:00Z'), remainingFen: 900n },
    ];
    expect(attributeFifo(open, 700n)).toEqual([
      { contributionId: id(1), amountFen: 300n },
      { contributionId: id(2), amountFen: 400n },
    ]);
  });

  it('breaks ties in creation time by id and skips contributions with nothing left', () => {
    const same = at('2026-07-01T00:00:00Z');
    const open: OpenContribution[] = [
      { id: id(9), createdAt: same, remainingFen: 10n },
      { id: id(4), createdAt: same, remainingFen: 0n },
      { id: id(5), createdAt: same, remainingFen: 10n },
    ];
    expect(attributeFifo(open, 15n)).toEqual([
      { contributionId: id(5), amountFen: 10n },
      { contributionId: id(9), amountFen: 5n },
    ]);
  });

  it('attributes 10^15 fen exactly', () => {
    const open = [{ id: id(1), createdAt: at('2026-07-01T00:00:00Z'), remainingFen: 10n ** 15n + 7n }];
    expect(attributeFifo(open, 10n ** 15n)).toEqual([{ contributionId: id(1), amountFen: 10n ** 15n }]);
  });

  it('refuses amounts that are not positive or exceed what is available', () => {
    const open = [{ id: id(1), createdAt: at('2026-07-01T00:00:00Z'), remainingFen: 100n }];
    expect(() => attributeFifo(open, 0n)).toThrow(RangeError);
    expect(() => attributeFifo(open, -1n)).toThrow(RangeError);
    expect(() => attributeFifo(open, 101n)).toThrow(RangeError);
    expect(() => attributeFifo([], 1n)).toThrow(RangeError);
  });

  it('property: the sources add up to the amount and never exceed any contribution’s remainder', () => {
    fc.assert(
      fc.property(coverable, ([open, amount]) => {
        const draws = attributeFifo(open, amount);
        expect(draws.reduce((sum, d) => sum + d.amountFen, 0n)).toBe(amount);
        const remaining = new Map(open.map((c) => [c.id, c.remainingFen]));
        expect(new Set(draws.map((d) => d.contributionId)).size).toBe(draws.length);
        for (const draw of draws) {
          expect(draw.amountFen).toBeGreaterThan(0n);
          expect(draw.amountFen).toBeLessThanOrEqual(remaining.get(draw.contributionId) ?? -1n);
        }
      }),
    );
  });

  it('property: every contribution older than the last one drawn on is used up, and none newer is touched', () => {
    fc.assert(
      fc.property(coverable, ([open, amount]) => {
        const draws = attributeFifo(open, amount);
        const ordered = open.filter((c) => c.remainingFen > 0n).sort(fifoOrder);
        // The draws are exactly a prefix of the FIFO order: all in full but possibly the last.
        expect(draws.map((d) => d.contributionId)).toEqual(ordered.slice(0, draws.length).map((c) => c.id));
        draws.slice(0, -1).forEach((draw, i) => expect(draw.amountFen).toBe(ordered[i].remainingFen));
      }),
    );
  });

  it('property: an amount above the available total is refused', () => {
    fc.assert(
      fc.property(openContributions, fc.bigInt({ min: 1n, max: 10n ** 6n }), (open, excess) => {
        expect(() => attributeFifo(open, availableFen(open) + excess)).toThrow(RangeError);
      }),
    );
  });
});

const PURPOSES = ['SCHOOLS', 'HOUSING', 'LIVING_RELIEF'] as const;
const ORGANISATIONS = [id(101), id(102), id(103)];

/** Paid contributions, some directed to a purpose, a recipient or both, others undirected. */
const directedContributions = fc.uniqueArray(
  fc.record({
    id: fc.uuid(),
    createdAt: fc.integer({ min: 0, max: 20 }).map((ms) => new Date(Date.UTC(2026, 6, 1) + ms)),
    remainingFen: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 12n })),
    directedPurpose: fc.option(fc.constantFrom(...PURPOSES), { nil: null }),
    directedOrganisationId: fc.option(fc.constantFrom(...ORGANISATIONS), { nil: null }),
  }),
  { selector: (c) => c.id, maxLength: 12 },
);

const target: fc.Arbitrary<AllocationTarget> = fc.record({
  purposeCategory: fc.constantFrom(...PURPOSES),
  organisationId: fc.constantFrom(...ORGANISATIONS),
});

/** Contributions, an allocation's target, and an amount that what the target may draw covers. */
const coverableForTarget = fc
  .tuple(directedContributions, target)
  .filter(([open, t]) => availableFen(open, t) > 0n)
  .chain(([open, t]) =>
    fc.tuple(fc.constant(open), fc.constant(t), fc.bigInt({ min: 1n, max: availableFen(open, t) })),
  );

describe('directed money in the attribution of an allocation (ADR 26)', () => {
  const at0 = at('2026-07-01T00:00:00Z');
  const later = at('2026-07-02T00:00:00Z');
  const schoolsOfCounty: AllocationTarget = { purposeCategory: 'SCHOOLS', organisationId: id(101) };

  it('draws money directed to the allocation before older undirected money, and never money directed elsewhere', () => {
    const open: OpenContribution[] = [
      { id: id(1), createdAt: at0, remainingFen: 100n },
      { id: id(2), createdAt: later, remainingFen: 100n, directedPurpose: 'HOUSING' },
      { id: id(3), createdAt: later, remainingFen: 50n, directedPurpose: 'SCHOOLS' },
      { id: id(4), createdAt: later, remainingFen: 70n, directedOrganisationId: id(102) },
      {
        id: id(5),
        createdAt: later,
        remainingFen: 20n,
        directedPurpose: 'SCHOOLS',
        directedOrganisationId: id(101),
      },
    ];
    expect(attributeFifo(open, 120n, schoolsOfCounty)).toEqual([
      { contributionId: id(3), amountFen: 50n },
      { contributionId: id(5), amountFen: 20n },
      { contributionId: id(1), amountFen: 50n },
    ]);
    expect(availableFen(open, schoolsOfCounty)).toBe(170n);
    expect(directedElsewhereFen(open, schoolsOfCounty)).toBe(170n);
    expect(() => attributeFifo(open, 171n, schoolsOfCounty)).toThrow(RangeError);
    // Without a target only undirected money may be drawn.
    expect(availableFen(open)).toBe(100n);
  });

  it('property: money directed elsewhere is never drawn, and the draws add up to the amount exactly', () => {
    fc.assert(
      fc.property(coverableForTarget, ([open, t, amount]) => {
        const draws = attributeFifo(open, amount, t);
        expect(draws.reduce((sum, d) => sum + d.amountFen, 0n)).toBe(amount);
        const byId = new Map(open.map((c) => [c.id, c]));
        for (const draw of draws) {
          const c = byId.get(draw.contributionId)!;
          expect(!isDirected(c) || directedTo(c, t)).toBe(true);
          expect(draw.amountFen).toBeGreaterThan(0n);
          expect(draw.amountFen).toBeLessThanOrEqual(c.remainingFen);
        }
      }),
    );
  });

  it('property: matching directed money is drawn in full, oldest first, before any undirected money', () => {
    fc.assert(
      fc.property(coverableForTarget, ([open, t, amount]) => {
        const draws = attributeFifo(open, amount, t);
        const directed = open.filter((c) => c.remainingFen > 0n && directedTo(c, t)).sort(fifoOrder);
        const undirected = open.filter((c) => c.remainingFen > 0n && !isDirected(c)).sort(fifoOrder);
        const expectedOrder = [...directed, ...undirected].slice(0, draws.length);
        expect(draws.map((d) => d.contributionId)).toEqual(expectedOrder.map((c) => c.id));
        draws.slice(0, -1).forEach((d, i) => expect(d.amountFen).toBe(expectedOrder[i].remainingFen));
        const drawnUndirected = draws.some((d) => !isDirected(open.find((c) => c.id === d.contributionId)!));
        if (drawnUndirected) {
          const directedDrawn = draws.filter((d) => directed.some((c) => c.id === d.contributionId));
          expect(directedDrawn.map((d) => d.amountFen)).toEqual(directed.map((c) => c.remainingFen));
        }
      }),
    );
  });

  it('property: what is available and what is directed elsewhere add up to every open fen', () => {
    fc.assert(
      fc.property(directedContributions, target, (open, t) => {
        const all = open.reduce((sum, c) => sum + c.remainingFen, 0n);
        expect(availableFen(open, t) + directedElsewhereFen(open, t)).toBe(all);
        expect(() => attributeFifo(open, availableFen(open, t) + 1n, t)).toThrow(RangeError);
      }),
    );
  });
});
