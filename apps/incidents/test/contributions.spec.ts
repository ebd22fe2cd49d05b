import { chinaToday } from '@emergency/domain';
import {
  dissolveOrganisations,
  identities,
  organisationIn,
  readTopic,
  registerOrganisations,
  type TestSubgraph,
  type TopicReader,
} from '@emergency/testing';
import {
  contribute,
  contributeInFull,
  contributionInput,
  COUNTY_BUREAU,
  establishFund,
  FINANCE_BUREAU,
  fundTotals,
  NO_SUCH_ID,
  publishedData,
  RED_CROSS,
  registerReceivers,
  reportIncident,
  startIncidents,
  TENTS,
  written,
  writtenByContributions,
  type ContributionInFull,
} from './fixtures';
import { FUND_CONTRIBUTIONS, FUND_CONTRIBUTIONS_IN_FULL, RECORD_CONTRIBUTION } from './funds.operations';

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

  let events: TopicReader;

  beforeAll(async () => {
    sut = await startIncidents();
    await registerReceivers(sut);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

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

  it('records a central appropriation with its level and programme, published as FundContributionRecorded v3', async () => {
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    const recorded = await contributeInFull(sut, fund.id, {
      kind: 'APPROPRIATION',
      status: 'COMMITTED',
      amountFen: '5000000000',
      contributorName: 'Ministry of Finance',
      fiscalLevel: 'CENTRAL',
      programme: 'Central disaster recovery subsidy',
    });
    expect(recorded).toMatchObject({
      kind: 'APPROPRIATION',
      status: 'COMMITTED',
      contributorType: 'ORGANISATION',
      contributorName: 'Ministry of Finance',
      fiscalLevel: 'CENTRAL',
      programme: 'Central disaster recovery subsidy',
      form: 'CASH',
      goods: [],
      channel: null,
      paidOn: null,
      voucherNumber: null,
      corrects: null,
    });
    const data = await publishedData<{ contributionId: string }>(
      events,
      'incidents.FundContributionRecorded.v3',
      (d) => d.contributionId === recorded.id,
    );
    expect(data).toEqual({
      contributionId: recorded.id,
      kind: 'APPROPRIATION',
      status: 'COMMITTED',
      contributorType: 'ORGANISATION',
      fiscalLevel: 'CENTRAL',
      programme: 'Central disaster recovery subsidy',
      channel: null,
      receivingOrganisationId: null,
      directedPurpose: null,
      directedOrganisationId: null,
      paidOn: null,
      voucherNumber: null,
      correctsId: null,
      money: {
        flowId: recorded.id,
        stage: 'PLEDGED',
        reverses: null,
        fundId: fund.id,
        allocationId: null,
        projectId: null,
        incidentId: fund.incident.id,
        amountFen: '5000000000',
        currency: 'CNY',
        form: 'CASH',
        goods: [],
        valuationBasis: null,
        payer: { organisationId: null, name: 'Ministry of Finance' },
        payee: { organisationId: FINANCE_BUREAU, name: null },
        sources: [],
        description:
          'Central appropriation from Ministry of Finance, programme Central disaster recovery subsidy',
        occurredAt: expect.any(String),
      },
    });
    expect(await fundTotals(sut, fund.id)).toMatchObject({ pledgedFen: '5000000000', raisedFen: '0' });
  });

  it('records a person’s directed donation in kind received by the Red Cross, the name masked in its event', async () => {
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    const recorded = await contributeInFull(sut, fund.id, {
      ...TENTS,
      contributorType: 'PERSON',
      contributorName: '张三丰',
      channel: 'HONG_KONG_MACAO_TAIWAN',
      receivingOrganisationId: RED_CROSS,
      directedPurpose: 'LIVING_RELIEF',
      directedOrganisationId: COUNTY_BUREAU,
      paidOn: '2026-07-08',
      voucherNumber: 'RC-2026-0042',
    });
    expect(recorded).toMatchObject({
      kind: 'DONATION',
      status: 'PAID',
      amountFen: '60000000',
      contributorType: 'PERSON',
      contributorName: '张三丰', // an admin reads it in full
      form: 'IN_KIND',
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
      channel: 'HONG_KONG_MACAO_TAIWAN',
      receivingOrganisation: { id: RED_CROSS },
      directedPurpose: 'LIVING_RELIEF',
      directedOrganisation: { id: COUNTY_BUREAU },
      paidOn: '2026-07-08',
      voucherNumber: 'RC-2026-0042',
    });
    const items = await sut.db.query(
      `SELECT position, description, unit, quantity, unit_value_fen::text AS unit_value, allocated_quantity
       FROM contribution_item WHERE contribution_id = $1`,
      [recorded.id],
    );
    expect(items.rows).toEqual([
      {
        position: 0,
        description: 'Family tent',
        unit: 'piece',
        quantity: 500,
        unit_value: '120000',
        allocated_quantity: 0,
      },
    ]);

    const data = await publishedData<{ contributionId: string; money: Record<string, unknown> }>(
      events,
      'incidents.FundContributionRecorded.v3',
      (d) => d.contributionId === recorded.id,
    );
    expect(data).toMatchObject({
      contributorType: 'PERSON',
      channel: 'HONG_KONG_MACAO_TAIWAN',
      receivingOrganisationId: RED_CROSS,
      directedPurpose: 'LIVING_RELIEF',
      directedOrganisationId: COUNTY_BUREAU,
      paidOn: '2026-07-08',
      voucherNumber: 'RC-2026-0042',
      money: {
        stage: 'RAISED',
        amountFen: '60000000',
        form: 'IN_KIND',
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
        payer: { organisationId: null, name: '张**' },
        payee: { organisationId: RED_CROSS, name: null },
        description: 'Donation in kind from 张**, directed to living relief: 500 × Family tent',
      },
    });
    // The personal name stays in this service's database.
    expect(JSON.stringify(events.messages.map((m) => m.value))).not.toContain('张三丰');

    const names = async (identity: Parameters<TestSubgraph['call']>[2]) =>
      (
        await sut.call<{ reconstructionFund: { contributions: { edges: { node: ContributionInFull }[] } } }>(
          FUND_CONTRIBUTIONS_IN_FULL,
          { id: fund.id },
          identity,
        )
      ).reconstructionFund.contributions.edges.map((e) => e.node.contributorName);
    expect(await names(identities.operator('421100'))).toEqual(['张三丰']);
    expect(await names(identities.auditor('420000'))).toEqual(['张**']);

    expect(await fundTotals(sut, fund.id)).toEqual({
      pledgedFen: '0',
      raisedFen: '60000000',
      raisedCashFen: '0',
      raisedInKindFen: '60000000',
      allocatedFen: '0',
      availableFen: '0', // goods are not money to allocate
    });
  });

  it('records special party dues', async () => {
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    const recorded = await contributeInFull(sut, fund.id, {
      kind: 'PARTY_DUES',
      amountFen: '800000',
      contributorName: 'Organisation Department of the Provincial Party Committee',
    });
    expect(recorded).toMatchObject({ kind: 'PARTY_DUES', status: 'PAID', channel: null, fiscalLevel: null });
    expect(await fundTotals(sut, fund.id)).toMatchObject({ raisedCashFen: '800000', availableFen: '800000' });
  });

  describe('refuses, writing nothing,', () => {
    const tomorrow = () =>
      new Date(Date.parse(`${chinaToday()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const dissolvedReceiver = organisationIn('420000', 'Dissolved charity');
    let fundId: string;

    beforeAll(async () => {
      await registerOrganisations(sut, [dissolvedReceiver]);
      await dissolveOrganisations(sut, [dissolvedReceiver.id]);
      fundId = (await establishFund(sut, (await reportIncident(sut)).id)).id;
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      [
        'an appropriation without its level',
        { kind: 'APPROPRIATION', fiscalLevel: null },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'fiscalLevel' },
      ],
      [
        'a level for a donation',
        { fiscalLevel: 'COUNTY' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'fiscalLevel' },
      ],
      [
        'a programme for party dues',
        { kind: 'PARTY_DUES', programme: 'X' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'programme' },
      ],
      [
        'a donation without its channel',
        { channel: null },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'channel' },
      ],
      [
        'a channel for an appropriation',
        { kind: 'APPROPRIATION', channel: 'FOREIGN' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'channel' },
      ],
      [
        'a direction for an appropriation',
        { kind: 'APPROPRIATION', directedPurpose: 'SCHOOLS' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'directedPurpose' },
      ],
      [
        'goods in kind from a government',
        { ...TENTS, kind: 'APPROPRIATION' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'form' },
      ],
      [
        'goods lines for cash',
        { goods: TENTS.goods },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'goods' },
      ],
      [
        'a valuation for cash',
        { valuationBasis: 'Market price' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'valuationBasis' },
      ],
      [
        'goods in kind without lines',
        { ...TENTS, goods: [] },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'goods' },
      ],
      [
        'goods in kind without a valuation',
        { ...TENTS, valuationBasis: null },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'valuationBasis' },
      ],
      [
        'an amount that is not the lines’ total',
        { ...TENTS, amountFen: '59999999' },
        {
          code: 'GOODS_TOTAL_MISMATCH',
          field: 'amountFen',
          amountFen: '59999999',
          goodsTotalFen: '60000000',
        },
      ],
      [
        'a goods line of no value',
        { ...TENTS, goods: [{ ...TENTS.goods[0], unitValueFen: '0' }] },
        { code: 'INVALID_AMOUNT', field: 'goods[0].unitValueFen' },
      ],
      [
        'cash without an amount',
        { amountFen: null },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'amountFen' },
      ],
      [
        'a payment without its day',
        { paidOn: null },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'paidOn' },
      ],
      [
        'a payment without its voucher',
        { voucherNumber: null },
        { code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'voucherNumber' },
      ],
      ['a payment day that is no day', { paidOn: '2026-02-30' }, { code: 'INVALID_DATE', field: 'paidOn' }],
      [
        'a pledge with a payment day',
        { status: 'PLEDGED', paidOn: '2026-07-08' },
        { code: 'CONTRIBUTION_FIELD_NOT_ALLOWED', field: 'paidOn' },
      ],
      [
        'a status reached only by a move',
        { status: 'WITHDRAWN' },
        { code: 'BAD_USER_INPUT', field: 'status' },
      ],
      [
        'an unknown receiving organisation',
        { receivingOrganisationId: NO_SUCH_ID },
        { code: 'ORGANISATION_UNKNOWN', field: 'receivingOrganisationId' },
      ],
      [
        'a dissolved receiving organisation',
        { receivingOrganisationId: dissolvedReceiver.id },
        { code: 'ORGANISATION_DISSOLVED', field: 'receivingOrganisationId' },
      ],
      [
        'an unknown directed recipient',
        { directedOrganisationId: NO_SUCH_ID },
        { code: 'ORGANISATION_UNKNOWN', field: 'directedOrganisationId' },
      ],
    ])('%s', async (_what, overrides, refusal) => {
      const before = await writtenByContributions(sut);
      expect(await sut.failure(RECORD_CONTRIBUTION, contributionInput(fundId, overrides))).toMatchObject(
        refusal,
      );
      expect(await writtenByContributions(sut)).toEqual(before);
    });

    it('a payment day in the future (China time)', async () => {
      const before = await writtenByContributions(sut);
      expect(
        await sut.failure(RECORD_CONTRIBUTION, contributionInput(fundId, { paidOn: tomorrow() })),
      ).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'paidOn' });
      expect(await writtenByContributions(sut)).toEqual(before);
    });

    it('a fund that does not exist', async () => {
      const before = await writtenByContributions(sut);
      expect(await sut.failure(RECORD_CONTRIBUTION, contributionInput(NO_SUCH_ID))).toMatchObject({
        code: 'FUND_NOT_FOUND',
      });
      expect(await writtenByContributions(sut)).toEqual(before);
    });
  });
});
