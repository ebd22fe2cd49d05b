import { eventually, identities, readTopic, type TestSubgraph } from '@emergency/testing';
import { COUNTY_BUREAU, FINANCE_BUREAU, fundById, NO_SUCH_ID, startIncidents } from './fixtures';
import {
  ACCEPT_PROJECT,
  allocateToProject,
  COMPLETE_PROJECT,
  CONTRACTOR,
  COUNTY,
  FUND_PROJECTS,
  fundWith,
  leftOf,
  MAKE_PAYMENT,
  PROJECT,
  published,
  REFUND_PAYMENT,
  REGISTER_PROJECT,
  registerContractors,
  REPORT_PROGRESS,
  SCHOOL,
  SETTLE_PROJECT,
  SIGN_CONTRACT,
  START_PROJECT,
  writtenByProjects,
} from './projects.operations';

interface Project {
  id: string;
  status: string;
  percentComplete: number;
  paidFen: string;
  settledFen: string | null;
  statusHistory: { status: string; on: string }[];
  contracts: { id: string; amountFen: string; paidFen: string; settledAmountFen: string | null }[];
  progress: { percentComplete: number; milestone: string }[];
  payments: { id: string; netFen: string; sources: unknown[] }[];
}
interface Payment {
  id: string;
  amountFen: string;
  refundedFen: string;
  netFen: string;
  contract: { id: string; paidFen: string };
  sources: {
    allocationId: string;
    paidFen: string;
    netFen: string;
    origins: { contributionId: string; amountFen: string }[];
  }[];
  refunds?: { amountFen: string; reason: string }[];
}

