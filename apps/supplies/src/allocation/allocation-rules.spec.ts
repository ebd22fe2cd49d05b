import type { Identity } from '@emergency/auth';
import {
  actsFor,
  allocationContributions,
  balanceOf,
  contributionsLeft,
  remainingFen,
} from './allocation-rules';
import type { KnownAllocationEntity, KnownAllocationSourceEntity } from './known-allocation.entity';

const COUNTY = '00000000-0000-4000-8000-00000000c001';
const OTHER_COUNTY = '00000000-0000-4000-8000-00000000c002';
const identities = {
  admin: (): Identity => ({ subject: 'admin', roles: ['admin'] }),
  auditor: (): Identity => ({ subject: 'auditor', roles: ['auditor'] }),
  operator: (regionCode: string, organisationId?: string): Identity => ({
    subject: 'operator',
    roles: ['operator'],
    regionCode,
    organisationId,
  }),
};

describe(actsFor.name, () => {
  it('lets admins, auditors and callers acting for no organisation act for any recipient', () => {
    expect(actsFor(identities.admin(), COUNTY)).toBe(true);
    expect(actsFor(identities.auditor(), COUNTY)).toBe(true);
    expect(actsFor(identities.operator('421121'), COUNTY)).toBe(true);
  });

  it('lets a caller acting for an organisation act for that organisation only', () => {
    expect(actsFor(identities.operator('421121', COUNTY), COUNTY)).toBe(true);
    expect(actsFor(identities.operator('421121', OTHER_COUNTY), COUNTY)).toBe(false);
  });
});

describe(balanceOf.name, () => {
  it('shows what is known, spent, returned and left, exactly in fen', () => {
    const allocation = {
      id: 'a1',
      amountFen: 1_000_000_000_000_000n,
      spentFen: 192_000_000n,
      returnedFen: 8_000_000n,
    } as KnownAllocationEntity;
    expect(remainingFen(allocation)).toBe(999_999_800_000_000n);
    expect(balanceOf(allocation)).toEqual({
      allocation: { id: 'a1' },
      amountFen: 1_000_000_000_000_000n,
      spentFen: 192_000_000n,
      returnedFen: 8_000_000n,
      remainingFen: 999_999_800_000_000n,
    });
  });

  it('never shows less than nothing left when a return and a purchase together over-draw it', () => {
    expect(remainingFen({ amountFen: 100n, spentFen: 70n, returnedFen: 50n })).toBe(0n);
  });
});

describe(contributionsLeft.name, () => {
  it('lists what is left of each contribution in the order drawn, never below zero', () => {
    const source = (
      position: number,
      contributionId: string,
      amountFen: bigint,
      usedFen: bigint,
      returnedFen: bigint,
    ) =>
      ({
        allocationId: 'a1',
        position,
        contributionId,
        amountFen,
        usedFen,
        returnedFen,
      }) as KnownAllocationSourceEntity;
    expect(
      contributionsLeft([
        source(1, 'c2', 500n, 0n, 100n),
        source(0, 'c1', 300n, 200n, 0n),
        source(2, 'c3', 10n, 10n, 5n),
      ]),
    ).toEqual([
      { contributionId: 'c1', amountFen: 100n },
      { contributionId: 'c2', amountFen: 400n },
      { contributionId: 'c3', amountFen: 0n },
    ]);
  });
});

describe(allocationContributions.name, () => {
  it('takes each source as its own contribution for events before the money model', () => {
    expect(
      allocationContributions(700n, [
        { flowId: 'c1', amountFen: '300' },
        { flowId: 'c2', amountFen: '400' },
      ]),
    ).toEqual([
      { contributionId: 'c1', amountFen: 300n },
      { contributionId: 'c2', amountFen: 400n },
    ]);
  });

  it('takes the origins of the money model, once each in the order first met, and refuses what does not add up', () => {
    const sources = [
      { flowId: 'c1', amountFen: '300', origins: [{ contributionId: 'c1', amountFen: '300' }] },
      {
        flowId: 'c2',
        amountFen: '400',
        origins: [
          { contributionId: 'c2', amountFen: '350' },
          { contributionId: 'c1', amountFen: '50' },
        ],
      },
    ];
    expect(allocationContributions(700n, sources)).toEqual([
      { contributionId: 'c1', amountFen: 350n },
      { contributionId: 'c2', amountFen: 350n },
    ]);
    expect(allocationContributions(701n, sources)).toBeNull();
  });
});
