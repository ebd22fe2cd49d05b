import { identities } from '@emergency/testing';
import { contributionRecorded, fundEstablished, settled, startAudit, traceOf, type Audit } from './fixtures';
import { FUND_TRACES, type FundTracesPage } from './ledger.operations';

/** Who sees which funds: the caller's jurisdiction over the fund's incident, and only through the gateway. */
describe('audit: jurisdiction', () => {
  let sut: Audit;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(() => sut?.stop());

  it('shows a fund only to callers whose jurisdiction covers its incident', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421100' }); // Huanggang
    await contributionRecorded(sut, fund, { amountFen: '100' });
    await settled(sut, fund.fundId, { raisedFen: '100' });
    expect(await traceOf(sut, fund.fundId, identities.auditor('421100'))).not.toBeNull();
    expect(await traceOf(sut, fund.fundId, identities.operator('421121'))).toBeNull(); // Tuanfeng, a county below
    expect(await traceOf(sut, fund.fundId, identities.auditor('420900'))).toBeNull(); // Xiaogan
    const listed = await sut.call<FundTracesPage>(FUND_TRACES, { first: 100 }, identities.auditor('420900'));
    expect(listed.fundTraces.edges.map((e) => e.node.fund.id)).not.toContain(fund.fundId);
  });

  it('lists funds newest first for province-wide auditors', async () => {
    const older = await fundEstablished(sut);
    const newer = await fundEstablished(sut);
    await contributionRecorded(sut, newer, { amountFen: '1' });
    await settled(sut, newer.fundId, { raisedFen: '1' });
    const { fundTraces } = await sut.call<FundTracesPage>(FUND_TRACES, { first: 100 }, identities.auditor());
    const ids = fundTraces.edges.map((e) => e.node.fund.id);
    expect(ids.indexOf(newer.fundId)).toBeLessThan(ids.indexOf(older.fundId));
    expect(ids.indexOf(older.fundId)).toBeGreaterThanOrEqual(0);
  });

  it('answers only requests that come through the gateway', async () => {
    const res = await sut.request(FUND_TRACES, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
