import {
  dissolveOrganisations,
  organisationIn,
  registerOrganisations,
  type TestSubgraph,
} from '@emergency/testing';
import {
  contribute,
  contributionInput,
  establishFund,
  reportIncident,
  startIncidents,
  written,
} from './fixtures';
import { FUND_CONTRIBUTIONS, RECORD_CONTRIBUTION } from './funds.operations';

type Page = {
  reconstructionFund: {
    contributions: {
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
  };
};

/** The money raised into a fund, against the real PostgreSQL and broker. */
describe('fund contributions', () => {
  let sut: TestSubgraph;

  beforeAll(async () => (sut = await startIncidents()), 120_000);
  afterAll(() => sut?.stop());

  it('refuses an amount that is not greater than zero with INVALID_AMOUNT', async () => {
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    expect(
      await sut.failure(
        RECORD_CONTRIBUTION,
        contributionInput(fund.id, { amountFen: '0', contributorName: 'X' }),
      ),
    ).toMatchObject({ code: 'INVALID_AMOUNT' });
  });

  it('refuses an unknown or dissolved payer, writing nothing', async () => {
    const dissolved = organisationIn('421121', 'Dissolved bureau');
    await registerOrganisations(sut, [dissolved]);
    await dissolveOrganisations(sut, [dissolved.id]);
    const unknown = organisationIn('421121').id; // never registered
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    const before = await written(sut);

    const paying = (payerOrganisationId: string) =>
      sut.failure(
        RECORD_CONTRIBUTION,
        contributionInput(fund.id, {
          kind: 'APPROPRIATION',
          status: 'PAID',
          amountFen: '100',
          contributorName: 'X',
          payerOrganisationId,
        }),
      );
    expect(await paying(unknown)).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'payerOrganisationId',
    });
    expect(await paying(dissolved.id)).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'payerOrganisationId',
    });
    expect(await written(sut)).toEqual(before);
  });

  it('pages through a fund’s contributions oldest first', async () => {
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    const ids = [];
    for (const amountFen of ['1', '2', '3']) ids.push((await contribute(sut, fund.id, { amountFen })).id);
    const first = (await sut.call<Page>(FUND_CONTRIBUTIONS, { id: fund.id, first: 2 })).reconstructionFund
      .contributions;
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await sut.call<Page>(FUND_CONTRIBUTIONS, { id: fund.id, first: 2, after: first.pageInfo.endCursor })
    ).reconstructionFund.contributions;
    expect(second.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});
