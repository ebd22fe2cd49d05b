import { identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  allocate,
  contributeInFull,
  contributionInput,
  contributionRows,
  establishFund,
  fundTotals,
  NO_SUCH_ID,
  publishedData,
  reportIncident,
  startIncidents,
  TENTS,
  type ContributionInFull,
} from './fixtures';
import {
  COMMIT_CONTRIBUTION,
  CORRECT_CONTRIBUTION,
  FUND_CONTRIBUTIONS_IN_FULL,
  PAY_CONTRIBUTION,
  WITHDRAW_CONTRIBUTION,
} from './funds.operations';

type MoneyData = { money: Record<string, unknown> };

/** A contribution's life: each move its own mutation and event, refused out of order; corrections traceable. */
describe('the life of a contribution', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startIncidents();
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

  const newFund = async () => establishFund(sut, (await reportIncident(sut)).id);
  const pledge = (fundId: string, overrides: Record<string, unknown> = {}) =>
    contributeInFull(sut, fundId, { status: 'PLEDGED', ...overrides });

  const commit = async (id: string) =>
    (await sut.call<{ commitFundContribution: ContributionInFull }>(COMMIT_CONTRIBUTION, { id }))
      .commitFundContribution;
  const pay = async (id: string, paidOn = '2026-07-09', voucherNumber = 'V-2026-0009') =>
    (
      await sut.call<{ payFundContribution: ContributionInFull }>(PAY_CONTRIBUTION, {
        input: { id, paidOn, voucherNumber },
      })
    ).payFundContribution;
  const withdraw = async (id: string, reason = 'The donor’s company went bankrupt') =>
    (
      await sut.call<{ withdrawFundContribution: ContributionInFull }>(WITHDRAW_CONTRIBUTION, {
        input: { id, reason },
      })
    ).withdrawFundContribution;
  const correctionInput = (id: string, fundId: string, overrides: Record<string, unknown> = {}) => ({
    input: { id, reason: 'Amount keyed wrongly', corrected: contributionInput(fundId, overrides).input },
  });
  const correct = async (id: string, fundId: string, overrides: Record<string, unknown> = {}) =>
    (
      await sut.call<{ correctFundContribution: ContributionInFull }>(
        CORRECT_CONTRIBUTION,
        correctionInput(id, fundId, overrides),
      )
    ).correctFundContribution;

  /** What a refused move must leave as it was: the fund's contribution rows and the outbox. */
  const snapshot = async (fundId: string) => ({
    rows: await contributionRows(sut, fundId),
    outbox: await sut.count('outbox'),
  });

  it('pledged, committed, then paid: each move its event, the totals following', async () => {
    const fund = await newFund();
    const pledged = await pledge(fund.id, { amountFen: '250000' });
    expect(await fundTotals(sut, fund.id)).toMatchObject({ pledgedFen: '250000', raisedFen: '0' });

    const committed = await commit(pledged.id);
    expect(committed).toMatchObject({ id: pledged.id, status: 'COMMITTED', paidOn: null });
    expect(
      await publishedData<{ contributionId: string } & MoneyData>(
        events,
        'incidents.FundContributionCommitted.v1',
        (d) => d.contributionId === pledged.id,
      ),
    ).toMatchObject({
      money: { flowId: pledged.id, stage: 'PLEDGED', reverses: null, amountFen: '250000', sources: [] },
    });
    expect(await fundTotals(sut, fund.id)).toMatchObject({ pledgedFen: '250000', raisedFen: '0' });

    const paid = await pay(pledged.id, '2026-07-09', 'HCF-2026-0001');
    expect(paid).toMatchObject({ status: 'PAID', paidOn: '2026-07-09', voucherNumber: 'HCF-2026-0001' });
    expect(
      await publishedData<{ contributionId: string } & MoneyData>(
        events,
        'incidents.FundContributionPaid.v1',
        (d) => d.contributionId === pledged.id,
      ),
    ).toMatchObject({
      paidOn: '2026-07-09',
      voucherNumber: 'HCF-2026-0001',
      money: { flowId: pledged.id, stage: 'RAISED', reverses: null, amountFen: '250000', fundId: fund.id },
    });
    expect(await fundTotals(sut, fund.id)).toEqual({
      pledgedFen: '0',
      raisedFen: '250000',
      raisedCashFen: '250000',
      raisedInKindFen: '0',
      allocatedFen: '0',
      availableFen: '250000',
    });
    // Paid, it can be allocated.
    expect(await allocate(sut, fund.id, { amountFen: '250000' })).toMatchObject({ amountFen: '250000' });
  });

  it('a pledge is paid without being committed first, goods in kind with their lines', async () => {
    const fund = await newFund();
    const pledged = await pledge(fund.id, TENTS);
    await pay(pledged.id);
    const paid = await publishedData<{ contributionId: string } & MoneyData>(
      events,
      'incidents.FundContributionPaid.v1',
      (d) => d.contributionId === pledged.id,
    );
    expect(paid.money).toMatchObject({
      stage: 'RAISED',
      form: 'IN_KIND',
      amountFen: '60000000',
      goods: [{ description: 'Family tent', quantity: 500, amountFen: '60000000' }],
      valuationBasis: 'Manufacturer’s invoice',
    });
    expect(await fundTotals(sut, fund.id)).toMatchObject({
      raisedFen: '60000000',
      raisedInKindFen: '60000000',
      availableFen: '0',
    });
  });

  it('a commitment withdrawn reverses the promise, with its reason', async () => {
    const fund = await newFund();
    const pledged = await pledge(fund.id, { amountFen: '70000' });
    await commit(pledged.id);
    const withdrawn = await withdraw(pledged.id, 'The donor’s company went bankrupt');
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      statusReason: 'The donor’s company went bankrupt',
    });
    const data = await publishedData<{ contributionId: string } & MoneyData>(
      events,
      'incidents.FundContributionWithdrawn.v1',
      (d) => d.contributionId === pledged.id,
    );
    expect(data).toMatchObject({
      reason: 'The donor’s company went bankrupt',
      money: { stage: 'PLEDGED', reverses: pledged.id, amountFen: '70000', sources: [] },
    });
    expect(data.money.flowId).not.toBe(pledged.id);
    expect(await fundTotals(sut, fund.id)).toMatchObject({ pledgedFen: '0', raisedFen: '0' });
  });

  describe('refuses a move out of order with CONTRIBUTION_TRANSITION_REFUSED, writing nothing', () => {
    it.each<[string, string, (c: { id: string }) => Record<string, unknown>, string]>([
      [
        'commit a paid contribution',
        'PAID',
        (c) => ({ op: COMMIT_CONTRIBUTION, v: { id: c.id } }),
        'COMMITTED',
      ],
      [
        'withdraw a paid contribution',
        'PAID',
        (c) => ({ op: WITHDRAW_CONTRIBUTION, v: { input: { id: c.id, reason: 'r' } } }),
        'WITHDRAWN',
      ],
      [
        'pay a paid contribution',
        'PAID',
        (c) => ({
          op: PAY_CONTRIBUTION,
          v: { input: { id: c.id, paidOn: '2026-07-09', voucherNumber: 'V' } },
        }),
        'PAID',
      ],
      [
        'commit a commitment',
        'COMMITTED',
        (c) => ({ op: COMMIT_CONTRIBUTION, v: { id: c.id } }),
        'COMMITTED',
      ],
    ])('%s', async (_what, status, request, to) => {
      const fund = await newFund();
      const contribution = await contributeInFull(sut, fund.id, { status });
      const before = await snapshot(fund.id);
      const { op, v } = request(contribution) as { op: string; v: Record<string, unknown> };
      expect(await sut.failure(op, v)).toMatchObject({
        code: 'CONTRIBUTION_TRANSITION_REFUSED',
        id: contribution.id,
        from: status,
        to,
      });
      expect(await snapshot(fund.id)).toEqual(before);
    });

    it('pay a withdrawn pledge', async () => {
      const fund = await newFund();
      const pledged = await pledge(fund.id);
      await withdraw(pledged.id);
      const before = await snapshot(fund.id);
      expect(
        await sut.failure(PAY_CONTRIBUTION, {
          input: { id: pledged.id, paidOn: '2026-07-09', voucherNumber: 'V' },
        }),
      ).toMatchObject({ code: 'CONTRIBUTION_TRANSITION_REFUSED', from: 'WITHDRAWN', to: 'PAID' });
      expect(await snapshot(fund.id)).toEqual(before);
    });
  });

  it('refuses a payment without its voucher or dated tomorrow, and a contribution it cannot see', async () => {
    const fund = await newFund();
    const pledged = await pledge(fund.id);
    const before = await snapshot(fund.id);
    expect(
      await sut.failure(PAY_CONTRIBUTION, {
        input: { id: pledged.id, paidOn: '2026-07-09', voucherNumber: ' ' },
      }),
    ).toMatchObject({ code: 'CONTRIBUTION_FIELD_REQUIRED', field: 'voucherNumber' });
    expect(
      await sut.failure(PAY_CONTRIBUTION, {
        input: { id: pledged.id, paidOn: '2999-01-01', voucherNumber: 'V' },
      }),
    ).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'paidOn' });
    expect(await sut.failure(COMMIT_CONTRIBUTION, { id: NO_SUCH_ID })).toMatchObject({
      code: 'CONTRIBUTION_NOT_FOUND',
      id: NO_SUCH_ID,
    });
    // An operator of another prefecture (Xiaogan) neither sees nor moves it.
    expect(
      await sut.failure(COMMIT_CONTRIBUTION, { id: pledged.id }, identities.operator('420900')),
    ).toMatchObject({ code: 'CONTRIBUTION_NOT_FOUND' });
    expect(
      await sut.failure(COMMIT_CONTRIBUTION, { id: pledged.id }, identities.auditor('420000')),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await snapshot(fund.id)).toEqual(before);
  });

  it('serialises concurrent moves of one contribution: one payment wins, the other is refused', async () => {
    const fund = await newFund();
    const pledged = await pledge(fund.id, { amountFen: '5000' });
    const outcomes = await Promise.allSettled([
      pay(pledged.id, '2026-07-09', 'V-A'),
      pay(pledged.id, '2026-07-10', 'V-B'),
      withdraw(pledged.id),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.status === 'rejected')) {
      expect(String((refused as PromiseRejectedResult).reason)).toContain('CONTRIBUTION_TRANSITION_REFUSED');
    }
    const moves = await sut.db.query(
      `SELECT count(*)::int AS n FROM outbox
       WHERE event_type IN ('incidents.FundContributionPaid.v1', 'incidents.FundContributionWithdrawn.v1')
         AND payload::text LIKE '%' || $1 || '%'`,
      [pledged.id],
    );
    expect(moves.rows[0].n).toBe(1);
  });

  it('corrects a paid donation: the original reversed and CORRECTED, the new one recorded naming it', async () => {
    const fund = await newFund();
    const original = await contributeInFull(sut, fund.id, { amountFen: '100000', voucherNumber: 'V-77' });
    const correction = await correct(original.id, fund.id, { amountFen: '150000', voucherNumber: 'V-77' });
    expect(correction).toMatchObject({
      status: 'PAID',
      amountFen: '150000',
      corrects: { id: original.id, status: 'CORRECTED' },
    });
    expect(
      (await contributionRows(sut, fund.id)).map((r) => [r.id, r.status, r.status_reason, r.corrects_id]),
    ).toEqual([
      [original.id, 'CORRECTED', 'Amount keyed wrongly', null],
      [correction.id, 'PAID', null, original.id],
    ]);

    const reversal = await publishedData<{ correctedId: string; correctionId: string } & MoneyData>(
      events,
      'incidents.FundContributionCorrected.v1',
      (d) => d.correctedId === original.id,
    );
    expect(reversal).toMatchObject({
      correctedId: original.id,
      correctionId: correction.id,
      reason: 'Amount keyed wrongly',
      money: { stage: 'RAISED', reverses: original.id, amountFen: '100000', sources: [], fundId: fund.id },
    });
    expect([original.id, correction.id]).not.toContain(reversal.money.flowId);
    const recorded = await publishedData<{ contributionId: string; correctsId: string } & MoneyData>(
      events,
      'incidents.FundContributionRecorded.v3',
      (d) => d.contributionId === correction.id,
    );
    expect(recorded).toMatchObject({
      correctsId: original.id,
      money: { flowId: correction.id, stage: 'RAISED', amountFen: '150000' },
    });
    const read = await sut.call<{
      reconstructionFund: { contributions: { edges: { node: ContributionInFull }[] } };
    }>(FUND_CONTRIBUTIONS_IN_FULL, { id: fund.id });
    expect(
      read.reconstructionFund.contributions.edges.map((e) => [
        e.node.status,
        e.node.correctedBy,
        e.node.corrects,
      ]),
    ).toEqual([
      ['CORRECTED', { id: correction.id }, null],
      ['PAID', null, { id: original.id, status: 'CORRECTED' }],
    ]);
    expect(await fundTotals(sut, fund.id)).toMatchObject({
      raisedFen: '150000',
      raisedCashFen: '150000',
      availableFen: '150000',
    });
  });

  it('corrects a pledge with a PLEDGED reversal, and refuses to correct the corrected one again', async () => {
    const fund = await newFund();
    const original = await pledge(fund.id, { amountFen: '9000' });
    const correction = await correct(original.id, fund.id, { status: 'PLEDGED', amountFen: '900' });
    const reversal = await publishedData<{ correctedId: string } & MoneyData>(
      events,
      'incidents.FundContributionCorrected.v1',
      (d) => d.correctedId === original.id,
    );
    expect(reversal.money).toMatchObject({ stage: 'PLEDGED', reverses: original.id, amountFen: '9000' });
    expect(await fundTotals(sut, fund.id)).toMatchObject({ pledgedFen: '900' });

    const before = await snapshot(fund.id);
    expect(await sut.failure(CORRECT_CONTRIBUTION, correctionInput(original.id, fund.id))).toMatchObject({
      code: 'CONTRIBUTION_TRANSITION_REFUSED',
      from: 'CORRECTED',
      to: 'CORRECTED',
    });
    expect(await snapshot(fund.id)).toEqual(before);
    expect(correction.corrects).toEqual({ id: original.id, status: 'CORRECTED' });
  });

  it('refuses to correct a contribution allocations drew on, or into another fund, writing nothing', async () => {
    const fund = await newFund();
    const other = await newFund();
    const drawn = await contributeInFull(sut, fund.id, { amountFen: '1000' });
    await allocate(sut, fund.id, { amountFen: '1' });
    const before = await snapshot(fund.id);
    expect(await sut.failure(CORRECT_CONTRIBUTION, correctionInput(drawn.id, fund.id))).toMatchObject({
      code: 'CONTRIBUTION_ALREADY_DRAWN',
      id: drawn.id,
      drawnFen: '1',
      returnedFen: '0',
    });
    const undrawn = await pledge(fund.id);
    const beforeOther = await snapshot(fund.id);
    expect(await sut.failure(CORRECT_CONTRIBUTION, correctionInput(undrawn.id, other.id))).toMatchObject({
      code: 'CORRECTION_CHANGES_FUND',
      field: 'corrected.fundId',
      fundId: fund.id,
    });
    expect(
      await sut.failure(CORRECT_CONTRIBUTION, correctionInput(undrawn.id, fund.id, { channel: null })),
    ).toMatchObject({
      code: 'CONTRIBUTION_FIELD_REQUIRED',
      field: 'channel',
    });
    expect(await snapshot(fund.id)).toEqual(beforeOther);
    expect(before.rows).toEqual(beforeOther.rows.slice(0, before.rows.length));
  });

  it('serialises a correction with a concurrent allocation: nothing is ever drawn on a corrected contribution', async () => {
    for (let round = 0; round < 3; round++) {
      const fund = await newFund();
      const original = await contributeInFull(sut, fund.id, { amountFen: '1000' });
      const outcomes = await Promise.allSettled([
        correct(original.id, fund.id, { amountFen: '800' }),
        allocate(sut, fund.id, { amountFen: '500' }),
      ]);
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
      const drawnOnCorrected = await sut.db.query(
        `SELECT count(*)::int AS n FROM allocation_source s JOIN fund_contribution c ON c.id = s.contribution_id
         WHERE c.fund_id = $1 AND c.status = 'CORRECTED'`,
        [fund.id],
      );
      expect(drawnOnCorrected.rows[0].n).toBe(0);
      const [corrected, allocated] = outcomes;
      if (corrected.status === 'rejected')
        expect(String(corrected.reason)).toContain('CONTRIBUTION_ALREADY_DRAWN');
      if (allocated.status === 'fulfilled' && corrected.status === 'fulfilled') {
        expect(allocated.value.sources.map((s) => s.contribution.id)).toEqual([corrected.value.id]);
      }
    }
  });

  it('counts raised net of what went back to contributors, and allocated net of what allocations returned', async () => {
    const fund = await newFund();
    const cash = await contributeInFull(sut, fund.id, { amountFen: '10000' });
    await contributeInFull(sut, fund.id, TENTS);
    await pledge(fund.id, { amountFen: '3000' });
    const allocation = await allocate(sut, fund.id, { amountFen: '4000' });
    expect(await fundTotals(sut, fund.id)).toEqual({
      pledgedFen: '3000',
      raisedFen: '60010000',
      raisedCashFen: '10000',
      raisedInKindFen: '60000000',
      allocatedFen: '4000',
      availableFen: '6000',
    });
    // Returns are recorded by the allocations; here their columns are set as they leave them.
    await sut.db.query(`UPDATE fund_allocation SET returned_fen = 1500 WHERE id = $1`, [allocation.id]);
    await sut.db.query(
      `UPDATE fund_contribution SET drawn_fen = drawn_fen - 1500, returned_fen = 1000 WHERE id = $1`,
      [cash.id],
    );
    expect(await fundTotals(sut, fund.id)).toEqual({
      pledgedFen: '3000',
      raisedFen: '60009000',
      raisedCashFen: '9000',
      raisedInKindFen: '60000000',
      allocatedFen: '2500',
      availableFen: '6500',
    });
  });
});
