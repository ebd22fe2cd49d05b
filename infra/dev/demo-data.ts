/**
 * The demo data set `npm start` loads into an empty system, through the gateway like any client: part of Hubei's
 * organisation tree (real GB/T 2260 codes), a flood in Huanggang, its reconstruction fund with appropriations and
 * donations, allocations to two counties and the supplies they bought with them, and two contingency plans.
 */

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

class DemoClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResult<T>;
  }

  async mutate<T>(query: string, input: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(query, { input });
    if (result.errors?.length || !result.data) {
      throw new Error(`demo data: ${result.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    }
    return result.data;
  }
}

const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;
const ESTABLISH = `mutation($input: EstablishReconstructionFundInput!) { establishReconstructionFund(input: $input) { id } }`;
const CONTRIBUTE = `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { id } }`;
const ALLOCATE = `mutation($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`;
const PROCURE = `mutation($input: RecordProcurementInput!) { recordProcurement(input: $input) { id } }`;
const DRAFT_PLAN = `mutation($input: DraftContingencyPlanInput!) { draftContingencyPlan(input: $input) { id } }`;

/** Whole yuan to a Money string in fen. */
const yuan = (whole: bigint) => (whole * 100n).toString();

/** Loads the demo data unless the system already holds organisations; returns whether it loaded. */
export async function loadDemoData(gatewayUrl: string, token: string): Promise<boolean> {
  const client = new DemoClient(gatewayUrl, token);
  const existing = await client.request<{ organisations: { edges: unknown[] } }>(
    `{ organisations(first: 1) { edges { cursor } } }`,
  );
  if (existing.errors?.length) throw new Error(`demo data: ${existing.errors[0].message}`);
  if ((existing.data?.organisations.edges.length ?? 0) > 0) return false;

  const org = async (name: string, type: string, regionCode: string, parentId?: string) =>
    (
      await client.mutate<{ registerOrganisation: { id: string } }>(REGISTER, {
        name,
        type,
        regionCode,
        parentId,
      })
    ).registerOrganisation.id;

  const province = await org('Hubei Provincial People’s Government', 'GOVERNMENT', '420000');
  const emergency = await org(
    'Hubei Provincial Department of Emergency Management',
    'EMERGENCY_MANAGEMENT_OFFICE',
    '420000',
    province,
  );
  const finance = await org('Hubei Provincial Department of Finance', 'FINANCE_BUREAU', '420000', province);
  await org('Hubei Provincial Audit Office', 'AUDIT_OFFICE', '420000', province);
  const redCross = await org('Hubei Red Cross Society', 'RED_CROSS_OR_CHARITY', '420000');
  const huanggang = await org('Huanggang Municipal People’s Government', 'GOVERNMENT', '421100', province);
  const huanggangEmergency = await org(
    'Huanggang Municipal Emergency Management Bureau',
    'EMERGENCY_MANAGEMENT_OFFICE',
    '421100',
    huanggang,
  );
  await org(
    'Xiaogan Municipal Emergency Management Bureau',
    'EMERGENCY_MANAGEMENT_OFFICE',
    '420900',
    province,
  );
  await org(
    'Jingzhou Municipal Emergency Management Bureau',
    'EMERGENCY_MANAGEMENT_OFFICE',
    '421000',
    province,
  );
  const tuanfeng = await org(
    'Tuanfeng County Emergency Management Bureau',
    'EMERGENCY_MANAGEMENT_OFFICE',
    '421121',
    huanggangEmergency,
  );
  const luotian = await org(
    'Luotian County Emergency Management Bureau',
    'EMERGENCY_MANAGEMENT_OFFICE',
    '421123',
    huanggangEmergency,
  );

  await client.mutate(DRAFT_PLAN, {
    title: 'Hubei Province Flood Control and Drought Relief Emergency Plan',
    level: 'PROVINCIAL',
    category: 'FLOOD_CONTROL',
    ownerOrganisationId: emergency,
    regionCode: '420000',
    reviewDueOn: '2027-06-30',
  });
  await client.mutate(DRAFT_PLAN, {
    title: 'Huanggang Municipal Overall Emergency Plan',
    level: 'PREFECTURAL',
    category: 'GENERAL',
    ownerOrganisationId: huanggangEmergency,
    regionCode: '421100',
    reviewDueOn: '2027-03-31',
  });

  const { reportIncident } = await client.mutate<{ reportIncident: { id: string } }>(REPORT, {
    title: 'Ju River flood, Huanggang',
    category: 'NATURAL_DISASTER',
    severity: 'II',
    regionCode: '421100',
    occurredAt: '2026-07-06T04:30:00+08:00',
  });
  const { establishReconstructionFund: fund } = await client.mutate<{
    establishReconstructionFund: { id: string };
  }>(ESTABLISH, {
    incidentId: reportIncident.id,
    name: 'Huanggang flood reconstruction fund',
    managingOrganisationId: finance,
  });
  const contribute = (input: Record<string, unknown>) =>
    client.mutate(CONTRIBUTE, { fundId: fund.id, ...input });
  await contribute({
    kind: 'APPROPRIATION',
    status: 'PAID',
    amountFen: yuan(50_000_000n),
    contributorName: 'Hubei Provincial People’s Government',
    payerOrganisationId: province,
  });
  await contribute({
    kind: 'DONATION',
    status: 'PAID',
    amountFen: yuan(8_600_000n),
    contributorName: 'Hubei Red Cross Society',
    payerOrganisationId: redCross,
  });
  await contribute({
    kind: 'DONATION',
    status: 'PLEDGED',
    amountFen: yuan(3_000_000n),
    contributorName: 'Wuhan Iron and Steel employees’ donation drive',
  });

  const allocate = async (organisationId: string, amount: bigint, purpose: string) =>
    (
      await client.mutate<{ allocateFund: { id: string } }>(ALLOCATE, {
        fundId: fund.id,
        organisationId,
        amountFen: yuan(amount),
        purpose,
      })
    ).allocateFund.id;
  const tuanfengAllocation = await allocate(
    tuanfeng,
    12_000_000n,
    'Shelter and relief supplies for displaced households',
  );
  const luotianAllocation = await allocate(luotian, 9_500_000n, 'Drainage pumps and dyke repair materials');

  // Supplies learns of allocations by event; until it has, it answers ALLOCATION_UNKNOWN.
  const procure = async (input: Record<string, unknown>) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const result = await client.request(PROCURE, { input });
      if (!result.errors?.length) return;
      if (result.errors[0].extensions?.code !== 'ALLOCATION_UNKNOWN' || Date.now() > deadline) {
        throw new Error(`demo data: ${result.errors[0].message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  await procure({
    allocationId: tuanfengAllocation,
    supplierName: 'Wuhan Relief Materials Co., Ltd.',
    itemDescription: 'Family tent, 12 m²',
    quantity: 1500,
    unitPriceFen: yuan(1_280n),
  });
  await procure({
    allocationId: tuanfengAllocation,
    supplierName: 'Xiantao Textile Co., Ltd.',
    itemDescription: 'Cotton blanket, 1.5 × 2 m',
    quantity: 20_000,
    unitPriceFen: yuan(85n),
  });
  await procure({
    allocationId: luotianAllocation,
    supplierName: 'Hubei Pump Works',
    itemDescription: 'Submersible drainage pump, 300 m³/h',
    quantity: 300,
    unitPriceFen: yuan(6_800n),
  });
  return true;
}
