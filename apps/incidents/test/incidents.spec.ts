import type { INestApplication } from '@nestjs/common';
import type { Identity } from '@emergency/auth';
import { Client } from 'pg';
import { OrganisationRegisteredV1Contract, OrganisationUpdated } from '@emergency/contracts';
import { createKafka, domainTopic } from '@emergency/events';
import { startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  eventually,
  dissolveOrganisations,
  identities,
  organisationIn,
  publishEvent,
  registerOrganisations,
  testProducer,
  subgraphRequest,
  testKafkaBrokers,
  uniqueName,
  useTestEnvironment,
} from '@emergency/testing';
import { AppModule } from '../src/app.module';

// Registered through the organisations topic before the tests run: a provincial bureau manages the funds, so
// allocations may go to any organisation of the province.
const FINANCE_BUREAU = '00000000-0000-4000-8000-00000000f001';
const COUNTY_BUREAU = '00000000-0000-4000-8000-00000000c001';
const TEN_TO_THE_15 = '1000000000000000';

interface Fund {
  id: string;
  name: string;
  pledgedFen: string;
  raisedFen: string;
  allocatedFen: string;
  availableFen: string;
}
interface Source {
  amountFen: string;
  contribution: { id: string };
}
interface Allocation {
  id: string;
  amountFen: string;
  sources: Source[];
}

