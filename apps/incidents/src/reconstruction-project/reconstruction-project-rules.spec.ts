import { byAllocation } from '@emergency/domain';
import fc from 'fast-check';
import { DomainError } from '@emergency/graphql';
import {
  canMove,
  netOrigins,
  refundLastFirst,
  requireContractCovers,
  requireMove,
  requireNotBefore,
  requirePayable,
  requireProgress,
  requireSettlementMatches,
  type PaidOrigin,
} from './reconstruction-project-rules';
import { PROJECT_STATUSES, type ProjectStatus } from './reconstruction-project.entity';

const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.extensions : error;
  }
  return null;
};

describe('the project status machine', () => {
  const allowed: [ProjectStatus, ProjectStatus][] = [
    ['PLANNED', 'STARTED'],
    ['STARTED', 'COMPLETED'],
    ['COMPLETED', 'ACCEPTED'],
    ['ACCEPTED', 'SETTLED'],
  ];

  it.each(PROJECT_STATUSES.flatMap((from) => PROJECT_STATUSES.map((to) => [from, to] as const)))(
    'from %s to %s: allowed only when it is the next step',
    (from, to) => {
      const expected = allowed.some(([f, t]) => f === from && t === to);
      expect(canMove(from, to)).toBe(expected);
      expect(codeOf(() => requireMove(from, to))).toEqual(
        expected ? null : { code: 'PROJECT_TRANSITION_REFUSED', field: 'projectId', from, to },
      );
    },
  );

  it('takes money from started until settled', () => {
    expect(codeOf(() => requirePayable('PLANNED'))).toMatchObject({ code: 'PROJECT_NOT_STARTED' });
    for (const status of ['STARTED', 'COMPLETED', 'ACCEPTED'] as const) {
      expect(codeOf(() => requirePayable(status))).toBeNull();
    }
    expect(codeOf(() => requirePayable('SETTLED'))).toMatchObject({ code: 'PROJECT_STATUS_FORBIDS' });
  });

  it('dates each status change no earlier than the previous one', () => {
    expect(codeOf(() => requireNotBefore('2026-09-01', null, 'completedOn'))).toBeNull();
    expect(codeOf(() => requireNotBefore('2026-09-01', '2026-09-01', 'completedOn'))).toBeNull();
    expect(codeOf(() => requireNotBefore('2026-08-31', '2026-09-01', 'completedOn'))).toEqual({
      code: 'PROJECT_DATE_OUT_OF_ORDER',
      field: 'completedOn',
      previousOn: '2026-09-01',
    });
  });

  it('never lets progress decrease', () => {
    expect(codeOf(() => requireProgress(40, 40))).toBeNull();
    expect(codeOf(() => requireProgress(40, 100))).toBeNull();
    expect(codeOf(() => requireProgress(40, 39))).toMatchObject({
      code: 'PROGRESS_DECREASED',
      percentComplete: 40,
    });
  });
});

describe('contract over-payment', () => {
  const contract = { id: 'c', amountFen: 1000n };

  it('allows paying up to the contract amount, net of refunds, and refuses a fen more', () => {
    expect(codeOf(() => requireContractCovers(contract, 0n, 1000n))).toBeNull();
    expect(codeOf(() => requireContractCovers(contract, 600n, 400n))).toBeNull();
    expect(codeOf(() => requireContractCovers(contract, 600n, 401n))).toEqual({
      code: 'CONTRACT_OVERPAID',
      field: 'amountFen',
      contractId: 'c',
      contractFen: '1000',
      paidFen: '600',
      requestedFen: '401',
    });
  });

  it('holds for any amounts: refused exactly when paid + requested exceeds the contract', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (amountFen, paid, requested) => {
          const refused =
            codeOf(() => requireContractCovers({ id: 'c', amountFen }, paid, requested)) !== null;
          expect(refused).toBe(paid + requested > amountFen);
        },
      ),
    );
  });
});

