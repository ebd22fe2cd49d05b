import { randomUUID } from 'node:crypto';
import { ProcurementRecordedV2Contract, StockIssued, StockReceived } from '@emergency/contracts';
import { eventually, identities, standClockAt } from '@emergency/testing';
import {
  fundAllocated,
  fundEstablished,
  moneyOf,
  published,
  startAudit,
  type Audit,
  type FundRef,
} from './fixtures';
import {
  arrival,
  BLANKET,
  GOODS_IN_TRANSIT,
  GOODS_OF_ALLOCATION,
  GOODS_OF_CONTRIBUTION,
  GOODS_OF_PROCUREMENT,
  GOODS_TOTALS,
  GOODS_TRACE,
  issue,
  outcomeValues,
  pointIn,
  publishArrival,
  publishedTwice,
  publishIssue,
  received,
  shipped,
  TENT,
  type GoodsTotals,
  type GoodsTrace,
  type InTransitPage,
  type Lot,
  type Outcomes,
} from './goods.fixtures';

const TENT_FEN = 150_000n; // a family tent, 1 500 yuan
const BLANKET_FEN = 5_000n;

/**
 * The audit follows goods as it follows money: one purchase of tents for the Ju River flood, received at the
 * Huanggang prefecture's reserve, shipped to Tuanfeng county with one tent lost on the way, used at a shelter and
 * given out to households; and a donation in kind of blankets, one written off.
 */
