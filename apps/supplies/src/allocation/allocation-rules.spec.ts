import type { Identity } from '@emergency/auth';
import { actsFor, balanceOf, remainingFen } from './allocation-rules';
import type { KnownAllocationEntity } from './known-allocation.entity';

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
  it('shows what is known, spent and left, exactly in fen', () => {
    const allocation = {
      id: 'a1',
      amountFen: 1_000_000_000_000_000n,
      spentFen: 192_000_000n,
    } as KnownAllocationEntity;
    expect(remainingFen(allocation)).toBe(999_999_808_000_000n);
    expect(balanceOf(allocation)).toEqual({
      allocation: { id: 'a1' },
      amountFen: 1_000_000_000_000_000n,
      spentFen: 192_000_000n,
      remainingFen: 999_999_808_000_000n,
    });
  });
});
