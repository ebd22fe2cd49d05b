import { Client } from 'pg';
import { eventually, gatewayRequest, identities, userToken } from '@emergency/testing';
import { startSystem, type TestSystem } from './system';

/** The whole system in one process: five subgraphs on one test database (a schema each), the broker, the gateway. */
describe('a reconstruction fund traced end to end through the gateway', () => {
  let system: TestSystem;
  let gateway: TestSystem['gateway'];
  let admin: string;

  beforeAll(async () => {
    system = await startSystem({ REGION_DATA_SCOPE: '421100' });
    gateway = system.gateway;
    admin = system.admin;
  }, 120_000);

  afterAll(() => system?.stop());

  const call = <T>(query: string, variables: Record<string, unknown> = {}, token = admin) =>
    system.call<T>(query, variables, token);

  const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }`;
  const register = async (name: string, type: string, regionCode: string) =>
    (await call<{ registerOrganisation: { id: string } }>(REGISTER, { input: { name, type, regionCode } }))
      .registerOrganisation;

  /**
   * `fn`, retried for a while: the incidents service learns of an organisation registered moments ago from the
   * organisations topic, and until then answers ORGANISATION_UNKNOWN.
   */
  const onceKnown = <T>(fn: () => Promise<T>) => eventually(fn, { timeoutMs: 30_000 });

  const reportIncident = async (regionCode = '421100') =>
    (
      await call<{ reportIncident: { id: string } }>(
        `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
        {
          input: {
            title: 'Ju River flood, Huanggang',
            category: 'NATURAL_DISASTER',
            severity: 'II',
            regionCode,
            occurredAt: '2026-07-06T04:30:00+08:00',
          },
        },
      )
    ).reportIncident;

  const establish = (
    incidentId: string,
    managingOrganisationId: string,
    name = 'Flood reconstruction fund',
  ) =>
    onceKnown(
      async () =>
        (
          await call<{ establishReconstructionFund: { id: string } }>(
            `mutation($input: EstablishReconstructionFundInput!) { establishReconstructionFund(input: $input) { id } }`,
            { input: { incidentId, name, managingOrganisationId } },
          )
        ).establishReconstructionFund,
    );

  it('raises, allocates and spends money, and the audit trace reconciles to the fen across services', async () => {
    const finance = await register('Hubei Provincial Department of Finance', 'FINANCE_BUREAU', '420000');
    const county = await register(
      'Tuanfeng County Emergency Management Bureau',
      'EMERGENCY_MANAGEMENT_OFFICE',
      '421121',
    );
    const incident = await reportIncident();
    const fund = await establish(incident.id, finance.id, 'Huanggang flood reconstruction fund');
    // 50,000,000.00 CNY appropriated and paid.
    const { recordFundContribution: contribution } = await call<{ recordFundContribution: { id: string } }>(
      `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { id amountFen } }`,
      {
        input: {
          fundId: fund.id,
          kind: 'APPROPRIATION',
          fiscalLevel: 'PROVINCIAL',
          status: 'PAID',
          paidOn: '2026-07-08',
          voucherNumber: 'HBCZ-2026-0708-01',
          amountFen: '5000000000',
          contributorName: 'Hubei Provincial People’s Government',
          payerOrganisationId: finance.id,
        },
      },
    );
    // 12,000,000.00 CNY allocated to the county.
    const { allocateFund: allocation } = await onceKnown(() =>
      call<{ allocateFund: { id: string } }>(
        `mutation($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`,
        {
          input: {
            fundId: fund.id,
            organisationId: county.id,
            amountFen: '1200000000',
            purposeCategory: 'SUPPLIES',
            purpose: 'Emergency supplies for displaced households',
          },
        },
      ),
    );

    // Supplies learns of the allocation by event; until then it answers ALLOCATION_UNKNOWN.
    const procurement = await eventually(
      async () =>
        (
          await call<{ recordProcurement: { id: string; amountFen: string } }>(
            `mutation($input: RecordProcurementInput!) { recordProcurement(input: $input) { id amountFen } }`,
            {
              input: {
                allocationId: allocation.id,
                supplierName: 'Wuhan Relief Materials Co., Ltd.',
                itemDescription: 'Family tents, 12 m²',
                quantity: 1500,
                unitPriceFen: '128000',
              },
            },
          )
        ).recordProcurement,
      { timeoutMs: 30_000 },
    );
    expect(procurement.amountFen).toBe('192000000'); // 1,500 × 1,280.00 CNY

    interface Trace {
      fundTrace: {
        raisedFen: string;
        allocatedFen: string;
        spentFen: string;
        reconciled: boolean;
        incident: { id: string; title: string };
        flows: {
          edges: {
            node: {
              id: string;
              stage: string;
              amountFen: string;
              payee: { name: string } | null;
              payer: { name: string } | null;
              incident: { title: string };
              origins: { flow: { id: string; stage: string }; amountFen: string }[];
            };
          }[];
        };
      };
    }
    const auditor = await userToken(identities.auditor());
    const trace = await eventually(
      async () => {
        const { fundTrace } = await call<Trace>(
          `query($fundId: ID!) {
            fundTrace(fundId: $fundId) {
              raisedFen allocatedFen spentFen reconciled
              incident { id title }
              flows(first: 50) { edges { node {
                id stage amountFen
                payer { name } payee { name }
                incident { title }
                origins { flow { id stage } amountFen }
              } } }
            }
          }`,
          { fundId: fund.id },
          auditor,
        );
        expect(fundTrace.spentFen).toBe('192000000');
        return fundTrace;
      },
      { timeoutMs: 30_000 },
    );

    expect(trace).toMatchObject({
      raisedFen: '5000000000',
      allocatedFen: '1200000000',
      spentFen: '192000000',
      reconciled: true,
      incident: { id: incident.id, title: 'Ju River flood, Huanggang' },
    });
    const flows = trace.flows.edges.map((e) => e.node);
    const allocated = flows.find((f) => f.stage === 'ALLOCATED');
    // Resolved by federation from the organisations and incidents subgraphs.
    expect(allocated?.payee?.name).toBe('Tuanfeng County Emergency Management Bureau');
    expect(allocated?.payer?.name).toBe('Hubei Provincial Department of Finance');
    expect(allocated?.incident.title).toBe('Ju River flood, Huanggang');
    // The purchase traced backwards to the contribution that paid for it.
    const spent = flows.find((f) => f.id === procurement.id);
    expect(spent?.stage).toBe('DISBURSED');
    expect(spent?.payer?.name).toBe('Tuanfeng County Emergency Management Bureau');
    expect(spent?.origins).toEqual([
      { flow: { id: contribution.id, stage: 'RAISED' }, amountFen: '192000000' },
    ]);

    // The county sees what it bought; the prefecture's incident behind it is outside its jurisdiction, which
    // empties that one field, not the list.
    const countyOperator = await userToken(identities.operator('421121', county.id));
    const { procurements } = await call<{
      procurements: {
        edges: { node: { id: string; amountFen: string; incident: { title: string } | null } }[];
      };
    }>(`{ procurements { edges { node { id amountFen incident { title } } } } }`, {}, countyOperator);
    expect(procurements.edges.map((e) => e.node)).toEqual([
      { id: procurement.id, amountFen: '192000000', incident: null },
    ]);
  });

  it('carries 10^15 fen through the gateway exactly', async () => {
    const finance = await register('Hubei Provincial Department of Finance', 'FINANCE_BUREAU', '420000');
    const fund = await establish((await reportIncident('420000')).id, finance.id, 'Large fund');
    const { recordFundContribution } = await call<{ recordFundContribution: { amountFen: string } }>(
      `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { amountFen } }`,
      {
        input: {
          fundId: fund.id,
          kind: 'DONATION',
          channel: 'DOMESTIC',
          status: 'PAID',
          paidOn: '2026-07-08',
          voucherNumber: 'V-1',
          amountFen: '1000000000000000',
          contributorName: 'Donor',
        },
      },
    );
    expect(recordFundContribution.amountFen).toBe('1000000000000000');
  });

  it('nulls only the field of a dangling organisation reference, with an error at its path, and returns the rest', async () => {
    const finance = await register('Huanggang Municipal Finance Bureau', 'FINANCE_BUREAU', '421100');
    const incident = await reportIncident();
    const sound = await establish(incident.id, finance.id, 'Housing fund');
    const dangling = await establish(incident.id, finance.id, 'Fund recorded before references were checked');
    // A row as one written before organisations were checked may hold it: its organisation never existed.
    const incidentsDb = new Client({
      connectionString: process.env.DATABASE_URL,
      options: '-c search_path=incidents',
    });
    await incidentsDb.connect();
    try {
      await incidentsDb.query(`UPDATE reconstruction_fund SET managing_organisation_id = $2 WHERE id = $1`, [
        dangling.id,
        '00000000-0000-4000-8000-00000000dead',
      ]);
    } finally {
      await incidentsDb.end();
    }

    const res = await gatewayRequest<{
      incident: {
        id: string;
        funds: { id: string; name: string; managingOrganisation: { name: string } | null }[];
      };
    }>(
      gateway.url,
      `query($id: ID!) { incident(id: $id) { id funds { id name managingOrganisation { name } } } }`,
      { id: incident.id },
      admin,
    );
    expect(res.data?.incident.funds).toEqual([
      {
        id: sound.id,
        name: 'Housing fund',
        managingOrganisation: { name: 'Huanggang Municipal Finance Bureau' },
      },
      { id: dangling.id, name: 'Fund recorded before references were checked', managingOrganisation: null },
    ]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({
      path: ['incident', 'funds', 1, 'managingOrganisation'],
      extensions: { code: 'NOT_FOUND' },
    });

    // The list the issue reported as `data: null` for every caller.
    const list = await gatewayRequest<{ incidents: { edges: { node: { id: string } }[] } }>(
      gateway.url,
      `{ incidents(first: 100) { edges { node { id funds { managingOrganisation { name } } } } } }`,
      {},
      await userToken(identities.auditor()),
    );
    expect(list.data?.incidents.edges.map((e) => e.node.id)).toContain(incident.id);
    expect(list.errors?.map((e) => e.path?.at(-1))).toEqual(['managingOrganisation']);
  });

  it('answers a caller without a token with UNAUTHENTICATED and an auditor’s mutation with FORBIDDEN', async () => {
    const anonymous = await gatewayRequest(gateway.url, '{ organisations { edges { node { id } } } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const auditor = await userToken(identities.auditor());
    const attempt = await gatewayRequest(
      gateway.url,
      `mutation { registerOrganisation(input: { name: "X", type: SCHOOL, regionCode: "420000" }) { id } }`,
      {},
      auditor,
    );
    expect(attempt.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects operations deeper than the configured limit before planning them', async () => {
    const deep = `{ organisations { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } } }`;
    const res = await gatewayRequest(gateway.url, deep, {}, admin);
    expect(res.errors?.[0].extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(res.errors?.[0].message).toMatch(/levels deep; the limit \(MAX_QUERY_DEPTH\) is \d+/);
  });
});
