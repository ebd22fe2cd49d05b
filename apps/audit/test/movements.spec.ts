import { randomUUID } from 'node:crypto';
import { moneyBlock, type GoodsLine, type MoneyBlock } from '@emergency/contracts';
import { eventually, identities } from '@emergency/testing';
import {
  COUNTY,
  FINANCE,
  contributionRecorded,
  fundAllocated,
  fundEstablished,
  procurementRecorded,
  published,
  settled,
  startAudit,
  type Audit,
  type FundRef,
} from './fixtures';
import { testMoneyMoved } from './money-moved';

// The audit follows every event that embeds the money block; this one is known to these tests only.
jest.mock('@emergency/contracts', () => {
  const actual = jest.requireActual<typeof import('@emergency/contracts')>('@emergency/contracts');
  const { ContractRegistry } = jest.requireActual<typeof import('@emergency/events')>('@emergency/events');
  const { testMoneyMoved: define } = jest.requireActual<typeof import('./money-moved')>('./money-moved');
  const contract = define(actual.moneyBlock);
  const all = [...actual.ALL_CONTRACTS, contract];
  return {
    ...actual,
    ALL_CONTRACTS: all,
    MONEY_CONTRACTS: [...actual.MONEY_CONTRACTS, contract],
    contractRegistry: () => new ContractRegistry(all),
  };
});

const TestMoneyMoved = testMoneyMoved(moneyBlock);
const PROJECT = randomUUID();
const BUILDER = 'Huanggang No. 2 Construction Co.';

type Sources = [string, [string, number][]][];

/** The money block of one movement in `fund`: cash, forward, the finance bureau paying the county by default. */
function block(
  fund: FundRef,
  stage: MoneyBlock['stage'],
  amount: number,
  sources: Sources = [],
  more: Partial<MoneyBlock> = {},
): MoneyBlock {
  return {
    flowId: randomUUID(),
    stage,
    reverses: null,
    fundId: fund.fundId,
    allocationId: null,
    projectId: null,
    incidentId: fund.incidentId,
    amountFen: String(amount),
    currency: 'CNY',
    form: 'CASH',
    goods: [],
    valuationBasis: null,
    payer: { organisationId: FINANCE, name: null },
    payee: { organisationId: COUNTY, name: null },
    sources: sources.map(([flowId, origins]) => ({
      flowId,
      amountFen: String(origins.reduce((s, [, a]) => s + a, 0)),
      origins: origins.map(([contributionId, a]) => ({ contributionId, amountFen: String(a) })),
    })),
    description: `${stage.toLowerCase()} money`,
    occurredAt: new Date().toISOString(),
    ...more,
  };
}

/** Plays a producing service publishing a movement; returns its flow id. */
async function moved(sut: Audit, money: MoneyBlock): Promise<string> {
  await published(sut, 'incidents', TestMoneyMoved, money.fundId, { money });
  return money.flowId;
}

const FIGURES = `query($fundId: ID!) {
  fundTrace(fundId: $fundId) {
    raisedFen allocatedFen disbursedFen usedFen unallocatedFen undisbursedFen unusedFen spentFen unspentFen
    cash { raisedFen allocatedFen disbursedFen usedFen }
    inKind { raisedFen allocatedFen disbursedFen usedFen unallocatedFen }
    reconciled discrepancies
  }
}`;

interface Figures {
  raisedFen: string;
  allocatedFen: string;
  disbursedFen: string;
  usedFen: string;
  unallocatedFen: string;
  undisbursedFen: string;
  unusedFen: string;
  spentFen: string;
  unspentFen: string;
  cash: Record<string, string>;
  inKind: Record<string, string>;
  reconciled: boolean;
  discrepancies: string[];
}

/** Waits until the fund's figures match `expected`. */
const figures = (sut: Audit, fundId: string, expected: Partial<Figures>) =>
  eventually(
    async () => {
      const { fundTrace } = await sut.call<{ fundTrace: Figures | null }>(
        FIGURES,
        { fundId },
        identities.auditor(),
      );
      expect(fundTrace).toMatchObject(expected);
      return fundTrace!;
    },
    { timeoutMs: 30_000 },
  );

