import {
  dissolveOrganisations,
  organisationIn,
  registerOrganisations,
  type TestSubgraph,
} from '@emergency/testing';
import {
  allocate,
  allocationInput,
  contribute,
  establishFund,
  fundById,
  NO_SUCH_ID,
  reportIncident,
  startIncidents,
  written,
  type Allocation,
} from './fixtures';
import { ALLOCATE_FUND } from './funds.operations';

const TEN_TO_THE_15 = '1000000000000000';

/** The money drawn from a fund and its FIFO attribution, against the real PostgreSQL and broker. */
describe('fund allocations', () => {
  let sut: TestSubgraph;

  beforeAll(async () => (sut = await startIncidents()), 120_000);
  afterAll(() => sut?.stop());

  /** A fund of a new incident, managed by the provincial finance bureau. */
  const newFund = async () => establishFund(sut, (await reportIncident(sut)).id);

  it('carries 10^15 fen through GraphQL, the database and the event exactly', async () => {
    const fund = await establishFund(sut, (await reportIncident(sut)).id, { name: 'Very large fund' });
    const contribution = await contribute(sut, fund.id, { amountFen: TEN_TO_THE_15 });
    expect(contribution.amountFen).toBe(TEN_TO_THE_15);
    const allocation = await allocate(sut, fund.id, { amountFen: TEN_TO_THE_15 });
    expect(allocation.amountFen).toBe(TEN_TO_THE_15);
    expect(allocation.sources).toEqual([
      {
        amountFen: TEN_TO_THE_15,
        contribution: { id: contribution.id, amountFen: TEN_TO_THE_15, status: 'PAID' },
      },
    ]);
    expect(await fundById(sut, fund.id)).toMatchObject({
      pledgedFen: '0', // open promises only: the contribution is paid
      raisedFen: TEN_TO_THE_15,
      allocatedFen: TEN_TO_THE_15,
      availableFen: '0',
    });
    const stored = await sut.db.query(
      `SELECT amount_fen::text AS amount FROM fund_allocation WHERE id = $1`,
      [allocation.id],
    );
    expect(stored.rows).toEqual([{ amount: TEN_TO_THE_15 }]);
    const event = await sut.db.query(
      `SELECT payload FROM outbox WHERE event_type = 'incidents.FundAllocated.v3' AND payload->>'allocationId' = $1`,
      [allocation.id],
    );
    expect(event.rows[0].payload).toMatchObject({
      money: { amountFen: TEN_TO_THE_15, sources: [{ flowId: contribution.id, amountFen: TEN_TO_THE_15 }] },
    });
  });

  it('refuses an allocation above the paid money with INSUFFICIENT_FUNDS, writing and publishing nothing', async () => {
    const fund = await newFund();
    await contribute(sut, fund.id, { amountFen: '1000', status: 'PAID' });
    await contribute(sut, fund.id, { amountFen: '5000', status: 'PLEDGED' }); // pledged money cannot be allocated
    const before = {
      allocations: await sut.count('fund_allocation'),
      sources: await sut.count('allocation_source'),
      outbox: await sut.count('outbox'),
    };

    const error = await sut.failure(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '1001' }));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', availableFen: '1000', requestedFen: '1001' });

    expect({
      allocations: await sut.count('fund_allocation'),
      sources: await sut.count('allocation_source'),
      outbox: await sut.count('outbox'),
    }).toEqual(before);
    expect(await fundById(sut, fund.id)).toMatchObject({
      raisedFen: '1000',
      allocatedFen: '0',
      availableFen: '1000',
    });
  });

  it('validates input with stable codes', async () => {
    const fund = await newFund();
    await contribute(sut, fund.id, { amountFen: '1000' });
    const allocating = (amountFen: string, fundId = fund.id) =>
      sut.failure(ALLOCATE_FUND, allocationInput(fundId, { amountFen }));
    expect(await allocating('0')).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await allocating('-1')).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await allocating('1.5')).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await allocating('1', NO_SUCH_ID)).toMatchObject({ code: 'FUND_NOT_FOUND' });
  });

  it('allocates only to an active organisation within the managing organisation’s region, writing nothing otherwise', async () => {
    const huanggangFinance = organisationIn('421100', 'Huanggang Municipal Finance Bureau');
    const tuanfeng = organisationIn('421121', 'Tuanfeng County Civil Affairs Bureau');
    const xiaogan = organisationIn('420902', 'Xiaonan District Emergency Management Bureau');
    const dissolved = organisationIn('421122', 'Hong’an County Relief Station');
    await registerOrganisations(sut, [huanggangFinance, tuanfeng, xiaogan, dissolved]);
    await dissolveOrganisations(sut, [dissolved.id]);
    const fund = await establishFund(sut, (await reportIncident(sut)).id, {
      name: 'Huanggang fund',
      managingOrganisationId: huanggangFinance.id,
    });
    await contribute(sut, fund.id, { amountFen: '1000' });
    const allocating = (organisationId: string) =>
      allocationInput(fund.id, { organisationId, amountFen: '100', purpose: 'Tents' });
    const before = await written(sut);

    const unknown = organisationIn('421121').id;
    expect(await sut.failure(ALLOCATE_FUND, allocating(unknown))).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'organisationId',
    });
    expect(await sut.failure(ALLOCATE_FUND, allocating(dissolved.id))).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'organisationId',
    });
    // An operator of one prefecture's fund cannot pass its money to another prefecture.
    expect(await sut.failure(ALLOCATE_FUND, allocating(xiaogan.id))).toMatchObject({
      code: 'RECIPIENT_OUTSIDE_JURISDICTION',
      field: 'organisationId',
      organisationId: xiaogan.id,
    });
    expect(await written(sut)).toEqual(before);

    const allowed = await sut.call<{ allocateFund: Allocation }>(ALLOCATE_FUND, allocating(tuanfeng.id));
    expect(allowed.allocateFund.recipientOrganisation.id).toBe(tuanfeng.id);
  });

  it('attributes allocations FIFO to the paid contributions, oldest first, across contributions', async () => {
    const fund = await newFund();
    const first = await contribute(sut, fund.id, { amountFen: '300', status: 'PAID' });
    await contribute(sut, fund.id, { amountFen: '999', status: 'PLEDGED' }); // never drawn on
    const second = await contribute(sut, fund.id, { amountFen: '500', status: 'PAID' });

    const simplify = (a: Allocation) => a.sources.map((s) => [s.contribution.id, s.amountFen]);
    expect(simplify(await allocate(sut, fund.id, { amountFen: '200' }))).toEqual([[first.id, '200']]);
    expect(simplify(await allocate(sut, fund.id, { amountFen: '400' }))).toEqual([
      [first.id, '100'],
      [second.id, '300'],
    ]);
    expect(simplify(await allocate(sut, fund.id, { amountFen: '200' }))).toEqual([[second.id, '200']]);
    expect(await fundById(sut, fund.id)).toMatchObject({
      raisedFen: '800',
      allocatedFen: '800',
      availableFen: '0',
    });
    expect(await sut.failure(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '1' }))).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      availableFen: '0',
      requestedFen: '1',
    });
  });

  it('never lets concurrent allocations together exceed the paid money', async () => {
    const fund = await newFund();
    await contribute(sut, fund.id, { amountFen: '40' });
    await contribute(sut, fund.id, { amountFen: '35' });
    await contribute(sut, fund.id, { amountFen: '25' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        sut.request(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '30' })),
      ),
    );
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(3);
    for (const r of results.filter((r) => r.errors))
      expect(r.errors?.[0].extensions?.code).toBe('INSUFFICIENT_FUNDS');
    expect(await fundById(sut, fund.id)).toMatchObject({
      raisedFen: '100',
      allocatedFen: '90',
      availableFen: '10',
    });
    // No contribution is drawn on beyond its amount, and every allocation is fully attributed.
    const overdrawn = await sut.db.query(
      `SELECT c.id FROM fund_contribution c JOIN allocation_source s ON s.contribution_id = c.id
       WHERE c.fund_id = $1 GROUP BY c.id, c.amount_fen HAVING sum(s.amount_fen) > c.amount_fen`,
      [fund.id],
    );
    expect(overdrawn.rows).toEqual([]);
    const unbalanced = await sut.db.query(
      `SELECT a.id FROM fund_allocation a JOIN allocation_source s ON s.allocation_id = a.id
       WHERE a.fund_id = $1 GROUP BY a.id, a.amount_fen HAVING sum(s.amount_fen) <> a.amount_fen`,
      [fund.id],
    );
    expect(unbalanced.rows).toEqual([]);
    // What each contribution records as drawn is what its sources add up to.
    const drawnAsSourced = await sut.db.query(
      `SELECT c.id FROM fund_contribution c LEFT JOIN allocation_source s ON s.contribution_id = c.id
       WHERE c.fund_id = $1 GROUP BY c.id, c.drawn_fen HAVING c.drawn_fen <> COALESCE(sum(s.amount_fen), 0)`,
      [fund.id],
    );
    expect(drawnAsSourced.rows).toEqual([]);
  });

  it('gives the last yuan to exactly one of the allocations racing for it', async () => {
    const fund = await newFund();
    await contribute(sut, fund.id, { amountFen: '600' });
    await contribute(sut, fund.id, { amountFen: '500' });
    await allocate(sut, fund.id, { amountFen: '1000' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        sut.request(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '100' })),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors))
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'INSUFFICIENT_FUNDS', availableFen: '0' });
    expect(await fundById(sut, fund.id)).toMatchObject({
      raisedFen: '1100',
      allocatedFen: '1100',
      availableFen: '0',
    });
  });

  it('records a contribution while an allocation of the same fund holds the fund, and allocates after it', async () => {
    const fund = await newFund();
    await contribute(sut, fund.id, { amountFen: '100' });
    // The lock an allocation holds from its first statement to its commit, held here by another transaction.
    await sut.db.query('BEGIN');
    try {
      await sut.db.query(`SELECT 1 FROM reconstruction_fund WHERE id = $1 FOR NO KEY UPDATE`, [fund.id]);
      let allocated = false;
      const allocation = allocate(sut, fund.id, { amountFen: '150' }).then((a) => ((allocated = true), a));
      const timeout = new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error('the contribution waited for the fund lock')), 5_000).unref();
      });
      await Promise.race([contribute(sut, fund.id, { amountFen: '100' }), timeout]);
      expect(allocated).toBe(false);
      await sut.db.query('COMMIT');
      // Drawn from both contributions, the second recorded while the allocation waited.
      expect((await allocation).sources.map((s) => s.amountFen)).toEqual(['100', '50']);
    } finally {
      await sut.db.query('ROLLBACK').catch(() => undefined);
    }
  });
});