describe('audit: goods from their money to their use', () => {
  let sut: Audit;
  let fund: FundRef;
  const prefecture = pointIn('421100');
  const county = pointIn('421121');
  const procurementId = randomUUID();
  const allocationId = randomUUID();
  const contributionId = randomUUID();
  const shelterId = randomUUID();
  let tents: Lot;
  let countyTents: Lot;
  let blankets: Lot;
  let pending: string;

  const call = <T>(query: string, id: string, identity = identities.auditor()) =>
    sut.call<T>(query, { id }, identity);
  const goodsOf = async (query: string, id: string, identity = identities.auditor()) =>
    Object.values(await call<Record<string, Outcomes | null>>(query, id, identity))[0]!;

  beforeAll(async () => {
    sut = await startAudit();
    fund = await fundEstablished(sut, { regionCode: '421100' });
    tents = await received(sut, {
      point: prefecture,
      itemCode: TENT,
      quantity: 10,
      unitValueFen: TENT_FEN,
      source: {
        kind: 'PURCHASE',
        procurementId,
        allocationId,
        contributionId: null,
        fundId: fund.fundId,
        transferId: null,
      },
      at: '2026-07-08T02:00:00.000Z',
    });
    const toCounty = await shipped(sut, tents, { to: county, quantity: 6, at: '2026-07-08T06:00:00.000Z' });
    const arrived = arrival(toCounty, { received: 5, at: '2026-07-08T12:00:00.000Z' });
    countyTents = arrived.lot;
    // The county's use is published before the arrival that made its lot: the audit takes them in any order.
    await publishIssue(
      sut,
      issue(countyTents, { kind: 'USE', quantity: 3, shelterId, at: '2026-07-08T14:00:00.000Z' }),
    );
    await publishIssue(
      sut,
      issue(countyTents, {
        kind: 'USE',
        quantity: 1,
        shelterId,
        distributionReference: 'TF-2026-0007',
        at: '2026-07-08T15:00:00.000Z',
      }),
    );
    await publishArrival(sut, arrived);
    pending = (await shipped(sut, tents, { to: county, quantity: 1, at: '2026-07-09T01:00:00.000Z' }))
      .movementId;
    blankets = await received(sut, {
      point: county,
      itemCode: BLANKET,
      quantity: 2,
      unitValueFen: BLANKET_FEN,
      source: {
        kind: 'DONATION',
        procurementId: null,
        allocationId: null,
        contributionId,
        fundId: fund.fundId,
        transferId: null,
      },
      at: '2026-07-08T03:00:00.000Z',
    });
    // Published twice with one id, as a relay may: the audit records it once.
    await publishedTwice(
      sut,
      StockIssued,
      blankets.id,
      issue(blankets, { kind: 'WRITE_OFF', quantity: 1, at: '2026-07-09T03:00:00.000Z' }),
    );
  }, 120_000);
  afterAll(() => sut?.stop());

  /** The allocation's goods once every event above is in. */
  const settledGoods = () =>
    eventually(
      async () => {
        const goods = await goodsOf(GOODS_OF_ALLOCATION, allocationId);
        expect(goods?.inTransit.quantity).toBe(1);
        expect(goods?.used.quantity).toBe(3);
        expect(goods?.lost.quantity).toBe(1);
        expect(goods?.distributed.quantity).toBe(1);
        expect(goods?.lots.find((l) => l.id === countyTents.id)?.fromLotId).toBe(tents.id);
        return goods!;
      },
      { timeoutMs: 30_000 },
    );

  it('shows where an allocation’s tents went: on hand at each point, in transit, at the shelter, given to households and lost, to the fen', async () => {
    const goods = await settledGoods();
    expect(goods.received).toEqual({ quantity: 10, valueFen: (10n * TENT_FEN).toString() });
    expect(goods.receivedBySource).toEqual([{ sourceKind: 'PURCHASE', quantity: 10, valueFen: '1500000' }]);
    expect(goods.onHandByPoint).toEqual(
      expect.arrayContaining([
        { reservePointId: prefecture.id, regionCode: '421100', quantity: 3, valueFen: '450000' },
        { reservePointId: county.id, regionCode: '421121', quantity: 1, valueFen: '150000' },
      ]),
    );
    expect(goods.onHandByPoint).toHaveLength(2);
    expect(goods.onHand).toEqual({ quantity: 4, valueFen: '600000' });
    expect(goods.usedByShelter).toEqual([{ shelterId, quantity: 3, valueFen: '450000' }]);
    expect(goods.distributions).toEqual([
      { distributionReference: 'TF-2026-0007', shelterId, quantity: 1, valueFen: '150000' },
    ]);
    expect(goods.lost).toEqual({ quantity: 1, valueFen: '150000' });
    expect(goods.inTransit).toEqual({ quantity: 1, valueFen: '150000' });
    expect(goods.shipments.map((s) => s.id)).toEqual([pending]);
    expect(goods.dispatched).toEqual({ quantity: 0, valueFen: '0' });
    expect(goods.writtenOff).toEqual({ quantity: 0, valueFen: '0' });
    expect(goods.adjusted).toEqual({ quantity: 0, valueFen: '0' });
    // Every outcome adds up to what was received, to the fen.
    expect(outcomeValues(goods)).toBe(10n * TENT_FEN);
    expect(goods).toMatchObject({ balanced: true, differenceFen: '0' });
    expect(goods.lots.map((l) => l.id).sort()).toEqual([tents.id, countyTents.id].sort());
    expect(await goodsOf(GOODS_OF_PROCUREMENT, procurementId)).toEqual(goods);
  });

  it('shows, on the allocation’s and the procurement’s flows, where the goods they paid for went', async () => {
    const goods = await settledGoods();
    await fundAllocated(sut, fund, { sources: [[contributionId, '1500000']], allocationId });
    await published(sut, 'supplies', ProcurementRecordedV2Contract, allocationId, {
      procurementId,
      itemDescription: 'Family tents',
      quantity: 10,
      unitPriceFen: TENT_FEN.toString(),
      money: moneyOf(procurementId, 'SPENT', fund, allocationId, '1500000', [[allocationId, '1500000']]),
    });
    const FLOW_GOODS = `query($id: ID!) { flow(id: $id) { goodsOutcomes {
        received { quantity valueFen } used { quantity valueFen } inTransit { quantity } lots { id } } } }`;
    const goodsOfFlow = async (id: string) =>
      (await call<{ flow: { goodsOutcomes: Partial<Outcomes> | null } | null }>(FLOW_GOODS, id)).flow;
    const expected = {
      received: goods.received,
      used: goods.used,
      inTransit: { quantity: goods.inTransit.quantity },
      lots: goods.lots.map((l) => ({ id: l.id })),
    };
    await eventually(async () => {
      expect(await goodsOfFlow(allocationId)).toEqual({ goodsOutcomes: expected });
      expect(await goodsOfFlow(procurementId)).toEqual({ goodsOutcomes: expected });
    });
    // Money that bought no goods shows none; a county auditor sees none of the prefecture's goods.
    const other = await fundAllocated(sut, fund, { sources: [[contributionId, '100']] });
    await eventually(async () => expect(await goodsOfFlow(other)).toEqual({ goodsOutcomes: null }));
    const { flow } = await call<{ flow: { goodsOutcomes: unknown } | null }>(
      FLOW_GOODS,
      allocationId,
      identities.auditor('421121'),
    );
    expect(flow?.goodsOutcomes ?? null).toBeNull();
  });

  it('traces the county’s tents back to the procurement and the allocation that paid, and forward to the shelter', async () => {
    await settledGoods();
    const { goodsTrace } = await call<{ goodsTrace: GoodsTrace }>(GOODS_TRACE, countyTents.id);
    expect(goodsTrace).toMatchObject({
      lot: { id: countyTents.id },
      madeFrom: [{ id: tents.id }],
      origin: { id: tents.id, sourceKind: 'PURCHASE' },
      sourceKind: 'PURCHASE',
      procurementId,
      allocationId,
      contributionId: null,
      fundId: fund.fundId,
    });
    expect(goodsTrace.movements.map((m) => [m.kind, m.issueKind, m.quantity, m.valueFen])).toEqual([
      ['ARRIVED', null, 5, '750000'],
      ['ISSUED', 'USE', -3, '-450000'],
      ['ISSUED', 'USE', -1, '-150000'],
    ]);
    // The county lot's own outcomes: what arrived, used, given out and on hand; the shortfall is the shipper's.
    expect(goodsTrace.outcomes).toMatchObject({
      received: { quantity: 0, valueFen: '0' },
      onHand: { quantity: 1, valueFen: '150000' },
      used: { quantity: 3, valueFen: '450000' },
    });

    const { goodsTrace: origin } = await call<{ goodsTrace: GoodsTrace }>(GOODS_TRACE, tents.id);
    expect(origin.madeFrom).toEqual([]);
    expect(origin.origin.id).toBe(tents.id);
    expect(origin.movements.map((m) => m.kind)).toEqual([
      'RECEIVED',
      'SHIPPED',
      'ARRIVED',
      'SHORTFALL',
      'ISSUED',
      'ISSUED',
      'SHIPPED',
    ]);
    expect(origin.outcomes.balanced).toBe(true);
    expect(outcomeValues(origin.outcomes)).toBe(10n * TENT_FEN);
  });

  it('lists goods in transit with their age, within the caller’s jurisdiction', async () => {
    await settledGoods();
    standClockAt(sut, new Date('2026-07-10T07:00:00.000Z'));
    const page = await sut.call<InTransitPage>(
      GOODS_IN_TRANSIT,
      { regionCode: '421121' },
      identities.auditor('421100'),
    );
    const mine = page.goodsInTransit.edges.map((e) => e.node).filter((n) => n.id === pending);
    expect(mine).toEqual([
      {
        id: pending,
        quantity: 1,
        valueFen: '150000',
        ageHours: 30,
        shippedAt: '2026-07-09T01:00:00.000Z',
        toRegionCode: '421121',
        lot: { id: tents.id, regionCode: '421100' },
      },
    ]);
    // An opening balance shipped later: pages go from the oldest shipment on.
    const opening = await received(sut, {
      point: county,
      itemCode: BLANKET,
      quantity: 4,
      unitValueFen: BLANKET_FEN,
      source: {
        kind: 'INITIAL',
        procurementId: null,
        allocationId: null,
        contributionId: null,
        fundId: null,
        transferId: null,
      },
      at: '2026-07-01T00:00:00.000Z',
    });
    const later = await shipped(sut, opening, {
      to: prefecture,
      quantity: 2,
      at: '2026-07-09T05:00:00.000Z',
    });
    const first = await eventually(async () => {
      const p = await sut.call<InTransitPage>(
        GOODS_IN_TRANSIT,
        { regionCode: '421100', first: 1 },
        identities.admin(),
      );
      expect(p.goodsInTransit.pageInfo.hasNextPage).toBe(true);
      return p;
    });
    expect(first.goodsInTransit.edges.map((e) => e.node.id)).toEqual([pending]);
    const next = await sut.call<InTransitPage>(
      GOODS_IN_TRANSIT,
      { regionCode: '421100', first: 1, after: first.goodsInTransit.pageInfo.endCursor },
      identities.admin(),
    );
    expect(next.goodsInTransit.edges.map((e) => [e.node.id, e.node.ageHours, e.node.valueFen])).toEqual([
      [later.movementId, 26, '10000'],
    ]);
    expect(next.goodsInTransit.pageInfo.hasNextPage).toBe(false);

    const xiaogan = await sut.call<InTransitPage>(GOODS_IN_TRANSIT, {}, identities.auditor('420900'));
    expect(xiaogan.goodsInTransit.edges.map((e) => e.node.id)).not.toContain(pending);
    const asked = await sut.call<InTransitPage>(
      GOODS_IN_TRANSIT,
      { regionCode: '421100' },
      identities.auditor('420900'),
    );
    expect(asked.goodsInTransit.edges).toEqual([]);
  });

  it('totals a fund’s goods by source and checks received = used + written off + lost + on hand + in transit', async () => {
    await settledGoods();
    const totals = await eventually(async () => {
      const { goodsTotals } = await call<{ goodsTotals: GoodsTotals }>(GOODS_TOTALS, fund.fundId);
      expect(goodsTotals.writtenOffFen).toBe('5000');
      return goodsTotals;
    });
    expect(totals).toEqual({
      fundId: fund.fundId,
      receivedFen: '1510000',
      purchasedFen: '1500000',
      donatedFen: '10000',
      usedFen: '600000',
      writtenOffFen: '5000',
      lostFen: '150000',
      onHandFen: '605000',
      inTransitFen: '150000',
      adjustedFen: '0',
      balanced: true,
      differenceFen: '0',
    });
    const sum = ['usedFen', 'writtenOffFen', 'lostFen', 'onHandFen', 'inTransitFen', 'adjustedFen'] as const;
    expect(sum.reduce((s, k) => s + BigInt(totals[k]), 0n)).toBe(BigInt(totals.receivedFen));

    const donation = await goodsOf(GOODS_OF_CONTRIBUTION, contributionId);
    expect(donation).toMatchObject({
      received: { quantity: 2, valueFen: '10000' },
      writtenOff: { quantity: 1, valueFen: '5000' },
      onHand: { quantity: 1, valueFen: '5000' },
      balanced: true,
    });
  });

  it('records a movement once, whatever event tells it again', async () => {
    await settledGoods();
    // The tents' receipt told again by another event: the movement is already recorded.
    await published(sut, 'supplies', StockReceived, tents.id, {
      lotId: tents.id,
      reservePointId: prefecture.id,
      regionCode: prefecture.regionCode,
      itemCode: TENT,
      unitValueFen: TENT_FEN.toString(),
      source: tents.source,
      movementId: (
        await call<{ goodsTrace: { movements: { id: string; kind: string }[] } }>(
          `query($id: ID!) { goodsTrace(lotId: $id) { movements { id kind } } }`,
          tents.id,
        )
      ).goodsTrace.movements.find((m) => m.kind === 'RECEIVED')!.id,
      quantity: 10,
      valueFen: (10n * TENT_FEN).toString(),
      balanceAfter: 10,
      at: '2026-07-08T02:00:00.000Z',
      reason: null,
      receivedOn: '2026-07-08',
      expiresOn: null,
    });
    // A marker published after it on the same lot: once it is in, so is the repeat.
    const marker = issue(tents, {
      kind: 'DISPATCH',
      quantity: 1,
      incidentId: fund.incidentId,
      at: '2026-07-10T01:00:00.000Z',
    });
    await publishIssue(sut, marker);
    const goods = await eventually(async () => {
      const g = await goodsOf(GOODS_OF_ALLOCATION, allocationId);
      expect(g?.dispatched.quantity).toBe(1);
      return g!;
    });
    expect(goods.received).toEqual({ quantity: 10, valueFen: '1500000' });
    expect(goods.dispatchedByIncident).toEqual([
      { incidentId: fund.incidentId, quantity: 1, valueFen: '150000' },
    ]);
    expect(goods.balanced).toBe(true);
    expect(outcomeValues(goods)).toBe(10n * TENT_FEN);
  });

  it('shows goods only within the caller’s jurisdiction, and refuses malformed ids', async () => {
    await settledGoods();
    // Tuanfeng county sees its own lot's trace, not the prefecture's lot or the allocation received there.
    const countyAuditor = identities.auditor('421121');
    expect(
      (await call<{ goodsTrace: GoodsTrace | null }>(GOODS_TRACE, countyTents.id, countyAuditor)).goodsTrace,
    ).not.toBeNull();
    expect(
      (await call<{ goodsTrace: GoodsTrace | null }>(GOODS_TRACE, tents.id, countyAuditor)).goodsTrace,
    ).toBeNull();
    expect(await goodsOf(GOODS_OF_ALLOCATION, allocationId, countyAuditor)).toBeNull();
    expect(await goodsOf(GOODS_OF_ALLOCATION, allocationId, identities.auditor('421100'))).not.toBeNull();
    // Xiaogan sees nothing of Huanggang's goods.
    const xiaogan = identities.auditor('420900');
    expect(await goodsOf(GOODS_OF_ALLOCATION, allocationId, xiaogan)).toBeNull();
    expect(
      (await call<{ goodsTotals: GoodsTotals | null }>(GOODS_TOTALS, fund.fundId, xiaogan)).goodsTotals,
    ).toBeNull();
    expect(
      (await call<{ goodsTotals: GoodsTotals | null }>(GOODS_TOTALS, fund.fundId, identities.admin()))
        .goodsTotals,
    ).not.toBeNull();
    expect(await goodsOf(GOODS_OF_ALLOCATION, randomUUID())).toBeNull();

    const bad = await sut.request(GOODS_TRACE, { id: 'not-a-lot' }, identities.auditor());
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badRegion = await sut.request(GOODS_IN_TRANSIT, { regionCode: '42' }, identities.auditor());
    expect(badRegion.errors?.[0]?.extensions?.code).toBe('INVALID_REGION_CODE');
    const anonymous = await sut.request(GOODS_TOTALS, { id: fund.fundId }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
