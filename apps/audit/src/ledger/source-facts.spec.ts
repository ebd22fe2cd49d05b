import { allocationFactsOf, contributionFactsOf } from './source-facts';

const payee = (organisationId: string | null) => ({ payee: { organisationId } });

describe('the facts kept of contributions and allocations', () => {
  it('keeps what a contribution’s recording states, the receiver stated before the payee', () => {
    expect(
      contributionFactsOf({
        contributionId: 'c1',
        kind: 'APPROPRIATION',
        fiscalLevel: 'CENTRAL',
        programme: '中央自然灾害救灾资金',
        channel: null,
        directedPurpose: 'HOUSING',
        directedOrganisationId: null,
        receivingOrganisationId: 'county',
        money: payee('fund-manager'),
      }),
    ).toEqual({
      id: 'c1',
      kind: 'APPROPRIATION',
      fiscalLevel: 'CENTRAL',
      programme: '中央自然灾害救灾资金',
      channel: null,
      directedPurpose: 'HOUSING',
      directedOrganisationId: null,
      receiverOrganisationId: 'county',
    });
  });

  it('reads an older recording’s kind and payee, and leaves what it did not state null', () => {
    const v2 = contributionFactsOf({ contributionId: 'c2', kind: 'DONATION', money: payee('fund-manager') });
    const v1 = contributionFactsOf({
      contributionId: 'c3',
      kind: 'PARTY_DUES',
      payeeOrganisationId: 'party',
    });
    expect([v2?.receiverOrganisationId, v2?.channel, v2?.directedPurpose]).toEqual([
      'fund-manager',
      null,
      null,
    ]);
    expect([v1?.kind, v1?.receiverOrganisationId]).toEqual(['PARTY_DUES', 'party']);
  });

  it('keeps nothing of an event that names no contribution kind or no purpose category', () => {
    expect(contributionFactsOf({ contributionId: 'c4', money: payee(null) })).toBeNull();
    expect(contributionFactsOf({ contributionId: 'c4', kind: 'LOAN' })).toBeNull();
    expect(allocationFactsOf({ allocationId: 'a1', money: payee(null) })).toBeNull();
    expect(allocationFactsOf({ allocationId: 'a1', purposeCategory: 'HOUSING' })).toEqual({
      id: 'a1',
      purposeCategory: 'HOUSING',
    });
  });
});