/** Reconstruction projects, their contracts, progress, payments and final account, against PostgreSQL and the broker. */
describe('reconstruction projects', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startIncidents();
    await registerContractors(sut);
  }, 120_000);
  afterAll(() => sut?.stop());

  const register = async (
    fundId: string,
    overrides: Record<string, unknown> = {},
    identity = identities.admin(),
  ) =>
    (
      await sut.call<{ registerReconstructionProject: Project }>(
        REGISTER_PROJECT,
        {
          input: {
            fundId,
            name: 'Ju River dike, section 3',
            category: 'WATER',
            regionCode: COUNTY,
            ownerOrganisationId: COUNTY_BUREAU,
            plannedInvestmentFen: '5000000',
            ...overrides,
          },
        },
        identity,
      )
    ).registerReconstructionProject;
  const contractInput = (projectId: string, overrides: Record<string, unknown> = {}) => ({
    input: {
      projectId,
      contractorOrganisationId: CONTRACTOR,
      amountFen: '1000',
      signedOn: '2026-08-01',
      reference: 'HT-2026-017',
      ...overrides,
    },
  });
  const sign = async (projectId: string, overrides: Record<string, unknown> = {}) =>
    (
      await sut.call<{ signProjectContract: { id: string } }>(
        SIGN_CONTRACT,
        contractInput(projectId, overrides),
      )
    ).signProjectContract;
  const start = (projectId: string) => sut.call(START_PROJECT, { projectId, on: '2026-08-05' });
  const progress = (projectId: string, percentComplete: number, milestone = 'Foundations') => ({
    input: { projectId, percentComplete, milestone, reportedOn: '2026-09-01' },
  });
  const paymentInput = (
    projectId: string,
    contractId: string,
    from: { allocationId: string; amountFen: string }[],
    overrides: Record<string, unknown> = {},
  ) => ({
    input: {
      projectId,
      contractId,
      amountFen: from.reduce((sum, f) => sum + BigInt(f.amountFen), 0n).toString(),
      paidOn: '2026-09-10',
      voucherNumber: 'PZ-0091',
      from,
      ...overrides,
    },
  });
  const pay = async (...args: Parameters<typeof paymentInput>) =>
    (await sut.call<{ makeProjectPayment: Payment }>(MAKE_PAYMENT, paymentInput(...args))).makeProjectPayment;
  const project = async (id: string, identity = identities.admin()) =>
    (await sut.call<{ reconstructionProject: Project | null }>(PROJECT, { id }, identity))
      .reconstructionProject;

  /** A started project of a new fund with one 1000-fen contract and an allocation of 600 fen made to it. */
  async function startedProject(...amounts: string[]) {
    const { fund, contributions } = await fundWith(sut, ...(amounts.length ? amounts : ['1000']));
    const created = await register(fund.id);
    const contract = await sign(created.id);
    await start(created.id);
    return { fund, contributions, project: created, contract };
  }

  it('lives planned, started, completed, accepted, settled, with a split payment, a refund and its USED final account', async () => {
    const { fund, contributions } = await fundWith(sut, '300', '500', '400');
    const [first, second, third] = contributions;
    const created = await register(fund.id);
    expect(created).toMatchObject({
      status: 'PLANNED',
      percentComplete: 0,
      paidFen: '0',
      settledFen: null,
      fund: { id: fund.id },
      ownerOrganisation: { id: COUNTY_BUREAU },
      contracts: [],
      payments: [],
    });
    const dike = await sign(created.id, { amountFen: '900' });
    const lights = await sign(created.id, { amountFen: '200', reference: 'HT-2026-018' });
    // Two allocations: the first draws on the first contribution and 100 of the second, the other on the rest.
    const a1 = await allocateToProject(sut, fund.id, created.id, '400');
    const a2 = await allocateToProject(sut, fund.id, created.id, '500');
    const { fundAllocation } = await sut.call<{
      fundAllocation: { projectId: string; project: { id: string } };
    }>(`query($id: ID!) { fundAllocation(id: $id) { projectId project { id } } }`, { id: a2.id });
    expect(fundAllocation).toEqual({ projectId: created.id, project: { id: created.id } });
    await start(created.id);
    await sut.call(REPORT_PROGRESS, progress(created.id, 40));

    const payment = await pay(created.id, dike.id, [
      { allocationId: a2.id, amountFen: '450' },
      { allocationId: a1.id, amountFen: '350' },
    ]);
    // The origins are exact: a2 draws on the second contribution's 400 left, then the third's; a1 first in, first out.
    expect(payment).toMatchObject({ amountFen: '800', refundedFen: '0', netFen: '800' });
    expect(payment.contract).toEqual({ id: dike.id, paidFen: '800' });
    expect(payment.sources).toEqual([
      {
        allocationId: a2.id,
        paidFen: '450',
        netFen: '450',
        origins: [
          { contributionId: second.id, amountFen: '400' },
          { contributionId: third.id, amountFen: '50' },
        ],
      },
      {
        allocationId: a1.id,
        paidFen: '350',
        netFen: '350',
        origins: [
          { contributionId: first.id, amountFen: '300' },
          { contributionId: second.id, amountFen: '50' },
        ],
      },
    ]);
    expect(await leftOf(sut, a1.id)).toEqual([
      [first.id, '0'],
      [second.id, '50'],
    ]);
    expect(await leftOf(sut, a2.id)).toEqual([
      [second.id, '0'],
      [third.id, '50'],
    ]);
    const [made] = await published(sut, 'incidents.ProjectPaymentMade.v1', 'paymentId', payment.id);
    expect(made).toMatchObject({
      projectId: created.id,
      contractId: dike.id,
      money: {
        flowId: payment.id,
        stage: 'DISBURSED',
        reverses: null,
        fundId: fund.id,
        allocationId: null,
        projectId: created.id,
        amountFen: '800',
        form: 'CASH',
        payer: { organisationId: COUNTY_BUREAU },
        payee: { organisationId: CONTRACTOR },
        sources: [
          {
            flowId: a2.id,
            amountFen: '450',
            origins: [
              { contributionId: second.id, amountFen: '400' },
              { contributionId: third.id, amountFen: '50' },
            ],
          },
          {
            flowId: a1.id,
            amountFen: '350',
            origins: [
              { contributionId: first.id, amountFen: '300' },
              { contributionId: second.id, amountFen: '50' },
            ],
          },
        ],
      },
    });

    // A refund gives back to the allocation drawn last (a1), its last origin first.
    const refund = await sut.call<{ refundProjectPayment: Payment }>(REFUND_PAYMENT, {
      input: { paymentId: payment.id, amountFen: '100', reason: 'Rework of the revetment deducted' },
    });
    expect(refund.refundProjectPayment).toMatchObject({
      refundedFen: '100',
      netFen: '700',
      refunds: [{ amountFen: '100', reason: 'Rework of the revetment deducted' }],
    });
    expect(refund.refundProjectPayment.sources[1]).toEqual({
      allocationId: a1.id,
      paidFen: '350',
      netFen: '250',
      origins: [{ contributionId: first.id, amountFen: '250' }],
    });
    expect(await leftOf(sut, a1.id)).toEqual([
      [first.id, '50'],
      [second.id, '100'],
    ]);
    const [refunded] = await published(sut, 'incidents.ProjectPaymentRefunded.v1', 'paymentId', payment.id);
    expect(refunded).toMatchObject({
      money: {
        stage: 'DISBURSED',
        reverses: payment.id,
        allocationId: a1.id,
        amountFen: '100',
        payer: { organisationId: CONTRACTOR },
        payee: { organisationId: COUNTY_BUREAU },
        sources: [
          {
            flowId: a1.id,
            amountFen: '100',
            origins: [
              { contributionId: second.id, amountFen: '50' },
              { contributionId: first.id, amountFen: '50' },
            ],
          },
        ],
      },
    });
    const lightsPayment = await pay(created.id, lights.id, [{ allocationId: a1.id, amountFen: '120' }]);
    expect(lightsPayment.sources).toEqual([
      {
        allocationId: a1.id,
        paidFen: '120',
        netFen: '120',
        origins: [
          { contributionId: first.id, amountFen: '50' },
          { contributionId: second.id, amountFen: '70' },
        ],
      },
    ]);

    await sut.call(REPORT_PROGRESS, progress(created.id, 100, 'Closure of the breach'));
    expect(await sut.call(COMPLETE_PROJECT, { projectId: created.id, on: '2026-10-01' })).toEqual({
      completeReconstructionProject: { id: created.id, status: 'COMPLETED' },
    });
    await sut.call(ACCEPT_PROJECT, {
      projectId: created.id,
      on: '2026-10-15',
      body: 'Huanggang Water Bureau',
    });
    const settled = await sut.call<{ settleReconstructionProject: Project }>(SETTLE_PROJECT, {
      input: {
        projectId: created.id,
        settledOn: '2026-11-01',
        contracts: [
          { contractId: dike.id, settledAmountFen: '700' },
          { contractId: lights.id, settledAmountFen: '120' },
        ],
      },
    });
    expect(settled.settleReconstructionProject).toEqual({
      id: created.id,
      status: 'SETTLED',
      settledFen: '820',
    });

    const [usedEvent] = await published(
      sut,
      'incidents.ReconstructionProjectSettled.v1',
      'projectId',
      created.id,
    );
    expect(usedEvent).toMatchObject({
      settledOn: '2026-11-01',
      money: {
        stage: 'USED',
        reverses: null,
        fundId: fund.id,
        allocationId: null,
        projectId: created.id,
        amountFen: '820',
        sources: [
          {
            flowId: payment.id,
            amountFen: '700',
            origins: [
              { contributionId: second.id, amountFen: '400' },
              { contributionId: third.id, amountFen: '50' },
              { contributionId: first.id, amountFen: '250' },
            ],
          },
          {
            flowId: lightsPayment.id,
            amountFen: '120',
            origins: [
              { contributionId: first.id, amountFen: '50' },
              { contributionId: second.id, amountFen: '70' },
            ],
          },
        ],
      },
    });

    const read = await project(created.id);
    expect(read).toMatchObject({
      status: 'SETTLED',
      percentComplete: 100,
      paidFen: '820',
      settledFen: '820',
      acceptingBody: 'Huanggang Water Bureau',
      progress: [
        { percentComplete: 40, milestone: 'Foundations' },
        { percentComplete: 100, milestone: 'Closure of the breach' },
      ],
      contracts: [
        { id: dike.id, amountFen: '900', paidFen: '700', settledAmountFen: '700' },
        { id: lights.id, amountFen: '200', paidFen: '120', settledAmountFen: '120' },
      ],
    });
    expect(read!.statusHistory.map((s) => s.status)).toEqual([
      'PLANNED',
      'STARTED',
      'COMPLETED',
      'ACCEPTED',
      'SETTLED',
    ]);
    expect(read!.statusHistory.slice(1).map((s) => s.on)).toEqual([
      '2026-08-05',
      '2026-10-01',
      '2026-10-15',
      '2026-11-01',
    ]);
    const types = (
      await sut.db.query(`SELECT event_type FROM outbox WHERE payload->>'projectId' = $1 ORDER BY seq`, [
        created.id,
      ])
    ).rows.map((r: { event_type: string }) => r.event_type.replace(/^incidents\./, ''));
    expect(types).toEqual([
      'ReconstructionProjectRegistered.v1',
      'ProjectContractSigned.v1',
      'ProjectContractSigned.v1',
      'ReconstructionProjectStarted.v1',
      'ProjectProgressReported.v1',
      'ProjectPaymentMade.v1',
      'ProjectPaymentRefunded.v1',
      'ProjectPaymentMade.v1',
      'ProjectProgressReported.v1',
      'ReconstructionProjectCompleted.v1',
      'ReconstructionProjectAccepted.v1',
      'ReconstructionProjectSettled.v1',
    ]);
    // Settled: no more money moves.
    expect(
      await sut.failure(
        MAKE_PAYMENT,
        paymentInput(created.id, lights.id, [{ allocationId: a1.id, amountFen: '1' }]),
      ),
    ).toMatchObject({ code: 'PROJECT_STATUS_FORBIDS', status: 'SETTLED' });
  }, 60_000);

  it('moves one status at a time, refusing any other move with PROJECT_TRANSITION_REFUSED and writing nothing', async () => {
    const { fund } = await fundWith(sut, '1000');
    const created = await register(fund.id);
    const before = await writtenByProjects(sut);
    expect(await sut.failure(START_PROJECT, { projectId: created.id, on: '2026-08-05' })).toMatchObject({
      code: 'PROJECT_HAS_NO_CONTRACT',
    });
    expect(await sut.failure(COMPLETE_PROJECT, { projectId: created.id, on: '2026-08-05' })).toMatchObject({
      code: 'PROJECT_TRANSITION_REFUSED',
      from: 'PLANNED',
      to: 'COMPLETED',
    });
    expect(
      await sut.failure(ACCEPT_PROJECT, { projectId: created.id, on: '2026-08-05', body: 'X' }),
    ).toMatchObject({
      code: 'PROJECT_TRANSITION_REFUSED',
      from: 'PLANNED',
      to: 'ACCEPTED',
    });
    expect(
      await sut.failure(SETTLE_PROJECT, {
        input: { projectId: created.id, settledOn: '2026-08-05', contracts: [] },
      }),
    ).toMatchObject({ code: 'PROJECT_TRANSITION_REFUSED', from: 'PLANNED', to: 'SETTLED' });
    expect(await sut.failure(REPORT_PROGRESS, progress(created.id, 10))).toMatchObject({
      code: 'PROJECT_NOT_STARTED',
    });
    expect(await writtenByProjects(sut)).toEqual(before);

    await sign(created.id);
    await start(created.id);
    const started = await writtenByProjects(sut);
    expect(await sut.failure(START_PROJECT, { projectId: created.id, on: '2026-08-06' })).toMatchObject({
      code: 'PROJECT_TRANSITION_REFUSED',
      from: 'STARTED',
      to: 'STARTED',
    });
    expect(await sut.failure(COMPLETE_PROJECT, { projectId: created.id, on: '2026-08-06' })).toMatchObject({
      code: 'PROJECT_NOT_COMPLETE',
      percentComplete: 0,
    });
    expect(
      await sut.failure(ACCEPT_PROJECT, { projectId: created.id, on: '2026-08-06', body: 'X' }),
    ).toMatchObject({
      code: 'PROJECT_TRANSITION_REFUSED',
      from: 'STARTED',
      to: 'ACCEPTED',
    });
    await sut.call(REPORT_PROGRESS, progress(created.id, 60));
    const reported = await writtenByProjects(sut);
    expect(await sut.failure(REPORT_PROGRESS, progress(created.id, 59))).toMatchObject({
      code: 'PROGRESS_DECREASED',
      percentComplete: 60,
    });
    expect(await sut.failure(REPORT_PROGRESS, progress(created.id, 101))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'percentComplete',
    });
    expect(await writtenByProjects(sut)).toEqual(reported);
    expect(reported).not.toEqual(started);
    await sut.call(REPORT_PROGRESS, progress(created.id, 100));
    const full = await writtenByProjects(sut);
    expect(await sut.failure(COMPLETE_PROJECT, { projectId: created.id, on: '2026-08-04' })).toMatchObject({
      code: 'PROJECT_DATE_OUT_OF_ORDER',
      field: 'completedOn',
      previousOn: '2026-08-05',
    });
    expect(await writtenByProjects(sut)).toEqual(full);
    await sut.call(COMPLETE_PROJECT, { projectId: created.id, on: '2026-09-01' });
    expect(
      await sut.failure(SETTLE_PROJECT, {
        input: { projectId: created.id, settledOn: '2026-09-02', contracts: [] },
      }),
    ).toMatchObject({ code: 'PROJECT_TRANSITION_REFUSED', from: 'COMPLETED', to: 'SETTLED' });
    expect(await sut.failure(SIGN_CONTRACT, contractInput(created.id))).toMatchObject({
      code: 'PROJECT_STATUS_FORBIDS',
      status: 'COMPLETED',
    });
  });

  it('refuses payments with stable codes, writing and using nothing', async () => {
    const { fund } = await fundWith(sut, '2000');
    const planned = await register(fund.id);
    const plannedContract = await sign(planned.id);
    const plannedAllocation = await allocateToProject(sut, fund.id, planned.id, '300');
    const { project: other, contract } = await (async () => {
      const p = await register(fund.id, { name: 'Tuanfeng school' });
      const c = await sign(p.id, { amountFen: '420' });
      await start(p.id);
      return { project: p, contract: c };
    })();
    const own = await allocateToProject(sut, fund.id, other.id, '400');
    const plain = (
      await sut.call<{ allocateFund: { id: string } }>(
        `mutation($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`,
        {
          input: {
            fundId: fund.id,
            organisationId: COUNTY_BUREAU,
            amountFen: '100',
            purposeCategory: 'SUPPLIES',
            purpose: 'Tents',
          },
        },
      )
    ).allocateFund;
    const before = await writtenByProjects(sut);
    const failing = (input: ReturnType<typeof paymentInput>) => sut.failure(MAKE_PAYMENT, input);

    expect(
      await failing(
        paymentInput(planned.id, plannedContract.id, [
          { allocationId: plannedAllocation.id, amountFen: '1' },
        ]),
      ),
    ).toMatchObject({ code: 'PROJECT_NOT_STARTED', status: 'PLANNED' });
    expect(
      await failing(paymentInput(other.id, contract.id, [{ allocationId: own.id, amountFen: '421' }])),
    ).toMatchObject({
      code: 'CONTRACT_OVERPAID',
      contractId: contract.id,
      contractFen: '420',
      paidFen: '0',
      requestedFen: '421',
    });
    expect(
      await failing(
        paymentInput(other.id, contract.id, [{ allocationId: plannedAllocation.id, amountFen: '10' }]),
      ),
    ).toMatchObject({
      code: 'ALLOCATION_NOT_FOR_PROJECT',
      allocationId: plannedAllocation.id,
      field: 'from[0].allocationId',
    });
    expect(
      await failing(paymentInput(other.id, contract.id, [{ allocationId: plain.id, amountFen: '10' }])),
    ).toMatchObject({
      code: 'ALLOCATION_NOT_FOR_PROJECT',
      allocationId: plain.id,
    });
    expect(
      await failing(paymentInput(other.id, contract.id, [{ allocationId: NO_SUCH_ID, amountFen: '10' }])),
    ).toMatchObject({
      code: 'ALLOCATION_NOT_FOR_PROJECT',
    });
    expect(
      await failing(paymentInput(other.id, plannedContract.id, [{ allocationId: own.id, amountFen: '10' }])),
    ).toMatchObject({ code: 'PROJECT_NOT_FOUND', field: 'contractId' });
    // A second allocation for the split: the first is covered, the second is short; nothing of either is used.
    const own2 = await allocateToProject(sut, fund.id, other.id, '50');
    const before2 = await writtenByProjects(sut);
    expect(
      await failing(
        paymentInput(other.id, contract.id, [
          { allocationId: own.id, amountFen: '360' },
          { allocationId: own2.id, amountFen: '51' },
        ]),
      ),
    ).toMatchObject({
      code: 'ALLOCATION_INSUFFICIENT',
      allocationId: own2.id,
      availableFen: '50',
      field: 'from[1].amountFen',
    });
    expect(
      await failing(
        paymentInput(other.id, contract.id, [{ allocationId: own.id, amountFen: '10' }], { amountFen: '11' }),
      ),
    ).toMatchObject({ code: 'PAYMENT_SPLIT_MISMATCH' });
    expect(
      await failing(
        paymentInput(other.id, contract.id, [{ allocationId: own.id, amountFen: '0' }], { amountFen: '0' }),
      ),
    ).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await writtenByProjects(sut)).toEqual(before2);
    expect(before2.used).toEqual(before.used);

    // Contract over-payment counts earlier payments net of refunds.
    const paid = await pay(other.id, contract.id, [{ allocationId: own.id, amountFen: '400' }]);
    expect(
      await failing(paymentInput(other.id, contract.id, [{ allocationId: own2.id, amountFen: '50' }])),
    ).toMatchObject({ code: 'CONTRACT_OVERPAID', paidFen: '400', requestedFen: '50' });
    await sut.call(REFUND_PAYMENT, { input: { paymentId: paid.id, amountFen: '30', reason: 'Deduction' } });
    const second = await pay(other.id, contract.id, [{ allocationId: own2.id, amountFen: '50' }]);
    expect(second.contract.paidFen).toBe('420');
  });

  it('refunds at most what is left of a payment (REFUND_EXCEEDS_PAID), giving the money back to its allocation', async () => {
    const s = await startedProject('1000');
    const allocation = await allocateToProject(sut, s.fund.id, s.project.id, '600');
    const payment = await pay(s.project.id, s.contract.id, [
      { allocationId: allocation.id, amountFen: '500' },
    ]);
    expect(await leftOf(sut, allocation.id)).toEqual([[s.contributions[0].id, '100']]);
    const before = await writtenByProjects(sut);
    expect(
      await sut.failure(REFUND_PAYMENT, { input: { paymentId: payment.id, amountFen: '501', reason: 'X' } }),
    ).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', paidFen: '500', requestedFen: '501' });
    expect(
      await sut.failure(REFUND_PAYMENT, { input: { paymentId: NO_SUCH_ID, amountFen: '1', reason: 'X' } }),
    ).toMatchObject({ code: 'PROJECT_NOT_FOUND', field: 'paymentId' });
    expect(await writtenByProjects(sut)).toEqual(before);
    await sut.call(REFUND_PAYMENT, {
      input: { paymentId: payment.id, amountFen: '500', reason: 'Contract voided' },
    });
    expect(await leftOf(sut, allocation.id)).toEqual([[s.contributions[0].id, '600']]);
    expect(
      await sut.failure(REFUND_PAYMENT, { input: { paymentId: payment.id, amountFen: '1', reason: 'X' } }),
    ).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', paidFen: '0' });
  });

  it('settles only when each contract’s settled amount is what was paid on it (SETTLEMENT_MISMATCH)', async () => {
    const s = await startedProject('1000');
    const allocation = await allocateToProject(sut, s.fund.id, s.project.id, '600');
    await pay(s.project.id, s.contract.id, [{ allocationId: allocation.id, amountFen: '500' }]);
    await sut.call(REPORT_PROGRESS, progress(s.project.id, 100));
    await sut.call(COMPLETE_PROJECT, { projectId: s.project.id, on: '2026-10-01' });
    await sut.call(ACCEPT_PROJECT, {
      projectId: s.project.id,
      on: '2026-10-02',
      body: 'County acceptance panel',
    });
    const before = await writtenByProjects(sut);
    const settling = (contracts: unknown[]) =>
      sut.failure(SETTLE_PROJECT, { input: { projectId: s.project.id, settledOn: '2026-10-03', contracts } });
    expect(await settling([{ contractId: s.contract.id, settledAmountFen: '600' }])).toMatchObject({
      code: 'SETTLEMENT_MISMATCH',
      contractId: s.contract.id,
      paidFen: '500',
    });
    expect(await settling([])).toMatchObject({ code: 'SETTLEMENT_MISMATCH', contractId: s.contract.id });
    expect(await settling([{ contractId: NO_SUCH_ID, settledAmountFen: '0' }])).toMatchObject({
      code: 'SETTLEMENT_MISMATCH',
      contractId: NO_SUCH_ID,
    });
    expect(await writtenByProjects(sut)).toEqual(before);
  });

  it('checks the region, the owner and the contractor (an active ENTERPRISE), writing nothing when refused', async () => {
    const { fund } = await fundWith(sut, '1000');
    const before = await writtenByProjects(sut);
    const registering = (overrides: Record<string, unknown>) =>
      sut.failure(REGISTER_PROJECT, {
        input: {
          fundId: fund.id,
          name: 'X',
          category: 'SCHOOLS',
          regionCode: COUNTY,
          ownerOrganisationId: COUNTY_BUREAU,
          plannedInvestmentFen: '1',
          ...overrides,
        },
      });
    expect(await registering({ regionCode: '420902' })).toMatchObject({
      code: 'PROJECT_REGION_OUTSIDE_INCIDENT',
      regionCode: '421100',
    });
    expect(await registering({ ownerOrganisationId: NO_SUCH_ID })).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
    });
    expect(await registering({ plannedInvestmentFen: '0' })).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await registering({ fundId: NO_SUCH_ID })).toMatchObject({ code: 'FUND_NOT_FOUND' });
    const created = await register(fund.id);
    const after = await writtenByProjects(sut);
    expect(
      await sut.failure(SIGN_CONTRACT, contractInput(created.id, { contractorOrganisationId: SCHOOL })),
    ).toMatchObject({
      code: 'ORGANISATION_WRONG_TYPE',
      organisationId: SCHOOL,
      required: 'ENTERPRISE',
      actual: 'SCHOOL',
    });
    expect(
      await sut.failure(SIGN_CONTRACT, contractInput(created.id, { contractorOrganisationId: NO_SUCH_ID })),
    ).toMatchObject({ code: 'ORGANISATION_UNKNOWN' });
    expect(await writtenByProjects(sut)).toEqual(after);
    expect(after).not.toEqual(before);
    const { rows } = await sut.db.query(
      `SELECT type FROM known_organisation WHERE id = ANY($1::uuid[]) ORDER BY type`,
      [[CONTRACTOR, SCHOOL]],
    );
    expect(rows).toEqual([{ type: 'ENTERPRISE' }, { type: 'SCHOOL' }]);
  });

  it('is written by the owner or the fund’s manager only, and read when the fund is visible', async () => {
    const { fund } = await fundWith(sut, '1000');
    const created = await register(fund.id, {}, identities.operator('421100', COUNTY_BUREAU));
    await sut.call(SIGN_CONTRACT, contractInput(created.id), identities.operator('420000', FINANCE_BUREAU));
    const before = await writtenByProjects(sut);
    const stranger = identities.operator('421100', CONTRACTOR);
    expect(await sut.failure(SIGN_CONTRACT, contractInput(created.id), stranger)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await sut.failure(START_PROJECT, { projectId: created.id, on: '2026-08-05' }, stranger),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await sut.failure(
        START_PROJECT,
        { projectId: created.id, on: '2026-08-05' },
        identities.auditor('421100'),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    // Outside the caller's region the project is not found.
    expect(
      await sut.failure(
        START_PROJECT,
        { projectId: created.id, on: '2026-08-05' },
        identities.operator('420900', COUNTY_BUREAU),
      ),
    ).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await writtenByProjects(sut)).toEqual(before);

    expect((await project(created.id, identities.auditor('421100')))?.id).toBe(created.id);
    expect(await project(created.id, identities.auditor('420900'))).toBeNull();
    const listed = await sut.call<{
      reconstructionFund: { projects: { edges: { node: { id: string } }[] } };
    }>(FUND_PROJECTS, { id: fund.id });
    expect(listed.reconstructionFund.projects.edges.map((e) => e.node.id)).toEqual([created.id]);
    const second = await register(fund.id, { name: 'Tuanfeng No. 2 school', category: 'SCHOOLS' });
    type Page = {
      reconstructionFund: {
        projects: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const page1 = (await sut.call<Page>(FUND_PROJECTS, { id: fund.id, first: 1 })).reconstructionFund
      .projects;
    expect(page1.edges.map((e) => e.node.id)).toEqual([created.id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (
      await sut.call<Page>(FUND_PROJECTS, { id: fund.id, first: 1, after: page1.pageInfo.endCursor })
    ).reconstructionFund.projects;
    expect(page2.edges.map((e) => e.node.id)).toEqual([second.id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect((await fundById(sut, fund.id)).raisedFen).toBe('1000');
  });

  it('never lets concurrent payments together take more than an allocation holds', async () => {
    const s = await startedProject('1000');
    const allocation = await allocateToProject(sut, s.fund.id, s.project.id, '100');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sut.request(
          MAKE_PAYMENT,
          paymentInput(s.project.id, s.contract.id, [{ allocationId: allocation.id, amountFen: '30' }], {
            voucherNumber: `PZ-${i}`,
          }),
        ),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    for (const r of results.filter((r) => r.errors)) {
      expect(r.errors?.[0].extensions?.code).toBe('ALLOCATION_INSUFFICIENT');
    }
    expect(await leftOf(sut, allocation.id)).toEqual([[s.contributions[0].id, '10']]);
    expect((await project(s.project.id))?.paidFen).toBe('90');
  });

  it('publishes its events on the incidents topic, keyed by fund', async () => {
    const s = await startedProject('1000');
    const allocation = await allocateToProject(sut, s.fund.id, s.project.id, '300');
    const payment = await pay(s.project.id, s.contract.id, [
      { allocationId: allocation.id, amountFen: '300' },
    ]);
    const events = await readTopic(sut.topic);
    try {
      await eventually(
        async () => {
          const found = events.messages.find(
            (m) =>
              m.headers.ce_type === 'incidents.ProjectPaymentMade.v1' &&
              (m.value as { paymentId: string }).paymentId === payment.id,
          );
          expect(found).toBeDefined();
          expect(found!.key).toBe(s.fund.id);
          expect(found!.value).toMatchObject({
            money: { flowId: payment.id, stage: 'DISBURSED', allocationId: allocation.id, amountFen: '300' },
          });
          expect(
            events.messages.some(
              (m) =>
                m.headers.ce_type === 'incidents.ReconstructionProjectStarted.v1' &&
                (m.value as { projectId: string }).projectId === s.project.id,
            ),
          ).toBe(true);
        },
        { timeoutMs: 30_000 },
      );
    } finally {
      await events.stop();
    }
  }, 60_000);
});
