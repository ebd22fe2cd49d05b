import { identities, type TestSubgraph } from '@emergency/testing';
import {
  contributeInFull,
  COUNTY_BUREAU,
  establishFund,
  NO_SUCH_ID,
  RED_CROSS,
  registerReceivers,
  reportIncident,
  startIncidents,
  TENTS,
  type ContributionInFull,
} from './fixtures';
import { CORRECT_CONTRIBUTION, DONATION_PUBLICATION } from './funds.operations';

interface Publication {
  from: string;
  to: string;
  count: number;
  cashFen: string;
  inKindFen: string;
  totalFen: string;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Record<string, unknown> & { contribution: { id: string } } }[];
}

/** The Charity Law's publication of donations received, through the subgraph. */
describe('donation publication', () => {
  let sut: TestSubgraph;
  let fundId: string;
  let organisationCash: ContributionInFull;
  let personDirected: ContributionInFull;
  let tents: ContributionInFull;

  const publication = async (
    variables: Record<string, unknown>,
    identity?: Parameters<TestSubgraph['call']>[2],
  ) =>
    (
      await sut.call<{ donationPublication: Publication | null }>(
        DONATION_PUBLICATION,
        { fundId, ...variables },
        identity,
      )
    ).donationPublication;

  beforeAll(async () => {
    sut = await startIncidents();
    await registerReceivers(sut);
    fundId = (await establishFund(sut, (await reportIncident(sut)).id)).id;
    // In the period, recorded out of payment order: the list follows the payment day.
    tents = await contributeInFull(sut, fundId, {
      ...TENTS,
      contributorName: 'Hubei Red Cross Society',
      receivingOrganisationId: RED_CROSS,
      directedOrganisationId: COUNTY_BUREAU,
      paidOn: '2026-07-12',
      voucherNumber: 'RC-0003',
    });
    organisationCash = await contributeInFull(sut, fundId, {
      amountFen: '50000000',
      contributorName: 'Wuhan Steel Group',
      receivingOrganisationId: RED_CROSS,
      paidOn: '2026-07-08',
      voucherNumber: 'RC-0001',
    });
    personDirected = await contributeInFull(sut, fundId, {
      amountFen: '20000',
      contributorType: 'PERSON',
      contributorName: 'Wang Xiaoming',
      channel: 'FOREIGN',
      directedPurpose: 'SCHOOLS',
      paidOn: '2026-07-10',
      voucherNumber: 'RC-0002',
    });
    // Not published in the period: before it, a pledge, an appropriation, a contribution corrected.
    await contributeInFull(sut, fundId, { paidOn: '2026-07-07', voucherNumber: 'RC-0000' });
    await contributeInFull(sut, fundId, { status: 'PLEDGED' });
    await contributeInFull(sut, fundId, {
      kind: 'APPROPRIATION',
      paidOn: '2026-07-09',
      voucherNumber: 'F-1',
    });
    const wrong = await contributeInFull(sut, fundId, {
      amountFen: '1',
      paidOn: '2026-07-09',
      voucherNumber: 'X',
    });
    await sut.call(CORRECT_CONTRIBUTION, {
      input: {
        id: wrong.id,
        reason: 'Keyed on the wrong fund line',
        corrected: {
          fundId,
          kind: 'DONATION',
          status: 'PLEDGED',
          amountFen: '1',
          contributorName: 'X',
          channel: 'DOMESTIC',
        },
      },
    });
  }, 120_000);
  afterAll(() => sut?.stop());

  it('lists the donations paid in the period, oldest payment first, a person’s name masked even for an admin', async () => {
    const list = (await publication({ from: '2026-07-08', to: '2026-07-12' }))!;
    expect(list.edges.map((e) => e.node.contribution.id)).toEqual([
      organisationCash.id,
      personDirected.id,
      tents.id,
    ]);
    expect(list.edges.map((e) => e.node)).toEqual([
      {
        contribution: { id: organisationCash.id },
        contributor: 'Wuhan Steel Group',
        contributorType: 'ORGANISATION',
        form: 'CASH',
        amountFen: '50000000',
        goods: [],
        valuationBasis: null,
        intent: 'UNDIRECTED',
        directedPurpose: null,
        directedOrganisation: null,
        channel: 'DOMESTIC',
        receivingOrganisation: { id: RED_CROSS },
        paidOn: '2026-07-08',
        voucherNumber: 'RC-0001',
      },
      {
        contribution: { id: personDirected.id },
        contributor: 'W************',
        contributorType: 'PERSON',
        form: 'CASH',
        amountFen: '20000',
        goods: [],
        valuationBasis: null,
        intent: 'DIRECTED',
        directedPurpose: 'SCHOOLS',
        directedOrganisation: null,
        channel: 'FOREIGN',
        receivingOrganisation: null,
        paidOn: '2026-07-10',
        voucherNumber: 'RC-0002',
      },
      {
        contribution: { id: tents.id },
        contributor: 'Hubei Red Cross Society',
        contributorType: 'ORGANISATION',
        form: 'IN_KIND',
        amountFen: '60000000',
        goods: [
          {
            description: 'Family tent',
            unit: 'piece',
            quantity: 500,
            unitValueFen: '120000',
            amountFen: '60000000',
          },
        ],
        valuationBasis: 'Manufacturer’s invoice',
        intent: 'DIRECTED',
        directedPurpose: null,
        directedOrganisation: { id: COUNTY_BUREAU },
        channel: 'DOMESTIC',
        receivingOrganisation: { id: RED_CROSS },
        paidOn: '2026-07-12',
        voucherNumber: 'RC-0003',
      },
    ]);
    expect(list).toMatchObject({
      from: '2026-07-08',
      to: '2026-07-12',
      count: 3,
      cashFen: '50020000',
      inKindFen: '60000000',
      totalFen: '110020000',
      pageInfo: { hasNextPage: false },
    });
  });

  it('includes both ends of the period and pages through it, the totals over every page', async () => {
    const first = (await publication({ from: '2026-07-10', to: '2026-07-12', first: 1 }))!;
    expect(first.edges.map((e) => e.node.contribution.id)).toEqual([personDirected.id]);
    expect(first).toMatchObject({
      count: 2,
      cashFen: '20000',
      inKindFen: '60000000',
      pageInfo: { hasNextPage: true },
    });
    const second = (await publication({
      from: '2026-07-10',
      to: '2026-07-12',
      first: 1,
      after: first.pageInfo.endCursor,
    }))!;
    expect(second.edges.map((e) => e.node.contribution.id)).toEqual([tents.id]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const oneDay = (await publication({ from: '2026-07-08', to: '2026-07-08' }))!;
    expect(oneDay.edges.map((e) => e.node.contribution.id)).toEqual([organisationCash.id]);
    const empty = (await publication({ from: '2026-06-01', to: '2026-07-01' }))!;
    expect(empty).toMatchObject({ edges: [], count: 0, cashFen: '0', inKindFen: '0', totalFen: '0' });
  });

  it('takes a period of up to 31 days, refusing a longer or reversed one and a date that is none', async () => {
    expect((await publication({ from: '2026-07-01', to: '2026-08-01' }))!.count).toBe(4);
    expect(
      await sut.failure(DONATION_PUBLICATION, { fundId, from: '2026-07-01', to: '2026-08-02' }),
    ).toMatchObject({
      code: 'PUBLICATION_PERIOD_INVALID',
      from: '2026-07-01',
      to: '2026-08-02',
    });
    expect(
      await sut.failure(DONATION_PUBLICATION, { fundId, from: '2026-07-12', to: '2026-07-08' }),
    ).toMatchObject({
      code: 'PUBLICATION_PERIOD_INVALID',
    });
    expect(
      await sut.failure(DONATION_PUBLICATION, { fundId, from: '2026-07-32', to: '2026-08-01' }),
    ).toMatchObject({
      code: 'INVALID_DATE',
      field: 'from',
    });
  });

  it('is visible exactly when the fund is', async () => {
    const period = { from: '2026-07-08', to: '2026-07-12' };
    expect((await publication(period, identities.auditor('420000')))!.count).toBe(3);
    expect((await publication(period, identities.operator('421100')))!.count).toBe(3);
    expect(await publication(period, identities.operator('420900'))).toBeNull();
    expect(await publication({ ...period, fundId: NO_SUCH_ID })).toBeNull();
  });
});