describe('refunds, last drawn first', () => {
  const paid: PaidOrigin[] = [
    { position: 0, allocationId: 'a2', contributionId: 'k2', amountFen: 400n, refundedFen: 0n },
    { position: 1, allocationId: 'a2', contributionId: 'k3', amountFen: 50n, refundedFen: 0n },
    { position: 2, allocationId: 'a1', contributionId: 'k1', amountFen: 300n, refundedFen: 0n },
    { position: 3, allocationId: 'a1', contributionId: 'k2', amountFen: 50n, refundedFen: 20n },
  ];

  it('gives back from the last stretch, as far as each has money left', () => {
    expect(refundLastFirst(paid, 100n)).toEqual([
      { position: 3, allocationId: 'a1', contributionId: 'k2', amountFen: 30n },
      { position: 2, allocationId: 'a1', contributionId: 'k1', amountFen: 70n },
    ]);
    expect(refundLastFirst(paid, 781n)).toBeNull();
    expect(refundLastFirst(paid, 780n)?.reduce((s, b) => s + b.amountFen, 0n)).toBe(780n);
  });

  it('groups by allocation and nets what was refunded', () => {
    expect(byAllocation(refundLastFirst(paid, 100n)!)).toEqual([
      {
        allocationId: 'a1',
        amountFen: 100n,
        origins: [
          { contributionId: 'k2', amountFen: 30n },
          { contributionId: 'k1', amountFen: 70n },
        ],
      },
    ]);
    expect(netOrigins(paid)).toEqual([
      { contributionId: 'k2', amountFen: 430n },
      { contributionId: 'k3', amountFen: 50n },
      { contributionId: 'k1', amountFen: 300n },
    ]);
  });

  const stretches = fc
    .array(
      fc.record({
        allocationId: fc.constantFrom('a1', 'a2', 'a3'),
        contributionId: fc.constantFrom('k1', 'k2', 'k3', 'k4'),
        amountFen: fc.bigInt({ min: 1n, max: 10n ** 12n }),
        refundedFraction: fc.integer({ min: 0, max: 100 }),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .map((rows) =>
      rows.map((r, position) => ({
        position,
        allocationId: r.allocationId,
        contributionId: r.contributionId,
        amountFen: r.amountFen,
        refundedFen: (r.amountFen * BigInt(r.refundedFraction)) / 100n,
      })),
    );

  it('gives back exactly the amount, never more of a stretch than is left, and covers exactly what is left', () => {
    fc.assert(
      fc.property(stretches, fc.bigInt({ min: 1n, max: 10n ** 13n }), (rows, amountFen) => {
        const left = rows.reduce((s, r) => s + r.amountFen - r.refundedFen, 0n);
        const back = refundLastFirst(rows, amountFen);
        if (amountFen > left) {
          expect(back).toBeNull();
          return;
        }
        expect(back).not.toBeNull();
        expect(back!.reduce((s, b) => s + b.amountFen, 0n)).toBe(amountFen);
        for (const b of back!) {
          const row = rows.find((r) => r.position === b.position)!;
          expect(b.amountFen).toBeGreaterThan(0n);
          expect(b.amountFen).toBeLessThanOrEqual(row.amountFen - row.refundedFen);
        }
        // Last first: every stretch after the earliest one touched is given back in full.
        const earliest = Math.min(...back!.map((b) => b.position));
        for (const r of rows.filter((r) => r.position > earliest && r.amountFen > r.refundedFen)) {
          expect(back!.find((b) => b.position === r.position)?.amountFen).toBe(r.amountFen - r.refundedFen);
        }
        // What is left afterwards nets to the rest, contribution by contribution.
        const after = rows.map((r) => ({
          ...r,
          refundedFen: r.refundedFen + (back!.find((b) => b.position === r.position)?.amountFen ?? 0n),
        }));
        expect(netOrigins(after).reduce((s, o) => s + o.amountFen, 0n)).toBe(left - amountFen);
        expect(byAllocation(back!).reduce((s, g) => s + g.amountFen, 0n)).toBe(amountFen);
      }),
    );
  });
});

describe('the final account', () => {
  const contracts = [
    { id: 'c1', paidFen: 700n },
    { id: 'c2', paidFen: 0n },
  ];

  it('names every contract once at what was paid on it', () => {
    expect(
      codeOf(() =>
        requireSettlementMatches(contracts, [
          { contractId: 'c1', settledAmountFen: 700n },
          { contractId: 'c2', settledAmountFen: 0n },
        ]),
      ),
    ).toBeNull();
    expect(
      codeOf(() => requireSettlementMatches(contracts, [{ contractId: 'c1', settledAmountFen: 700n }])),
    ).toMatchObject({ code: 'SETTLEMENT_MISMATCH', contractId: 'c2', paidFen: '0' });
    expect(
      codeOf(() =>
        requireSettlementMatches(contracts, [
          { contractId: 'c1', settledAmountFen: 690n },
          { contractId: 'c2', settledAmountFen: 0n },
        ]),
      ),
    ).toMatchObject({ code: 'SETTLEMENT_MISMATCH', contractId: 'c1', paidFen: '700' });
    expect(
      codeOf(() =>
        requireSettlementMatches(contracts, [
          { contractId: 'c1', settledAmountFen: 700n },
          { contractId: 'c1', settledAmountFen: 700n },
        ]),
      ),
    ).toMatchObject({ code: 'SETTLEMENT_MISMATCH', contractId: 'c1', paidFen: null });
  });

  it('settles at more than zero: a project with nothing paid uses nothing', () => {
    expect(
      codeOf(() =>
        requireSettlementMatches([{ id: 'c2', paidFen: 0n }], [{ contractId: 'c2', settledAmountFen: 0n }]),
      ),
    ).toMatchObject({ code: 'SETTLEMENT_MISMATCH', contractId: 'c2', paidFen: '0' });
  });
});