const FLOW = `query($id: ID!, $stage: FlowStage) {
  flow(id: $id) {
    stage reverses form projectId allocationId valuationBasis
    goods { description unit quantity unitValueFen amountFen }
    sources { flowId amountFen origins { contributionId amountFen } }
    origins { contributionId amountFen flow { id stage } }
    contributionUses(stage: $stage) { edges { node { flow { id } stage reversal amountFen } } }
  }
}`;

interface FlowView {
  stage: string;
  reverses: string | null;
  form: string;
  projectId: string | null;
  allocationId: string | null;
  valuationBasis: string | null;
  goods: Record<string, unknown>[];
  sources: { flowId: string; amountFen: string; origins: { contributionId: string; amountFen: string }[] }[];
  origins: { contributionId: string; amountFen: string; flow: { id: string; stage: string } | null }[];
  contributionUses: {
    edges: { node: { flow: { id: string }; stage: string; reversal: boolean; amountFen: string } }[];
  };
}

const flowOf = async (sut: Audit, id: string, stage?: string) =>
  (await sut.call<{ flow: FlowView }>(FLOW, { id, stage }, identities.auditor())).flow;

/**
 * Every kind of movement of the money model, as the producers publish it in the money block, followed by the audit:
 * the fund's figures, cash and in kind, and `reconciled` after each.
 */
