import { eventually, identities, userToken } from '@emergency/testing';
import { startSystem, type TestSystem } from './system';

interface Figures {
  raisedFen: string;
  allocatedFen: string;
  disbursedFen: string;
  usedFen: string;
}

interface Step {
  stage: string;
  reversal: boolean;
  amountFen: string;
  flow: { id: string; payeeName: string | null; payee: { name: string } | null };
}

interface Origin {
  contributionId: string;
  amountFen: string;
  flow: { payerName: string | null } | null;
}

/**
 * One donated yuan and one donated tent followed through the gateway, across the incidents and audit services (and
 * the organisations service for names), from the donor to their final use and back again: the yuan directed to
 * schools, allocated to a school's reconstruction, paid to its builder and used when the final account is settled;
 * the tent given in kind, allocated to a county, handed to a household and used when the village publishes its list.
 */
describe('one yuan and one tent traced from donor to use and back, through the gateway', () => {
  let system: TestSystem;
  let auditor: string;

  beforeAll(async () => {
    system = await startSystem({ REGION_DATA_SCOPE: '421100' });
    auditor = await userToken(identities.auditor());
  }, 120_000);

  afterAll(() => system?.stop());

  const call = <T>(query: string, variables: Record<string, unknown> = {}) =>
    system.call<T>(query, variables);
  /** A mutation with one `$input`, retried while a service has not yet heard of an organisation made just now. */
  const mutate = (field: string, inputType: string, input: Record<string, unknown>) =>
    eventually(
      async () =>
        (
          await call<Record<string, { id: string }>>(
            `mutation($input: ${inputType}!) { ${field}(input: $input) { id } }`,
            { input },
          )
        )[field].id,
      { timeoutMs: 30_000 },
    );
  const register = (name: string, type: string, regionCode: string, sector?: string) =>
    mutate('registerOrganisation', 'RegisterOrganisationInput', { name, type, regionCode, sector });

  it('gives every stage total to the fen, each fen’s path forward, and each use’s origins backward', async () => {
    const finance = await register('Hubei Provincial Department of Finance', 'FINANCE_BUREAU', '420000');
    const redCross = await register('Hubei Red Cross Society', 'RED_CROSS_OR_CHARITY', '420000');
    const county = await register(
      'Tuanfeng County Emergency Management Bureau',
      'EMERGENCY_MANAGEMENT_OFFICE',
      '421121',
    );
    const education = await register(
      'Tuanfeng County Education Bureau',
      'FUNCTIONAL_DEPARTMENT',
      '421121',
      'EDUCATION',
    );
    const builder = await register('Hubei Construction Engineering Group Co., Ltd.', 'ENTERPRISE', '421100');
    const incident = await mutate('reportIncident', 'ReportIncidentInput', {
      title: 'Ju River flood, Huanggang',
      category: 'NATURAL_DISASTER',
      severity: 'II',
      regionCode: '421100',
      occurredAt: '2026-07-06T04:30:00+08:00',
    });
    const fund = await mutate('establishReconstructionFund', 'EstablishReconstructionFundInput', {
      incidentId: incident,
      name: 'Huanggang flood reconstruction fund',
      managingOrganisationId: finance,
    });
    const contribute = (input: Record<string, unknown>) =>
      mutate('recordFundContribution', 'RecordFundContributionInput', {
        fundId: fund,
        status: 'PAID',
        paidOn: '2026-07-10',
        ...input,
      });
    // 4,999.00 yuan appropriated first, then the one yuan a person gives for schools, then ten tents in kind.
    const appropriation = await contribute({
      kind: 'APPROPRIATION',
      fiscalLevel: 'PROVINCIAL',
      amountFen: '499900',
      contributorName: 'Hubei Provincial People’s Government',
      voucherNumber: 'HBCZ-1',
    });
    const yuan = await contribute({
      kind: 'DONATION',
      channel: 'DOMESTIC',
      contributorType: 'PERSON',
      contributorName: '李四',
      receivingOrganisationId: redCross,
      directedPurpose: 'SCHOOLS',
      amountFen: '100',
      voucherNumber: 'HBRC-1',
    });
    const tents = await contribute({
      kind: 'DONATION',
      channel: 'DOMESTIC',
      contributorName: 'Zhejiang Tiantai Tent Co., Ltd.',
      receivingOrganisationId: redCross,
      form: 'IN_KIND',
      goods: [{ description: 'Family tent', unit: 'tent', quantity: 10, unitValueFen: '128000' }],
      valuationBasis: 'Invoice price of the donor’s sales',
      voucherNumber: 'HBRC-2',
    });

    // The yuan: directed to schools, so the school's allocation draws on it before the older appropriation.
    const school = await mutate('registerReconstructionProject', 'RegisterReconstructionProjectInput', {
      fundId: fund,
      name: 'Tuanfeng No. 2 Middle School',
      category: 'SCHOOLS',
      regionCode: '421121',
      ownerOrganisationId: education,
      plannedInvestmentFen: '500000',
    });
    const schoolMoney = await mutate('allocateFund', 'AllocateFundInput', {
      fundId: fund,
      projectId: school,
      purposeCategory: 'SCHOOLS',
      amountFen: '500000',
      purpose: 'Rebuilding the teaching building',
    });
    const contract = await mutate('signProjectContract', 'SignProjectContractInput', {
      projectId: school,
      contractorOrganisationId: builder,
      amountFen: '500000',
      signedOn: '2026-08-01',
      reference: 'TF-JY-1',
    });
    await call(
      `mutation { startReconstructionProject(input: { projectId: "${school}", startedOn: "2026-08-02" }) { id } }`,
    );
    const payment = await mutate('makeProjectPayment', 'MakeProjectPaymentInput', {
      projectId: school,
      contractId: contract,
      amountFen: '500000',
      paidOn: '2026-09-01',
      voucherNumber: 'TFJY-1',
      from: [{ allocationId: schoolMoney, amountFen: '500000' }],
    });
    await mutate('reportProjectProgress', 'ReportProjectProgressInput', {
      projectId: school,
      percentComplete: 100,
      milestone: 'Built',
      reportedOn: '2026-10-01',
    });
    await call(
      `mutation { completeReconstructionProject(input: { projectId: "${school}", completedOn: "2026-10-02" }) { id } }`,
    );
    await call(
      `mutation { acceptReconstructionProject(input: { projectId: "${school}", acceptedOn: "2026-10-10", acceptingBody: "County acceptance committee" }) { id } }`,
    );
    await mutate('settleReconstructionProject', 'SettleReconstructionProjectInput', {
      projectId: school,
      settledOn: '2026-10-20',
      contracts: [{ contractId: contract, settledAmountFen: '500000' }],
    });

    // The tent: two allocated in kind to the county, one handed to a household, the village's list published.
    const tentsForCounty = await mutate('allocateFund', 'AllocateFundInput', {
      fundId: fund,
      organisationId: county,
      purposeCategory: 'LIVING_RELIEF',
      form: 'IN_KIND',
      goods: { contributionId: tents, lines: [{ description: 'Family tent', unit: 'tent', quantity: 2 }] },
      purpose: 'Tents for households on Luohuozhou island',
    });
    const household = await mutate('recordReliefPayment', 'RecordReliefPaymentInput', {
      allocationId: tentsForCounty,
      kind: 'LIVING_RELIEF',
      household: { headName: '罗长青', idNumber: '421121196811110144', size: 4 },
      villageCode: '421121100203',
      goods: [{ description: 'Family tent', unit: 'tent', quantity: 1 }],
      paidOn: '2026-07-24',
    });
    await call(
      `mutation($input: PublishVillageReliefListInput!) { publishVillageReliefList(input: $input) { id } }`,
      { input: { fundId: fund, villageCode: '421121100203', publishedOn: '2026-07-30' } },
    );

    // Every stage total, cash and in kind, once the audit has recorded the last movement.
    const figures = 'raisedFen allocatedFen disbursedFen usedFen';
    const trace = await eventually(
      async () => {
        const { fundTrace } = await system.call<{
          fundTrace: Figures & { reconciled: boolean; cash: Figures; inKind: Figures };
        }>(
          `query($fundId: ID!) { fundTrace(fundId: $fundId) {
            ${figures} reconciled cash { ${figures} } inKind { ${figures} }
          } }`,
          { fundId: fund },
          auditor,
        );
        expect(fundTrace.inKind.usedFen).toBe('128000');
        return fundTrace;
      },
      { timeoutMs: 30_000 },
    );
    expect(trace).toEqual({
      raisedFen: '1780000',
      allocatedFen: '756000',
      disbursedFen: '628000',
      usedFen: '628000',
      reconciled: true,
      cash: { raisedFen: '500000', allocatedFen: '500000', disbursedFen: '500000', usedFen: '500000' },
      inKind: { raisedFen: '1280000', allocatedFen: '256000', disbursedFen: '128000', usedFen: '128000' },
    });

    // Forward: where each fen of the donation went, stage by stage, with the parties named.
    const forward = async (contributionId: string) =>
      (
        await system.call<{ flow: { contributionUses: { edges: { node: Step }[] } } }>(
          `query($id: ID!) { flow(id: $id) { contributionUses(first: 20) { edges { node {
            stage reversal amountFen flow { id payeeName payee { name } }
          } } } } }`,
          { id: contributionId },
          auditor,
        )
      ).flow.contributionUses.edges.map((e) => e.node);
    const yuanPath = await forward(yuan);
    expect(yuanPath.map((s) => [s.stage, s.amountFen, s.reversal])).toEqual([
      ['ALLOCATED', '100', false],
      ['DISBURSED', '100', false],
      ['USED', '100', false],
    ]);
    expect(yuanPath[0].flow.id).toBe(schoolMoney);
    expect(yuanPath[1].flow).toMatchObject({
      id: payment,
      payee: { name: 'Hubei Construction Engineering Group Co., Ltd.' },
    });
    const tentPath = await forward(tents);
    expect(tentPath.map((s) => [s.stage, s.amountFen])).toEqual([
      ['ALLOCATED', '256000'],
      ['DISBURSED', '128000'],
      ['USED', '128000'],
    ]);
    expect(tentPath[0].flow.id).toBe(tentsForCounty);
    expect(tentPath[1].flow).toMatchObject({ id: household, payeeName: '罗**' });

    // Backward: each use names the contributions it was, to the fen; the person's name masked.
    const backward = async (flowId: string) =>
      (
        await system.call<{ flow: { stage: string; amountFen: string; origins: Origin[] } }>(
          `query($id: ID!) { flow(id: $id) { stage amountFen origins { contributionId amountFen flow { payerName } } } }`,
          { id: flowId },
          auditor,
        )
      ).flow;
    expect(await backward(yuanPath[2].flow.id)).toEqual({
      stage: 'USED',
      amountFen: '500000',
      origins: [
        { contributionId: yuan, amountFen: '100', flow: { payerName: '李*' } },
        {
          contributionId: appropriation,
          amountFen: '499900',
          flow: { payerName: 'Hubei Provincial People’s Government' },
        },
      ],
    });
    expect(await backward(tentPath[2].flow.id)).toEqual({
      stage: 'USED',
      amountFen: '128000',
      origins: [
        {
          contributionId: tents,
          amountFen: '128000',
          flow: { payerName: 'Zhejiang Tiantai Tent Co., Ltd.' },
        },
      ],
    });
  });
});
