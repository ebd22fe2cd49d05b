import { randomUUID } from 'node:crypto';
import { identities } from '@emergency/testing';
import {
  COUNTY,
  contributionRecorded,
  fundAllocated,
  fundEstablished,
  procurementRecorded,
  settled,
  startAudit,
  TEN_TO_THE_15,
  type Audit,
} from './fixtures';

const FLOW = `query($id: ID!) {
  flow(id: $id) {
    stage payer { id } payee { id } payeeName
    sources { flowId amountFen flow { stage } }
    origins { flow { id } amountFen }
  }
}`;

const FLOW_USES = `query($id: ID!) { flow(id: $id) { uses { flowId amountFen } } }`;

const FUND_ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on ReconstructionFund { trace { raisedFen reconciled } } }
}`;

/**
 * A fund's audit trail: its figures, whether it reconciles, and each flow traced to the contributions that paid for
 * it. The incidents and supplies services are played by the test.
 */
describe('audit: fund trace and attribution', () => {
  let sut: Audit;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(() => sut?.stop());

  it('records raised, allocated and spent money from events and traces each purchase to its contributions', async () => {
    const fund = await fundEstablished(sut);
    const c1 = await contributionRecorded(sut, fund, { amountFen: '30000' });
    const c2 = await contributionRecorded(sut, fund, { amountFen: '50000' });
    await contributionRecorded(sut, fund, { amountFen: '99999', status: 'PLEDGED' });
    const a1 = await fundAllocated(sut, fund, {
      sources: [
        [c1, '30000'],
        [c2, '30000'],
      ],
    });
    const s1 = await procurementRecorded(sut, fund, { allocationId: a1, amountFen: '20000' });
    const s2 = await procurementRecorded(sut, fund, { allocationId: a1, amountFen: '25000' });

    // Allocations and purchases arrive on different topics, so the trace is whole only once both have been read.
    const whole = {
      raisedFen: '80000',
      allocatedFen: '60000',
      spentFen: '45000',
      unallocatedFen: '20000',
      unspentFen: '15000',
      reconciled: true,
      discrepancies: [],
      fund: { id: fund.fundId },
      incident: { id: fund.incidentId },
    };
    expect(await settled(sut, fund.fundId, whole)).toEqual(whole);

    const { flow } = await sut.call<{
      flow: {
        stage: string;
        payer: { id: string };
        payee: null;
        payeeName: string;
        sources: { flowId: string; amountFen: string; flow: { stage: string } }[];
        origins: { flow: { id: string }; amountFen: string }[];
      };
    }>(FLOW, { id: s2 }, identities.auditor());
    expect(flow).toEqual({
      stage: 'DISBURSED',
      payer: { id: COUNTY },
      payee: null,
      payeeName: 'Wuhan Relief Materials Co., Ltd.',
      sources: [{ flowId: a1, amountFen: '25000', flow: { stage: 'ALLOCATED' } }],
      // s1 took the first 20,000 of a1 (all from c1); s2 takes c1's last 10,000, then 15,000 of c2.
      origins: [
        { flow: { id: c1 }, amountFen: '10000' },
        { flow: { id: c2 }, amountFen: '15000' },
      ],
    });

    const { flow: allocation } = await sut.call<{ flow: { uses: { flowId: string; amountFen: string }[] } }>(
      FLOW_USES,
      { id: a1 },
      identities.auditor(),
    );
    expect(allocation.uses).toEqual([
      { flowId: s1, amountFen: '20000' },
      { flowId: s2, amountFen: '25000' },
    ]);

    // The books: the fund holds what is unallocated, the county what it has not spent, and everything balances.
    const balances = await sut.db.query(
      `SELECT account, sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS balance
       FROM ledger_entry WHERE fund_id = $1 GROUP BY account ORDER BY account`,
      [fund.fundId],
    );
    expect(balances.rows).toEqual([
      { account: 'contributor:Hubei Red Cross', balance: '-80000' },
      { account: 'fund', balance: '20000' },
      { account: `organisation:${COUNTY}`, balance: '15000' },
      { account: 'payee:Wuhan Relief Materials Co., Ltd.', balance: '45000' },
    ]);
  });

  it('reports a purchase whose allocation has not arrived, and reconciles once it has', async () => {
    const fund = await fundEstablished(sut);
    const c1 = await contributionRecorded(sut, fund, { amountFen: '1000' });
    await settled(sut, fund.fundId, { raisedFen: '1000' });
    const allocationId = randomUUID();
    await procurementRecorded(sut, fund, { allocationId, amountFen: '400' });
    const pending = await settled(sut, fund.fundId, { spentFen: '400' });
    expect(pending.reconciled).toBe(false);
    expect(pending.discrepancies).toEqual([
      expect.stringContaining(`draws on flow ${allocationId}, not recorded in this fund`),
      'disbursed money (400 fen) exceeds allocated money (0 fen)',
    ]);

    await fundAllocated(sut, fund, { allocationId, sources: [[c1, '500']] });
    await settled(sut, fund.fundId, { allocatedFen: '500', reconciled: true, discrepancies: [] });
  });

  it('adds the trace to the incidents subgraph’s ReconstructionFund and carries 10^15 fen exactly', async () => {
    const fund = await fundEstablished(sut);
    const c = await contributionRecorded(sut, fund, { amountFen: TEN_TO_THE_15 });
    await fundAllocated(sut, fund, { sources: [[c, TEN_TO_THE_15]] });
    await settled(sut, fund.fundId, { allocatedFen: TEN_TO_THE_15 });
    const { _entities } = await sut.call<{
      _entities: { trace: { raisedFen: string; reconciled: boolean } | null }[];
    }>(
      FUND_ENTITIES,
      {
        reps: [
          { __typename: 'ReconstructionFund', id: fund.fundId },
          { __typename: 'ReconstructionFund', id: randomUUID() },
        ],
      },
      identities.auditor(),
    );
    expect(_entities).toEqual([{ trace: { raisedFen: TEN_TO_THE_15, reconciled: true } }, { trace: null }]);
  });
});