describe('audit: every movement of the money model', () => {
  let sut: Audit;
  let fund: FundRef;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    sut = await startAudit();
    fund = await fundEstablished(sut);
  }, 120_000);
  afterAll(() => sut?.stop());

  it('raises money paid in cash and goods given in kind, counted apart and together', async () => {
    ids.c1 = await moved(
      sut,
      block(fund, 'RAISED', 100_000, [], { payer: { organisationId: null, name: 'Hubei Red Cross' } }),
    );
    const blankets: GoodsLine = {
      description: 'Cotton blankets',
      unit: 'piece',
      quantity: 100,
      unitValueFen: '300',
      amountFen: '30000',
    };
    ids.c2 = await moved(
      sut,
      block(fund, 'RAISED', 30_000, [], {
        form: 'IN_KIND',
        goods: [blankets],
        valuationBasis: 'invoice',
        payer: { organisationId: null, name: 'Jiuzhou Textiles' },
      }),
    );
    await figures(sut, fund.fundId, {
      raisedFen: '130000',
      unallocatedFen: '130000',
      cash: { raisedFen: '100000', allocatedFen: '0', disbursedFen: '0', usedFen: '0' },
      inKind: {
        raisedFen: '30000',
        allocatedFen: '0',
        disbursedFen: '0',
        usedFen: '0',
        unallocatedFen: '30000',
      },
      reconciled: true,
      discrepancies: [],
    });
    const goods = await flowOf(sut, ids.c2);
    expect(goods).toMatchObject({
      stage: 'RAISED',
      form: 'IN_KIND',
      valuationBasis: 'invoice',
      goods: [blankets],
      origins: [{ contributionId: ids.c2, amountFen: '30000', flow: { id: ids.c2, stage: 'RAISED' } }],
    });
  });

  it('takes a corrected contribution back by a reversal, not an edit', async () => {
    const wrong = await moved(sut, block(fund, 'RAISED', 5_000));
    await figures(sut, fund.fundId, { raisedFen: '135000' });
    ids.x1 = await moved(sut, block(fund, 'RAISED', 5_000, [], { reverses: wrong }));
    await figures(sut, fund.fundId, { raisedFen: '130000', cash: { raisedFen: '100000' }, reconciled: true });
    expect(await flowOf(sut, ids.x1)).toMatchObject({ stage: 'RAISED', reverses: wrong, sources: [] });
  });

  it('allocates cash to a project and goods to the county, each drawing on raised money', async () => {
    ids.a1 = await moved(
      sut,
      block(fund, 'ALLOCATED', 60_000, [[ids.c1, [[ids.c1, 60_000]]]], { projectId: PROJECT }),
    );
    ids.a2 = await moved(
      sut,
      block(fund, 'ALLOCATED', 30_000, [[ids.c2, [[ids.c2, 30_000]]]], {
        form: 'IN_KIND',
        valuationBasis: 'invoice',
      }),
    );
    await figures(sut, fund.fundId, {
      allocatedFen: '90000',
      unallocatedFen: '40000',
      undisbursedFen: '90000',
      cash: { allocatedFen: '60000' },
      inKind: { allocatedFen: '30000', unallocatedFen: '0' },
      reconciled: true,
    });
  });

  it('gives a returned allocation back to the contributions it drew on', async () => {
    ids.r1 = await moved(
      sut,
      block(fund, 'ALLOCATED', 10_000, [[ids.c1, [[ids.c1, 10_000]]]], { reverses: ids.a1 }),
    );
    await figures(sut, fund.fundId, { allocatedFen: '80000', unallocatedFen: '50000', reconciled: true });
  });

  it('records a payment split over two allocations, drawing on each', async () => {
    ids.a3 = await moved(
      sut,
      block(fund, 'ALLOCATED', 20_000, [[ids.c1, [[ids.c1, 20_000]]]], { projectId: PROJECT }),
    );
    ids.d1 = await moved(
      sut,
      block(
        fund,
        'DISBURSED',
        30_000,
        [
          [ids.a1, [[ids.c1, 25_000]]],
          [ids.a3, [[ids.c1, 5_000]]],
        ],
        {
          projectId: PROJECT,
          payer: { organisationId: COUNTY, name: null },
          payee: { organisationId: null, name: BUILDER },
        },
      ),
    );
    const after = await figures(sut, fund.fundId, {
      allocatedFen: '100000',
      disbursedFen: '30000',
      spentFen: '30000',
      undisbursedFen: '70000',
      unspentFen: '70000',
      reconciled: true,
    });
    expect(after.discrepancies).toEqual([]);
    expect(await flowOf(sut, ids.d1)).toMatchObject({
      stage: 'DISBURSED',
      projectId: PROJECT,
      sources: [
        { flowId: ids.a1, amountFen: '25000', origins: [{ contributionId: ids.c1, amountFen: '25000' }] },
        { flowId: ids.a3, amountFen: '5000', origins: [{ contributionId: ids.c1, amountFen: '5000' }] },
      ],
      origins: [{ contributionId: ids.c1, amountFen: '30000' }],
    });
  });

  it('gives a refund back to the allocations the payment drew on', async () => {
    ids.f1 = await moved(
      sut,
      block(fund, 'DISBURSED', 5_000, [[ids.a3, [[ids.c1, 5_000]]]], {
        reverses: ids.d1,
        payer: { organisationId: null, name: BUILDER },
        payee: { organisationId: COUNTY, name: null },
      }),
    );
    await figures(sut, fund.fundId, { disbursedFen: '25000', undisbursedFen: '75000', reconciled: true });
  });

  it('records disbursed money used once its end use is confirmed, and traces it to its contribution', async () => {
    ids.u1 = await moved(
      sut,
      block(fund, 'USED', 20_000, [[ids.d1, [[ids.c1, 20_000]]]], {
        projectId: PROJECT,
        payer: { organisationId: null, name: BUILDER },
        payee: { organisationId: null, name: BUILDER },
      }),
    );
    await figures(sut, fund.fundId, {
      raisedFen: '130000',
      allocatedFen: '100000',
      disbursedFen: '25000',
      usedFen: '20000',
      unusedFen: '5000',
      cash: { raisedFen: '100000', allocatedFen: '70000', disbursedFen: '25000', usedFen: '20000' },
      reconciled: true,
      discrepancies: [],
    });
    expect((await flowOf(sut, ids.u1)).origins).toEqual([
      { contributionId: ids.c1, amountFen: '20000', flow: { id: ids.c1, stage: 'RAISED' } },
    ]);

    // Forward: every flow naming the contribution, with how much of it, by stage, reversals marked.
    const uses = (await flowOf(sut, ids.c1)).contributionUses.edges.map((e) => e.node);
    expect(uses).toEqual([
      { flow: { id: ids.a1 }, stage: 'ALLOCATED', reversal: false, amountFen: '60000' },
      { flow: { id: ids.r1 }, stage: 'ALLOCATED', reversal: true, amountFen: '10000' },
      { flow: { id: ids.a3 }, stage: 'ALLOCATED', reversal: false, amountFen: '20000' },
      { flow: { id: ids.d1 }, stage: 'DISBURSED', reversal: false, amountFen: '30000' },
      { flow: { id: ids.f1 }, stage: 'DISBURSED', reversal: true, amountFen: '5000' },
      { flow: { id: ids.u1 }, stage: 'USED', reversal: false, amountFen: '20000' },
    ]);
    expect((await flowOf(sut, ids.c1, 'USED')).contributionUses.edges.map((e) => e.node.flow.id)).toEqual([
      ids.u1,
    ]);

    // The books balance, each flow and the fund.
    const balances = await sut.db.query(
      `SELECT account, sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS balance
       FROM ledger_entry WHERE fund_id = $1 GROUP BY account ORDER BY account`,
      [fund.fundId],
    );
    expect(balances.rows).toEqual(
      expect.arrayContaining([
        { account: 'fund', balance: '30000' },
        { account: `project:${PROJECT}`, balance: '45000' },
        { account: `payee:${BUILDER}`, balance: '5000' },
        { account: `used:payee:${BUILDER}`, balance: '20000' },
      ]),
    );
  });

  it('reports a statement that does not hold: more drawn on a contribution than it holds, naming the flows', async () => {
    const other = await fundEstablished(sut);
    const c = await moved(sut, block(other, 'RAISED', 1_000));
    const a = await moved(sut, block(other, 'ALLOCATED', 800, [[c, [[c, 800]]]]));
    const b = await moved(sut, block(other, 'ALLOCATED', 300, [[c, [[c, 300]]]]));
    const trace = await figures(sut, other.fundId, { allocatedFen: '1100', reconciled: false });
    expect(trace.discrepancies).toEqual([
      `flow ${c} holds 1000 fen of contribution ${c} but 1100 fen of it is drawn on it (by ${a}, ${b})`,
      'allocated money (1100 fen) exceeds raised money (1000 fen)',
    ]);
  });

  it('still projects and traces events published before origins were stated, whatever order they arrive in', async () => {
    const old = await fundEstablished(sut);
    const c1 = await contributionRecorded(sut, old, { amountFen: '3000' });
    const c2 = await contributionRecorded(sut, old, { amountFen: '5000' });
    await settled(sut, old.fundId, { raisedFen: '8000' });
    const allocationId = randomUUID();
    // The purchase arrives before the allocation it draws on: its origins are derived once the allocation is in.
    const p1 = await procurementRecorded(sut, old, { allocationId, amountFen: '4000' });
    await settled(sut, old.fundId, { spentFen: '4000' });
    await fundAllocated(sut, old, {
      allocationId,
      sources: [
        [c1, '3000'],
        [c2, '2000'],
      ],
    });
    await figures(sut, old.fundId, { allocatedFen: '5000', disbursedFen: '4000', reconciled: true });
    const purchase = await flowOf(sut, p1);
    expect(purchase).toMatchObject({ stage: 'DISBURSED', form: 'CASH', reverses: null, allocationId });
    expect(purchase.origins.map(({ contributionId, amountFen }) => ({ contributionId, amountFen }))).toEqual([
      { contributionId: c1, amountFen: '3000' },
      { contributionId: c2, amountFen: '1000' },
    ]);
    expect(
      (await flowOf(sut, c2)).contributionUses.edges.map((e) => [e.node.stage, e.node.amountFen]),
    ).toEqual([
      // In recording order: the purchase was recorded first.
      ['DISBURSED', '1000'],
      ['ALLOCATED', '2000'],
    ]);
  });
});
