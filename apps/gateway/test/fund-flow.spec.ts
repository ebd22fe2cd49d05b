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

  it('raises, allocates and spends money, and the audit trace reconciles to the fen across services', async () => {
    const register = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }`;
    const { registerOrganisation: finance } = await call<{ registerOrganisation: { id: string } }>(register, {
      input: { name: 'Hubei Provincial Department of Finance', type: 'FINANCE_BUREAU', regionCode: '420000' },
    });
    const { registerOrganisation: county } = await call<{ registerOrganisation: { id: string } }>(register, {
      input: {
        name: 'Tuanfeng County Emergency Management Bureau',
        type: 'EMERGENCY_MANAGEMENT_OFFICE',
        regionCode: '421121',
      },
    });

    const { reportIncident: incident } = await call<{ reportIncident: { id: string } }>(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
      {
        input: {
          title: 'Ju River flood, Huanggang',
          category: 'NATURAL_DISASTER',
          severity: 'II',
          regionCode: '421100',
          occurredAt: '2026-07-06T04:30:00+08:00',
        },
      },
    );
    const { establishReconstructionFund: fund } = await call<{ establishReconstructionFund: { id: string } }>(
      `mutation($input: EstablishReconstructionFundInput!) { establishReconstructionFund(input: $input) { id } }`,
      {
        input: {
          incidentId: incident.id,
          name: 'Huanggang flood reconstruction fund',
          managingOrganisationId: finance.id,
        },
      },
    );
    // 50,000,000.00 CNY appropriated and paid.
    const { recordFundContribution: contribution } = await call<{ recordFundContribution: { id: string } }>(
      `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { id amountFen } }`,
      {
        input: {
          fundId: fund.id,
          kind: 'APPROPRIATION',
          status: 'PAID',
          amountFen: '5000000000',
          contributorName: 'Hubei Provincial People’s Government',
          payerOrganisationId: finance.id,
        },
      },
    );
    // 12,000,000.00 CNY allocated to the county.
    const { allocateFund: allocation } = await call<{ allocateFund: { id: string } }>(
      `mutation($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`,
      {
        input: {
          fundId: fund.id,
          organisationId: county.id,
          amountFen: '1200000000',
          purpose: 'Emergency supplies for displaced households',
        },
      },
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
    expect(spent?.stage).toBe('SPENT');
    expect(spent?.payer?.name).toBe('Tuanfeng County Emergency Management Bureau');
    expect(spent?.origins).toEqual([
      { flow: { id: contribution.id, stage: 'RAISED' }, amountFen: '192000000' },
    ]);
  });

  it('carries 10^15 fen through the gateway exactly', async () => {
    const { reportIncident: incident } = await call<{ reportIncident: { id: string } }>(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
      {
        input: {
          title: 'Test incident',
          category: 'NATURAL_DISASTER',
          severity: 'I',
          regionCode: '420000',
          occurredAt: '2026-07-01T00:00:00Z',
        },
      },
    );
    const { establishReconstructionFund: fund } = await call<{ establishReconstructionFund: { id: string } }>(
      `mutation($input: EstablishReconstructionFundInput!) { establishReconstructionFund(input: $input) { id } }`,
      {
        input: {
          incidentId: incident.id,
          name: 'Large fund',
          managingOrganisationId: '00000000-0000-4000-8000-000000000001',
        },
      },
    );
    const { recordFundContribution } = await call<{ recordFundContribution: { amountFen: string } }>(
      `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { amountFen } }`,
      {
        input: {
          fundId: fund.id,
          kind: 'DONATION',
          status: 'PAID',
          amountFen: '1000000000000000',
          contributorName: 'Donor',
        },
      },
    );
    expect(recordFundContribution.amountFen).toBe('1000000000000000');
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
