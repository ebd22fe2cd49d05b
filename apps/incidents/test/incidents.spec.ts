import { identities, readTopic, subgraphRequest, type TestSubgraph } from '@emergency/testing';
import { ALLOCATE_FUND, ESTABLISH_FUND } from './funds.operations';
import {
  allocate,
  allocationInput,
  contribute,
  establishFund,
  FINANCE_BUREAU,
  fundInput,
  incidentInput,
  NO_SUCH_ID,
  reportIncident,
  startIncidents,
  written,
  COUNTY_BUREAU,
  publishedData,
} from './fixtures';
import { INCIDENT, INCIDENTS, REPORT_INCIDENT } from './incidents.operations';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Incident { id title category }
  ... on ReconstructionFund { id raisedFen availableFen }
  ... on FundAllocation { id amountFen sources { amountFen } }
} }`;
const ENTITY_IDS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Incident { id } ... on ReconstructionFund { id }
} }`;

/** A refused report: what every input check is tried on. */
const refusedReport = (regionCode: string) =>
  incidentInput({
    title: 'X',
    category: 'ACCIDENT',
    severity: 'IV',
    regionCode,
    occurredAt: '2026-07-01T00:00:00Z',
  });

type Page = {
  incidents: {
    edges: { node: { id: string; regionCode: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/** Incidents, against the real PostgreSQL and broker, called as the gateway would call the subgraph. */
describe('incidents', () => {
  let sut: TestSubgraph;

  beforeAll(async () => (sut = await startIncidents()), 120_000);
  afterAll(() => sut?.stop());

  it('keeps the subcategory, the reporting organisation and the figures first reported, and publishes them', async () => {
    const incident = await reportIncident(sut, {
      category: 'ACCIDENT',
      subcategory: 'MINING',
      reportingOrganisationId: COUNTY_BUREAU,
      figures: { deaths: 12, injured: 8, seriouslyInjured: 5, directLossFen: '5500000000' },
    });
    const { incident: read } = await sut.call<{ incident: Record<string, unknown> }>(
      `query($id: ID!) { incident(id: $id) {
        subcategory reportingOrganisation { id } figuresUpdatedAt
        figures { deaths missing injured seriouslyInjured directLossFen }
      } }`,
      { id: incident.id },
    );
    expect(read).toMatchObject({
      subcategory: 'MINING',
      reportingOrganisation: { id: COUNTY_BUREAU },
      figures: { deaths: 12, missing: null, injured: 8, seriouslyInjured: 5, directLossFen: '5500000000' },
    });
    expect(read.figuresUpdatedAt).toEqual(expect.any(String));
    const events = await readTopic(sut.topic);
    try {
      const data = await publishedData<Record<string, unknown>>(
        events,
        'incidents.IncidentReported.v2',
        (d) => d.incidentId === incident.id,
      );
      expect(data).toMatchObject({
        subcategory: 'MINING',
        reportingOrganisationId: COUNTY_BUREAU,
        figures: { deaths: 12, missing: null, directLossFen: '5500000000' },
      });
    } finally {
      await events.stop();
    }
  });

  it('refuses a subcategory of another category and impossible figures, writing nothing', async () => {
    const before = await written(sut);
    for (const [overrides, field] of [
      [{ category: 'ACCIDENT', subcategory: 'FLOOD' }, 'subcategory'],
      [{ figures: { deaths: -1 } }, 'figures.deaths'],
      [{ figures: { injured: 1, seriouslyInjured: 2 } }, 'figures.seriouslyInjured'],
      [{ figures: { directLossFen: '-5' } }, 'figures.directLossFen'],
    ] as const) {
      expect(await sut.failure(REPORT_INCIDENT, incidentInput(overrides))).toMatchObject({ field });
    }
    expect(await written(sut)).toEqual(before);
  });

  it('refuses a malformed region code with INVALID_REGION_CODE', async () => {
    expect(await sut.failure(REPORT_INCIDENT, refusedReport('4211'))).toMatchObject({
      code: 'INVALID_REGION_CODE',
    });
  });

  it('refuses a region the system does not serve with REGION_NOT_FOUND, writing nothing', async () => {
    const before = await written(sut);
    for (const regionCode of ['110000', '429999']) {
      // Beijing, on a Hubei system; and a well-formed code that is no division at all.
      expect(await sut.failure(REPORT_INCIDENT, refusedReport(regionCode))).toMatchObject({
        code: 'REGION_NOT_FOUND',
        field: 'regionCode',
      });
    }
    expect(await written(sut)).toEqual(before);
  });

  it('refuses requests without the gateway’s identity header (UNAUTHENTICATED), _entities included', async () => {
    const incident = await reportIncident(sut);
    const queries: [string, Record<string, unknown>][] = [
      [INCIDENTS, {}],
      [ENTITY_IDS, { r: [{ __typename: 'Incident', id: incident.id }] }],
    ];
    for (const [query, variables] of queries) {
      const res = await sut.request(query, variables, null);
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
    const forged = await subgraphRequest(sut.url, INCIDENTS, {}, identities.admin(), 'x'.repeat(40));
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves several entity references in one _entities call, and NOT_FOUND for one that dangles', async () => {
    const a = await reportIncident(sut, { title: 'Landslide, Badong' });
    const b = await reportIncident(sut, { title: 'Chemical plant fire', category: 'ACCIDENT' });
    const fund = await establishFund(sut, a.id);
    await contribute(sut, fund.id, { amountFen: '700' });
    const allocation = await allocate(sut, fund.id, { amountFen: '500' });
    const res = await sut.request<{ _entities: (Record<string, unknown> | null)[] }>(ENTITIES, {
      r: [
        { __typename: 'Incident', id: b.id },
        { __typename: 'Incident', id: a.id },
        { __typename: 'Incident', id: NO_SUCH_ID },
        { __typename: 'ReconstructionFund', id: fund.id },
        { __typename: 'FundAllocation', id: allocation.id },
        { __typename: 'FundAllocation', id: NO_SUCH_ID },
      ],
    });
    expect(res.data?._entities).toEqual([
      { id: b.id, title: 'Chemical plant fire', category: 'ACCIDENT' },
      { id: a.id, title: 'Landslide, Badong', category: 'NATURAL_DISASTER' },
      null,
      { id: fund.id, raisedFen: '700', availableFen: '200' },
      { id: allocation.id, amountFen: '500', sources: [{ amountFen: '500' }] },
      null,
    ]);
    // An id nothing has is a dangling reference: NOT_FOUND at its place, so the gateway nulls that one field.
    // Errors come in the order the references settle, not the order they were asked.
    const errors = (res.errors ?? []).map((e) => [e.path, e.extensions?.code]);
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        [['_entities', 2], 'NOT_FOUND'],
        [['_entities', 5], 'NOT_FOUND'],
      ]),
    );
  });

  it('pages through incidents newest first with first/after', async () => {
    const region = '429005'; // a county no other test reports in
    const reported: string[] = [];
    for (const day of [1, 2, 3, 4, 5]) {
      reported.push(
        (await reportIncident(sut, { regionCode: region, occurredAt: `2026-08-0${day}T00:00:00Z` })).id,
      );
    }
    const seen: string[] = [];
    const hasNext: boolean[] = [];
    let after: string | null = null;
    do {
      const { incidents }: Page = await sut.call<Page>(INCIDENTS, {
        filter: { regionCode: region },
        first: 2,
        after,
      });
      seen.push(...incidents.edges.map((e) => e.node.id));
      hasNext.push(incidents.pageInfo.hasNextPage);
      after = incidents.pageInfo.hasNextPage ? incidents.pageInfo.endCursor : null;
    } while (after);
    expect(hasNext).toEqual([true, true, false]);
    expect(seen).toEqual([...reported].reverse());

    const { incidents: accidents } = await sut.call<Page>(INCIDENTS, {
      filter: { regionCode: region, category: 'ACCIDENT' },
    });
    expect(accidents).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect(await sut.failure(INCIDENTS, { first: 0 })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await sut.failure(INCIDENTS, { after: 'bm9wZQ' })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('keeps a county operator to its own county', async () => {
    const operator = identities.operator('420102');
    const own = await reportIncident(sut, { regionCode: '420102', title: 'Jiang’an waterlogging' }, operator);
    const other = await reportIncident(sut, { regionCode: '420103', title: 'Jianghan waterlogging' });
    const otherFund = await establishFund(sut, other.id);

    const { incident: seenOther } = await sut.call<{ incident: unknown }>(
      INCIDENT,
      { id: other.id },
      operator,
    );
    expect(seenOther).toBeNull();
    const { incident: seenOwn } = await sut.call<{ incident: { id: string } }>(
      INCIDENT,
      { id: own.id },
      operator,
    );
    expect(seenOwn.id).toBe(own.id);

    const all = await sut.call<Page>(INCIDENTS, { first: 100 }, operator);
    expect(all.incidents.edges.map((e) => e.node.id)).toContain(own.id);
    expect(all.incidents.edges.every((e) => e.node.regionCode === '420102')).toBe(true);
    const asked = await sut.call<Page>(INCIDENTS, { filter: { regionCode: '420103' } }, operator);
    expect(asked.incidents.edges).toEqual([]);

    const { _entities } = await sut.call<{ _entities: unknown[] }>(
      ENTITY_IDS,
      {
        r: [
          { __typename: 'Incident', id: other.id },
          { __typename: 'ReconstructionFund', id: otherFund.id },
          { __typename: 'Incident', id: own.id },
        ],
      },
      operator,
    );
    expect(_entities).toEqual([null, null, { id: own.id }]);

    expect(
      await sut.failure(
        ESTABLISH_FUND,
        fundInput(other.id, { name: 'X', managingOrganisationId: FINANCE_BUREAU }),
        operator,
      ),
    ).toMatchObject({ code: 'INCIDENT_NOT_FOUND' });
    expect(
      await sut.failure(ALLOCATE_FUND, allocationInput(otherFund.id, { amountFen: '1' }), operator),
    ).toMatchObject({
      code: 'FUND_NOT_FOUND',
    });
    expect(await sut.failure(REPORT_INCIDENT, refusedReport('420103'), operator)).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
    });
  });
});