/** The incidents subgraph against the real PostgreSQL and broker, called as the gateway would call it. */
describe('incidents subgraph', () => {
  let app: INestApplication;
  let url: string;
  let db: Client;
  let topicPrefix: string;

  beforeAll(async () => {
    topicPrefix = await useTestEnvironment('incidents');
    const running = await startSubgraph(AppModule, 'incidents', 4004, 0);
    app = running.app;
    url = running.url;
    db = new Client({ connectionString: process.env.DATABASE_URL, options: '-c search_path=incidents' });
    await db.connect();
    await registerOrganisations({ db, topicPrefix }, [
      { id: FINANCE_BUREAU, name: 'Hubei Provincial Department of Finance', regionCode: '420000' },
      { id: COUNTY_BUREAU, name: 'Tuanfeng County Emergency Management Bureau', regionCode: '421121' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  const call = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    identity = identities.admin(),
  ) => dataOf(await subgraphRequest<T>(url, query, variables, identity));

  /** The first error's message, code (and details) of an operation that must fail. */
  const failure = async (
    query: string,
    variables: Record<string, unknown> = {},
    identity = identities.admin(),
  ) => {
    const res = await subgraphRequest(url, query, variables, identity);
    expect(res.errors?.length).toBeGreaterThan(0);
    return { message: res.errors![0].message, ...(res.errors![0].extensions ?? {}) };
  };

  const count = async (table: string) =>
    Number(((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n);

  const REPORT = `mutation($input: ReportIncidentInput!) {
    reportIncident(input: $input) { id title category severity regionCode occurredAt status createdAt }
  }`;
  const ESTABLISH = `mutation($input: EstablishReconstructionFundInput!) {
    establishReconstructionFund(input: $input) {
      id name incident { id } managingOrganisation { id } pledgedFen raisedFen allocatedFen availableFen
    }
  }`;
  const CONTRIBUTE = `mutation($input: RecordFundContributionInput!) {
    recordFundContribution(input: $input) {
      id kind status amountFen contributorName payerOrganisation { id } fund { id }
    }
  }`;
  const ALLOCATE = `mutation($input: AllocateFundInput!) {
    allocateFund(input: $input) {
      id amountFen purpose recipientOrganisation { id } fund { id }
      sources { amountFen contribution { id amountFen status } }
    }
  }`;
  const FUND = `query($id: ID!) {
    reconstructionFund(id: $id) { id name pledgedFen raisedFen allocatedFen availableFen }
  }`;

  const report = async (
    overrides: Record<string, unknown> = {},
    identity: Identity = identities.admin(),
  ): Promise<{ id: string; regionCode: string; occurredAt: string; status: string }> =>
    (
      await call<{ reportIncident: { id: string; regionCode: string; occurredAt: string; status: string } }>(
        REPORT,
        {
          input: {
            title: 'Ju River flood, Huanggang',
            category: 'NATURAL_DISASTER',
            severity: 'II',
            regionCode: '421100',
            occurredAt: '2026-07-06T04:30:00+08:00',
            ...overrides,
          },
        },
        identity,
      )
    ).reportIncident;

  const establish = async (incidentId: string, name = 'Flood reconstruction fund'): Promise<Fund> =>
    (
      await call<{ establishReconstructionFund: Fund }>(ESTABLISH, {
        input: { incidentId, name, managingOrganisationId: FINANCE_BUREAU },
      })
    ).establishReconstructionFund;

  const contribute = async (fundId: string, amountFen: string, status = 'PAID', kind = 'DONATION') =>
    (
      await call<{ recordFundContribution: { id: string; amountFen: string; status: string } }>(CONTRIBUTE, {
        input: { fundId, kind, status, amountFen, contributorName: 'Hubei Charity Federation' },
      })
    ).recordFundContribution;

  const allocationInput = (fundId: string, amountFen: string) => ({
    input: { fundId, organisationId: COUNTY_BUREAU, amountFen, purpose: 'Temporary housing' },
  });
  const allocate = async (fundId: string, amountFen: string) =>
    (await call<{ allocateFund: Allocation }>(ALLOCATE, allocationInput(fundId, amountFen))).allocateFund;

  const fundById = async (id: string) =>
    (await call<{ reconstructionFund: Fund }>(FUND, { id })).reconstructionFund;

  it('reports an incident, sets up a fund, raises money into it and allocates it, with correct totals', async () => {
    const incident = await report();
    expect(incident).toMatchObject({
      regionCode: '421100',
      status: 'REPORTED',
      occurredAt: '2026-07-05T20:30:00.000Z',
    });

    const fund = await establish(incident.id);
    expect(fund).toMatchObject({
      incident: { id: incident.id },
      managingOrganisation: { id: FINANCE_BUREAU },
      pledgedFen: '0',
      raisedFen: '0',
      allocatedFen: '0',
      availableFen: '0',
    });

    const appropriation = (
      await call<{ recordFundContribution: Record<string, unknown> }>(CONTRIBUTE, {
        input: {
          fundId: fund.id,
          kind: 'APPROPRIATION',
          status: 'PAID',
          amountFen: '5000000000',
          contributorName: 'Hubei Provincial People’s Government',
          payerOrganisationId: FINANCE_BUREAU,
        },
      })
    ).recordFundContribution;
    expect(appropriation).toMatchObject({
      kind: 'APPROPRIATION',
      status: 'PAID',
      amountFen: '5000000000',
      payerOrganisation: { id: FINANCE_BUREAU },
      fund: { id: fund.id },
    });
    await contribute(fund.id, '100000', 'PLEDGED');
    await contribute(fund.id, '200000', 'COMMITTED');
    const paidDonation = await contribute(fund.id, '300000', 'PAID');
    expect(paidDonation).toMatchObject({ status: 'PAID', amountFen: '300000' });

    const allocation = (
      await call<{ allocateFund: Record<string, unknown> }>(ALLOCATE, allocationInput(fund.id, '1200000000'))
    ).allocateFund;
    expect(allocation).toMatchObject({
      amountFen: '1200000000',
      purpose: 'Temporary housing',
      recipientOrganisation: { id: COUNTY_BUREAU },
      fund: { id: fund.id },
      sources: [
        {
          amountFen: '1200000000',
          contribution: { id: appropriation.id, amountFen: '5000000000', status: 'PAID' },
        },
      ],
    });

    expect(await fundById(fund.id)).toMatchObject({
      pledgedFen: '5000600000', // every contribution, whatever its status
      raisedFen: '5000300000', // PAID only
      allocatedFen: '1200000000',
      availableFen: '3800300000',
    });

    const { incident: read } = await call<{
      incident: {
        funds: {
          id: string;
          contributions: { edges: { node: { amountFen: string; status: string } }[] };
          allocations: { edges: { node: { id: string } }[] };
        }[];
      };
    }>(
      `query($id: ID!) { incident(id: $id) { funds {
        id
        contributions { edges { node { amountFen status } } }
        allocations { edges { node { id } } }
      } } }`,
      { id: incident.id },
    );
    expect(read.funds.map((f) => f.id)).toEqual([fund.id]);
    expect(read.funds[0].contributions.edges.map((e) => [e.node.amountFen, e.node.status])).toEqual([
      ['5000000000', 'PAID'],
      ['100000', 'PLEDGED'],
      ['200000', 'COMMITTED'],
      ['300000', 'PAID'],
    ]);
    expect(read.funds[0].allocations.edges.map((e) => e.node.id)).toEqual([allocation.id]);

    const { fundAllocation } = await call<{ fundAllocation: { id: string; amountFen: string } }>(
      `query($id: ID!) { fundAllocation(id: $id) { id amountFen } }`,
      { id: allocation.id },
    );
    expect(fundAllocation).toEqual({ id: allocation.id, amountFen: '1200000000' });
  });

  it('carries 10^15 fen through GraphQL, the database and the event exactly', async () => {
    const fund = await establish((await report()).id, 'Very large fund');
    const contribution = await contribute(fund.id, TEN_TO_THE_15);
    expect(contribution.amountFen).toBe(TEN_TO_THE_15);
    const allocation = await allocate(fund.id, TEN_TO_THE_15);
    expect(allocation.amountFen).toBe(TEN_TO_THE_15);
    expect(allocation.sources).toEqual([
      {
        amountFen: TEN_TO_THE_15,
        contribution: { id: contribution.id, amountFen: TEN_TO_THE_15, status: 'PAID' },
      },
    ]);
    expect(await fundById(fund.id)).toMatchObject({
      pledgedFen: TEN_TO_THE_15,
      raisedFen: TEN_TO_THE_15,
      allocatedFen: TEN_TO_THE_15,
      availableFen: '0',
    });
    const stored = await db.query(`SELECT amount_fen::text AS amount FROM fund_allocation WHERE id = $1`, [
      allocation.id,
    ]);
    expect(stored.rows).toEqual([{ amount: TEN_TO_THE_15 }]);
    const event = await db.query(
      `SELECT payload FROM outbox WHERE event_type = 'incidents.FundAllocated.v2' AND payload->>'allocationId' = $1`,
      [allocation.id],
    );
    expect(event.rows[0].payload).toMatchObject({
      money: { amountFen: TEN_TO_THE_15, sources: [{ flowId: contribution.id, amountFen: TEN_TO_THE_15 }] },
    });
  });

  it('refuses an allocation above the paid money with INSUFFICIENT_FUNDS, writing and publishing nothing', async () => {
    const fund = await establish((await report()).id);
    await contribute(fund.id, '1000', 'PAID');
    await contribute(fund.id, '5000', 'PLEDGED'); // pledged money cannot be allocated
    const before = {
      allocations: await count('fund_allocation'),
      sources: await count('allocation_source'),
      outbox: await count('outbox'),
    };

    const error = await failure(ALLOCATE, allocationInput(fund.id, '1001'));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', availableFen: '1000', requestedFen: '1001' });

    expect({
      allocations: await count('fund_allocation'),
      sources: await count('allocation_source'),
      outbox: await count('outbox'),
    }).toEqual(before);
    expect(await fundById(fund.id)).toMatchObject({
      raisedFen: '1000',
      allocatedFen: '0',
      availableFen: '1000',
    });
  });

  it('validates input with stable codes', async () => {
    const fund = await establish((await report()).id);
    await contribute(fund.id, '1000');
    expect(await failure(ALLOCATE, allocationInput(fund.id, '0'))).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await failure(ALLOCATE, allocationInput(fund.id, '-1'))).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await failure(ALLOCATE, allocationInput(fund.id, '1.5'))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(
      await failure(CONTRIBUTE, {
        input: { fundId: fund.id, kind: 'DONATION', status: 'PAID', amountFen: '0', contributorName: 'X' },
      }),
    ).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(
      await failure(ALLOCATE, allocationInput('00000000-0000-4000-8000-000000000000', '1')),
    ).toMatchObject({
      code: 'FUND_NOT_FOUND',
    });
    expect(
      await failure(ESTABLISH, {
        input: {
          incidentId: '00000000-0000-4000-8000-000000000000',
          name: 'X',
          managingOrganisationId: FINANCE_BUREAU,
        },
      }),
    ).toMatchObject({ code: 'INCIDENT_NOT_FOUND' });
    expect(
      await failure(REPORT, {
        input: {
          title: 'X',
          category: 'ACCIDENT',
          severity: 'IV',
          regionCode: '4211',
          occurredAt: '2026-07-01T00:00:00Z',
        },
      }),
    ).toMatchObject({ code: 'INVALID_REGION_CODE' });
  });

  /** Rows of every table a refused write could touch, and the outbox. */
  const written = async () => ({
    incidents: await count('incident'),
    funds: await count('reconstruction_fund'),
    contributions: await count('fund_contribution'),
    allocations: await count('fund_allocation'),
    sources: await count('allocation_source'),
    outbox: await count('outbox'),
  });

  it('refuses a region the system does not serve with REGION_NOT_FOUND, writing nothing', async () => {
    const before = await written();
    for (const regionCode of ['110000', '429999']) {
      // Beijing, on a Hubei system; and a well-formed code that is no division at all.
      const input = {
        title: 'X',
        category: 'ACCIDENT',
        severity: 'IV',
        regionCode,
        occurredAt: '2026-07-01T00:00:00Z',
      };
      expect(await failure(REPORT, { input })).toMatchObject({
        code: 'REGION_NOT_FOUND',
        field: 'regionCode',
      });
    }
    expect(await written()).toEqual(before);
  });

  it('refuses an unknown or dissolved managing organisation or payer, writing nothing', async () => {
    const dissolved = organisationIn('421121', 'Dissolved bureau');
    await registerOrganisations({ db, topicPrefix }, [dissolved]);
    await dissolveOrganisations({ db, topicPrefix }, [dissolved.id]);
    const unknown = organisationIn('421121').id; // never registered
    const incident = await report();
    const fund = await establish(incident.id);
    const before = await written();

    const establishing = (managingOrganisationId: string) =>
      failure(ESTABLISH, { input: { incidentId: incident.id, name: 'X', managingOrganisationId } });
    const unknownError = await establishing(unknown);
    expect(unknownError).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'managingOrganisationId',
      organisationId: unknown,
    });
    // The projection is eventually consistent: the message says the organisation may only be not known yet.
    expect(unknownError.message).toMatch(/not known to incidents \(yet\).*retry shortly/);
    expect(await establishing(dissolved.id)).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'managingOrganisationId',
    });

    const paying = (payerOrganisationId: string) =>
      failure(CONTRIBUTE, {
        input: {
          fundId: fund.id,
          kind: 'APPROPRIATION',
          status: 'PAID',
          amountFen: '100',
          contributorName: 'X',
          payerOrganisationId,
        },
      });
    expect(await paying(unknown)).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'payerOrganisationId',
    });
    expect(await paying(dissolved.id)).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'payerOrganisationId',
    });
    expect(await written()).toEqual(before);
  });

  it('allocates only to an active organisation within the managing organisation’s region, writing nothing otherwise', async () => {
    const huanggangFinance = organisationIn('421100', 'Huanggang Municipal Finance Bureau');
    const tuanfeng = organisationIn('421121', 'Tuanfeng County Civil Affairs Bureau');
    const xiaogan = organisationIn('420902', 'Xiaonan District Emergency Management Bureau');
    const dissolved = organisationIn('421122', 'Hong’an County Relief Station');
    await registerOrganisations({ db, topicPrefix }, [huanggangFinance, tuanfeng, xiaogan, dissolved]);
    await dissolveOrganisations({ db, topicPrefix }, [dissolved.id]);
    const fund = (
      await call<{ establishReconstructionFund: Fund }>(ESTABLISH, {
        input: {
          incidentId: (await report()).id,
          name: 'Huanggang fund',
          managingOrganisationId: huanggangFinance.id,
        },
      })
    ).establishReconstructionFund;
    await contribute(fund.id, '1000');
    const allocating = (organisationId: string) => ({
      input: { fundId: fund.id, organisationId, amountFen: '100', purpose: 'Tents' },
    });
    const before = await written();

    const unknown = organisationIn('421121').id;
    expect(await failure(ALLOCATE, allocating(unknown))).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'organisationId',
    });
    expect(await failure(ALLOCATE, allocating(dissolved.id))).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'organisationId',
    });
    // An operator of one prefecture's fund cannot pass its money to another prefecture.
    expect(await failure(ALLOCATE, allocating(xiaogan.id))).toMatchObject({
      code: 'RECIPIENT_OUTSIDE_JURISDICTION',
      field: 'organisationId',
      organisationId: xiaogan.id,
    });
    expect(await written()).toEqual(before);

    const allowed = await call<{ allocateFund: { recipientOrganisation: { id: string } } }>(
      ALLOCATE,
      allocating(tuanfeng.id),
    );
    expect(allowed.allocateFund.recipientOrganisation.id).toBe(tuanfeng.id);
  });

  it('learns organisations from v1 registrations and follows their updates', async () => {
    const id = organisationIn('421121').id;
    const producer = await testProducer();
    const topic = domainTopic('organisations', topicPrefix);
    const base = { organisationId: id, type: 'SCHOOL', regionCode: '421121', parentId: null };
    try {
      await publishEvent(producer, topic, OrganisationRegisteredV1Contract, id, {
        ...base,
        name: 'Old name',
      });
      await publishEvent(producer, topic, OrganisationUpdated, id, {
        ...base,
        name: 'Tuanfeng No. 1 Middle School',
        sector: null,
        changes: ['name'],
      });
    } finally {
      await producer.disconnect();
    }
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT name, region_code, status FROM known_organisation WHERE id = $1`,
        [id],
      );
      expect(rows).toEqual([
        { name: 'Tuanfeng No. 1 Middle School', region_code: '421121', status: 'ACTIVE' },
      ]);
    });
    const fund = await establish((await report()).id);
    await contribute(fund.id, '100');
    const allocation = await call<{ allocateFund: { recipientOrganisation: { id: string } } }>(ALLOCATE, {
      input: { fundId: fund.id, organisationId: id, amountFen: '100', purpose: 'Classroom repairs' },
    });
    expect(allocation.allocateFund.recipientOrganisation.id).toBe(id);
  });

  it('attributes allocations FIFO to the paid contributions, oldest first, across contributions', async () => {
    const fund = await establish((await report()).id);
    const first = await contribute(fund.id, '300', 'PAID');
    await contribute(fund.id, '999', 'PLEDGED'); // never drawn on
    const second = await contribute(fund.id, '500', 'PAID');

    const simplify = (a: Allocation) => a.sources.map((s) => [s.contribution.id, s.amountFen]);
    expect(simplify(await allocate(fund.id, '200'))).toEqual([[first.id, '200']]);
    expect(simplify(await allocate(fund.id, '400'))).toEqual([
      [first.id, '100'],
      [second.id, '300'],
    ]);
    expect(simplify(await allocate(fund.id, '200'))).toEqual([[second.id, '200']]);
    expect(await fundById(fund.id)).toMatchObject({
      raisedFen: '800',
      allocatedFen: '800',
      availableFen: '0',
    });
    expect(await failure(ALLOCATE, allocationInput(fund.id, '1'))).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      availableFen: '0',
      requestedFen: '1',
    });
  });

  it('never lets concurrent allocations together exceed the paid money', async () => {
    const fund = await establish((await report()).id);
    await contribute(fund.id, '40');
    await contribute(fund.id, '35');
    await contribute(fund.id, '25');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => subgraphRequest(url, ALLOCATE, allocationInput(fund.id, '30'))),
    );
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(3);
    for (const r of results.filter((r) => r.errors))
      expect(r.errors?.[0].extensions?.code).toBe('INSUFFICIENT_FUNDS');
    expect(await fundById(fund.id)).toMatchObject({
      raisedFen: '100',
      allocatedFen: '90',
      availableFen: '10',
    });
    // No contribution is drawn on beyond its amount, and every allocation is fully attributed.
    const overdrawn = await db.query(
      `SELECT c.id FROM fund_contribution c JOIN allocation_source s ON s.contribution_id = c.id
       WHERE c.fund_id = $1 GROUP BY c.id, c.amount_fen HAVING sum(s.amount_fen) > c.amount_fen`,
      [fund.id],
    );
    expect(overdrawn.rows).toEqual([]);
    const unbalanced = await db.query(
      `SELECT a.id FROM fund_allocation a JOIN allocation_source s ON s.allocation_id = a.id
       WHERE a.fund_id = $1 GROUP BY a.id, a.amount_fen HAVING sum(s.amount_fen) <> a.amount_fen`,
      [fund.id],
    );
    expect(unbalanced.rows).toEqual([]);
  });

  it('lets an auditor read but not change anything (FORBIDDEN)', async () => {
    const incident = await report();
    const fund = await establish(incident.id);
    await contribute(fund.id, '1000');
    const auditor = identities.auditor();
    const attempts: [string, Record<string, unknown>][] = [
      [
        REPORT,
        {
          input: {
            title: 'X',
            category: 'ACCIDENT',
            severity: 'IV',
            regionCode: '421100',
            occurredAt: '2026-07-01T00:00:00Z',
          },
        },
      ],
      [ESTABLISH, { input: { incidentId: incident.id, name: 'X', managingOrganisationId: FINANCE_BUREAU } }],
      [
        CONTRIBUTE,
        {
          input: { fundId: fund.id, kind: 'DONATION', status: 'PAID', amountFen: '1', contributorName: 'X' },
        },
      ],
      [ALLOCATE, allocationInput(fund.id, '1')],
    ];
    for (const [mutation, variables] of attempts) {
      expect(await failure(mutation, variables, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await fundById(fund.id)).toMatchObject({ raisedFen: '1000', allocatedFen: '0' });
    const read = await call<{ reconstructionFund: Fund }>(FUND, { id: fund.id }, auditor);
    expect(read.reconstructionFund.id).toBe(fund.id);
  });

  it('refuses requests without the gateway’s identity header (UNAUTHENTICATED), _entities included', async () => {
    const incident = await report();
    const queries: [string, Record<string, unknown>][] = [
      ['{ incidents { edges { node { id } } } }', {}],
      [
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { id title } } }',
        { r: [{ __typename: 'Incident', id: incident.id }] },
      ],
    ];
    for (const [query, variables] of queries) {
      const res = await subgraphRequest(url, query, variables, null);
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
    const forged = await subgraphRequest(
      url,
      '{ incidents { edges { node { id } } } }',
      {},
      identities.admin(),
      'x'.repeat(40),
    );
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves several entity references in one _entities call, and NOT_FOUND for one that dangles', async () => {
    const a = await report({ title: 'Landslide, Badong' });
    const b = await report({ title: 'Chemical plant fire', category: 'ACCIDENT' });
    const fund = await establish(a.id);
    await contribute(fund.id, '700');
    const allocation = await allocate(fund.id, '500');
    const res = await subgraphRequest<{ _entities: (Record<string, unknown> | null)[] }>(
      url,
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Incident { id title category }
        ... on ReconstructionFund { id raisedFen availableFen }
        ... on FundAllocation { id amountFen sources { amountFen } }
      } }`,
      {
        r: [
          { __typename: 'Incident', id: b.id },
          { __typename: 'Incident', id: a.id },
          { __typename: 'Incident', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'ReconstructionFund', id: fund.id },
          { __typename: 'FundAllocation', id: allocation.id },
          { __typename: 'FundAllocation', id: '00000000-0000-4000-8000-000000000000' },
        ],
      },
    );
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
      reported.push((await report({ regionCode: region, occurredAt: `2026-08-0${day}T00:00:00Z` })).id);
    }
    const PAGE = `query($after: String) {
      incidents(filter: { regionCode: "${region}" }, first: 2, after: $after) {
        edges { cursor node { id occurredAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      incidents: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const seen: string[] = [];
    const hasNext: boolean[] = [];
    let after: string | null = null;
    do {
      const { incidents }: Page = await call<Page>(PAGE, { after });
      seen.push(...incidents.edges.map((e) => e.node.id));
      hasNext.push(incidents.pageInfo.hasNextPage);
      after = incidents.pageInfo.hasNextPage ? incidents.pageInfo.endCursor : null;
    } while (after);
    expect(hasNext).toEqual([true, true, false]);
    expect(seen).toEqual([...reported].reverse());

    const { incidents: accidents } = await call<Page>(
      `{ incidents(filter: { regionCode: "${region}", category: ACCIDENT }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(accidents).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect(await failure('{ incidents(first: 0) { edges { cursor } } }')).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await failure('{ incidents(after: "bm9wZQ") { edges { cursor } } }')).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('pages through a fund’s contributions oldest first', async () => {
    const fund = await establish((await report()).id);
    const ids = [];
    for (const amount of ['1', '2', '3']) ids.push((await contribute(fund.id, amount)).id);
    type Page = {
      reconstructionFund: {
        contributions: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const PAGE = `query($id: ID!, $after: String) { reconstructionFund(id: $id) {
      contributions(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
    } }`;
    const first = (await call<Page>(PAGE, { id: fund.id })).reconstructionFund.contributions;
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await call<Page>(PAGE, { id: fund.id, after: first.pageInfo.endCursor }))
      .reconstructionFund.contributions;
    expect(second.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('keeps a county operator to its own county', async () => {
    const operator = identities.operator('420102');
    const own = await report({ regionCode: '420102', title: 'Jiang’an waterlogging' }, operator);
    const other = await report({ regionCode: '420103', title: 'Jianghan waterlogging' });
    const otherFund = await establish(other.id);

    const { incident: seenOther } = await call<{ incident: unknown }>(
      `query($id: ID!) { incident(id: $id) { id } }`,
      { id: other.id },
      operator,
    );
    expect(seenOther).toBeNull();
    const { incident: seenOwn } = await call<{ incident: { id: string } }>(
      `query($id: ID!) { incident(id: $id) { id } }`,
      { id: own.id },
      operator,
    );
    expect(seenOwn.id).toBe(own.id);

    type List = { incidents: { edges: { node: { id: string; regionCode: string } }[] } };
    const all = await call<List>(
      `{ incidents(first: 100) { edges { node { id regionCode } } } }`,
      {},
      operator,
    );
    expect(all.incidents.edges.map((e) => e.node.id)).toContain(own.id);
    expect(all.incidents.edges.every((e) => e.node.regionCode === '420102')).toBe(true);
    const asked = await call<List>(
      `{ incidents(filter: { regionCode: "420103" }) { edges { node { id regionCode } } } }`,
      {},
      operator,
    );
    expect(asked.incidents.edges).toEqual([]);

    const { _entities } = await call<{ _entities: unknown[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { id } ... on ReconstructionFund { id } } }`,
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
      await failure(
        ESTABLISH,
        { input: { incidentId: other.id, name: 'X', managingOrganisationId: FINANCE_BUREAU } },
        operator,
      ),
    ).toMatchObject({ code: 'INCIDENT_NOT_FOUND' });
    expect(await failure(ALLOCATE, allocationInput(otherFund.id, '1'), operator)).toMatchObject({
      code: 'FUND_NOT_FOUND',
    });
    expect(
      await failure(
        REPORT,
        {
          input: {
            title: 'X',
            category: 'ACCIDENT',
            severity: 'IV',
            regionCode: '420103',
            occurredAt: '2026-07-01T00:00:00Z',
          },
        },
        operator,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
  });

  it('writes an outbox row for each event in the same transaction and publishes it as a CloudEvent keyed by aggregate', async () => {
    const incident = await report({ title: 'Event trail' });
    const fund = await establish(incident.id, 'Event trail fund');
    const contribution = await contribute(fund.id, '900');
    const allocation = await allocate(fund.id, '600');

    const expected = [
      { type: 'incidents.IncidentReported.v1', key: incident.id, data: { incidentId: incident.id } },
      {
        type: 'incidents.ReconstructionFundEstablished.v1',
        key: fund.id,
        data: {
          fundId: fund.id,
          incidentId: incident.id,
          managingOrganisationId: FINANCE_BUREAU,
          currency: 'CNY',
        },
      },
      {
        type: 'incidents.FundContributionRecorded.v2',
        key: fund.id,
        data: {
          contributionId: contribution.id,
          money: { amountFen: '900', payee: { organisationId: FINANCE_BUREAU } },
        },
      },
      {
        type: 'incidents.FundAllocated.v2',
        key: fund.id,
        data: {
          allocationId: allocation.id,
          money: {
            amountFen: '600',
            payer: { organisationId: FINANCE_BUREAU },
            payee: { organisationId: COUNTY_BUREAU },
            sources: [{ flowId: contribution.id, amountFen: '600' }],
          },
        },
      },
    ];

    // One outbox row per event, relayed (sent_at set) shortly after commit.
    const rows = await eventually(
      async () => {
        const result = await db.query(
          `SELECT event_id, event_type, message_key, topic, sent_at FROM outbox
           WHERE message_key = ANY($1::text[]) ORDER BY seq`,
          [[incident.id, fund.id]],
        );
        const found = result.rows as {
          event_id: string;
          event_type: string;
          message_key: string;
          topic: string;
          sent_at: Date | null;
        }[];
        expect(found.map((r) => [r.event_type, r.message_key])).toEqual(expected.map((e) => [e.type, e.key]));
        expect(found.every((r) => r.sent_at !== null)).toBe(true);
        return found;
      },
      { timeoutMs: 20_000 },
    );
    const topic = domainTopic('incidents', topicPrefix);
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set([topic]));

    const kafka = createKafka({
      brokers: testKafkaBrokers(),
      clientId: 'incidents-spec',
      idempotentProducer: false,
    });
    const consumer = kafka.consumer({
      groupId: uniqueName('incidents-spec'),
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
    const received = new Map<
      string,
      { key: string; headers: Record<string, string>; data: Record<string, unknown> }
    >();
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          received.set(headers.ce_id, {
            key: message.key?.toString() ?? '',
            headers,
            data: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
          });
        },
      });
      await eventually(
        async () => {
          for (const row of rows) expect(received.has(row.event_id)).toBe(true);
        },
        { timeoutMs: 30_000 },
      );
    } finally {
      await consumer.disconnect();
    }

    rows.forEach((row, i) => {
      const message = received.get(row.event_id)!;
      expect(message.key).toBe(expected[i].key);
      expect(message.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_id: row.event_id,
        ce_type: expected[i].type,
        ce_source: '/emergency/incidents',
        ce_subject: expected[i].key,
        ce_dataschema: `urn:emergency:event-schema:${expected[i].type}`,
        'content-type': 'application/json',
      });
      expect(message.headers.ce_correlationid).toBeTruthy();
      expect(message.headers.ce_actorid).toBe('test-admin');
      expect(message.data).toMatchObject(expected[i].data);
    });
  }, 60_000);
});
