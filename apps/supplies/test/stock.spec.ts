import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { addCalendarDays, chinaInstant } from '@emergency/domain';
import { identities, readTopic, standClockAt, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { StockAlertScan } from '../src/stock/stock-alerts.scan';
import { startSupplies } from './fixtures';
import {
  ADJUST,
  BELOW_MINIMUM,
  CENSUS,
  CENSUS_BY_ID,
  CENSUSES,
  countOf,
  DUE_FOR_CENSUS,
  EXPIRING,
  registerReserves,
  ISSUE,
  ITEMS,
  LOT,
  NEAR,
  POINTS,
  publishedData,
  RECEIVE,
  RETURN,
  RULES,
  SET_MINIMUM,
  SET_RULES,
  STOCK,
  TRANSFER,
} from './stock.fixtures';

const TODAY = '2026-11-29';

interface Lot {
  id: string;
  quantityOnHand: number;
  valueFen: string;
  expiresOn: string | null;
  [field: string]: unknown;
}
interface Movement {
  id: string;
  kind: string;
  quantity: number;
  valueFen: string;
  [field: string]: unknown;
}
interface Moved {
  movement: Movement;
  lot: Lot;
}

const tuanfeng = identities.operator('421121');
const luotian = identities.operator('421123');

/** Stock by lot, its journal, alerts and census, against the real PostgreSQL and broker, on an injected clock. */
describe('stock', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startSupplies();
    await registerReserves(sut);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => standClockAt(sut, chinaInstant(TODAY, '12:00')));
  afterEach(() => jest.restoreAllMocks());

  const receive = async (overrides: Record<string, unknown> = {}, identity = identities.admin()) =>
    (
      await sut.call<{ receiveStock: Moved }>(
        RECEIVE,
        {
          input: {
            reservePointId: POINTS.tuanfeng.id,
            itemCode: ITEMS.tent,
            quantity: 100,
            unitValueFen: '128000',
            receivedOn: '2026-11-01',
            sourceKind: 'INITIAL',
            ...overrides,
          },
        },
        identity,
      )
    ).receiveStock;
  const issue = async (input: Record<string, unknown>, identity = identities.admin()) =>
    (await sut.call<{ issueStock: Moved }>(ISSUE, { input }, identity)).issueStock;
  const journalSums = async () =>
    (
      await sut.db.query(
        `SELECT l.id, l.quantity_on_hand, coalesce(sum(m.quantity), 0)::int AS journal
         FROM stock_lot l LEFT JOIN stock_movement m ON m.lot_id = l.id GROUP BY l.id`,
      )
    ).rows as { id: string; quantity_on_hand: number; journal: number }[];
  const written = async () => [await sut.count('stock_lot'), await sut.count('stock_movement')];

  it('receives a purchased lot with its source ids and value, and announces them for the audit', async () => {
    const procurementId = randomUUID();
    const allocationId = randomUUID();
    const { lot, movement } = await receive({
      itemCode: ITEMS.water,
      sourceKind: 'PURCHASE',
      procurementId,
      allocationId,
      quantity: 40,
      unitValueFen: '3550',
    });
    expect(lot).toMatchObject({
      sourceKind: 'PURCHASE',
      procurementId,
      allocationId,
      regionCode: '421121',
      quantityOnHand: 40,
      unitValueFen: '3550',
      valueFen: '142000',
      // No expiry given: received plus the item's 365-day shelf life.
      expiresOn: addCalendarDays('2026-11-01', 365),
    });
    expect(movement).toMatchObject({ kind: 'RECEIPT', quantity: 40, valueFen: '142000' });
    const event = await publishedData<{ lotId: string; source: unknown; valueFen: string }>(
      events,
      'supplies.StockReceived.v1',
      (d) => d.lotId === lot.id,
    );
    expect(event).toMatchObject({
      valueFen: '142000',
      balanceAfter: 40,
      source: { kind: 'PURCHASE', procurementId, allocationId, contributionId: null, transferId: null },
    });
  });

  it('dispatches, uses, returns, writes off and transfers, keeping the balance equal to the journal', async () => {
    const contributionId = randomUUID();
    const fundId = randomUUID();
    const { lot } = await receive({ sourceKind: 'DONATION', contributionId, fundId, quantity: 100 });
    const incidentId = randomUUID();
    const shelterId = randomUUID();
    const dispatched = await issue({ lotId: lot.id, kind: 'DISPATCH', quantity: 30, incidentId }, tuanfeng);
    expect(dispatched.movement).toMatchObject({ quantity: -30, valueFen: '-3840000', incidentId });
    expect(dispatched.lot.quantityOnHand).toBe(70);
    const used = await issue({ lotId: lot.id, kind: 'USE', quantity: 20, shelterId });
    expect(used.lot.quantityOnHand).toBe(50);
    const issued = await publishedData<{ movementId: string }>(
      events,
      'supplies.StockIssued.v1',
      (d) => d.movementId === used.movement.id,
    );
    expect(issued).toMatchObject({
      kind: 'USE',
      shelterId,
      valueFen: '-2560000',
      source: { kind: 'DONATION', contributionId, fundId },
    });

    const returned = (
      await sut.call<{ returnStock: Moved }>(RETURN, {
        input: {
          lotId: lot.id,
          returnsMovementId: used.movement.id,
          quantity: 5,
          reason: 'tents not needed',
        },
      })
    ).returnStock;
    expect(returned.movement).toMatchObject({ kind: 'RETURN', quantity: 5, shelterId });
    expect(returned.lot.quantityOnHand).toBe(55);

    const writtenOff = await issue({
      lotId: lot.id,
      kind: 'WRITE_OFF',
      quantity: 5,
      reason: 'torn in the flood',
    });
    expect(writtenOff.lot.quantityOnHand).toBe(50);

    const transfer = (
      await sut.call<{ transferStock: { id: string; fromLot: Lot; toLot: Lot } }>(TRANSFER, {
        input: { lotId: lot.id, toReservePointId: POINTS.luotian.id, quantity: 20 },
      })
    ).transferStock;
    expect(transfer.fromLot.quantityOnHand).toBe(30);
    expect(transfer.toLot).toMatchObject({
      sourceKind: 'TRANSFER',
      contributionId,
      fundId,
      fromLotId: lot.id,
      transferId: transfer.id,
      regionCode: '421123',
      unitValueFen: '128000',
      quantityOnHand: 20,
      valueFen: '2560000',
    });
    await publishedData(events, 'supplies.StockTransferred.v1', (d: { transferId: string }) => {
      return d.transferId === transfer.id;
    });

    // The journal pages newest first; the balance is its sum for every lot.
    const first = (
      await sut.call<{
        stockLot: {
          movements: { edges: { node: Movement }[]; pageInfo: { endCursor: string; hasNextPage: boolean } };
        };
      }>(LOT, { id: lot.id })
    ).stockLot.movements;
    expect(first.edges.map((e) => e.node.kind)).toEqual(['TRANSFER_OUT', 'WRITE_OFF']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await sut.call<{ stockLot: { movements: { edges: { node: Movement }[] } } }>(LOT, {
        id: lot.id,
        after: first.pageInfo.endCursor,
      })
    ).stockLot.movements;
    expect(second.edges.map((e) => e.node.kind)).toEqual(['RETURN', 'USE']);
    for (const row of await journalSums()) expect(row.quantity_on_hand).toBe(row.journal);

    // The journal is append-only.
    await expect(
      sut.db.query(`UPDATE stock_movement SET quantity = 1 WHERE lot_id = $1`, [lot.id]),
    ).rejects.toThrow(/append-only/);
    await expect(sut.db.query(`DELETE FROM stock_movement WHERE lot_id = $1`, [lot.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses each wrong movement with its code and field, and writes nothing', async () => {
    const { lot } = await receive({ quantity: 10 });
    const before = await written();
    const refusal = async (query: string, input: Record<string, unknown>, identity = identities.admin()) =>
      sut.failure(query, { input }, identity);
    const base = {
      reservePointId: POINTS.tuanfeng.id,
      itemCode: ITEMS.tent,
      quantity: 1,
      unitValueFen: '100',
      receivedOn: '2026-11-01',
      sourceKind: 'INITIAL',
    };
    expect(await refusal(RECEIVE, { ...base, itemCode: '1999999' })).toMatchObject({
      code: 'STOCK_ITEM_UNKNOWN',
      field: 'itemCode',
    });
    expect(await refusal(RECEIVE, { ...base, reservePointId: POINTS.closed.id })).toMatchObject({
      code: 'STOCK_RESERVE_POINT_CLOSED',
      field: 'reservePointId',
    });
    expect(await refusal(RECEIVE, { ...base, reservePointId: randomUUID() })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'reservePointId',
    });
    expect(await refusal(RECEIVE, { ...base, quantity: 0 })).toMatchObject({
      code: 'STOCK_INVALID_QUANTITY',
      field: 'quantity',
    });
    expect(await refusal(RECEIVE, { ...base, unitValueFen: '-1' })).toMatchObject({ field: 'unitValueFen' });
    expect(await refusal(RECEIVE, { ...base, receivedOn: '2026-11-30' })).toMatchObject({
      code: 'DATE_IN_FUTURE',
      field: 'receivedOn',
    });
    expect(
      await refusal(RECEIVE, { ...base, sourceKind: 'PURCHASE', procurementId: randomUUID() }),
    ).toMatchObject({ code: 'STOCK_SOURCE_INCOMPLETE', field: 'allocationId' });
    expect(await refusal(RECEIVE, { ...base, sourceKind: 'DONATION' })).toMatchObject({
      code: 'STOCK_SOURCE_INCOMPLETE',
      field: 'contributionId',
    });
    expect(await refusal(RECEIVE, { ...base, sourceKind: 'TRANSFER' })).toMatchObject({
      code: 'STOCK_SOURCE_INCOMPLETE',
      field: 'sourceKind',
    });
    expect(await refusal(RECEIVE, base, luotian)).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
      field: 'reservePointId',
    });
    expect(await refusal(RECEIVE, base, identities.auditor())).toMatchObject({ code: 'FORBIDDEN' });

    // A dispatch larger than the lot.
    expect(
      await refusal(ISSUE, { lotId: lot.id, kind: 'DISPATCH', quantity: 11, incidentId: randomUUID() }),
    ).toMatchObject({
      code: 'STOCK_INSUFFICIENT',
      field: 'quantity',
      onHand: 10,
      requested: 11,
    });
    expect(await refusal(ISSUE, { lotId: lot.id, kind: 'DISPATCH', quantity: 1 })).toMatchObject({
      code: 'STOCK_REFERENCE_MISSING',
      field: 'incidentId',
    });
    expect(await refusal(ISSUE, { lotId: lot.id, kind: 'USE', quantity: 1 })).toMatchObject({
      code: 'STOCK_REFERENCE_MISSING',
      field: 'shelterId',
    });
    expect(await refusal(ISSUE, { lotId: lot.id, kind: 'WRITE_OFF', quantity: 1 })).toMatchObject({
      code: 'STOCK_REFERENCE_MISSING',
      field: 'reason',
    });
    expect(
      await refusal(ISSUE, { lotId: randomUUID(), kind: 'WRITE_OFF', quantity: 1, reason: 'x' }),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'lotId' });
    // Another county's operator does not see the lot.
    expect(
      await refusal(ISSUE, { lotId: lot.id, kind: 'WRITE_OFF', quantity: 1, reason: 'x' }, luotian),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'lotId' });
    expect(
      await refusal(TRANSFER, { lotId: lot.id, toReservePointId: POINTS.tuanfeng.id, quantity: 1 }),
    ).toMatchObject({ code: 'STOCK_TRANSFER_SAME_POINT', field: 'toReservePointId' });
    expect(
      await refusal(TRANSFER, { lotId: lot.id, toReservePointId: POINTS.closed.id, quantity: 1 }),
    ).toMatchObject({ code: 'STOCK_RESERVE_POINT_CLOSED', field: 'toReservePointId' });
    expect(
      await refusal(TRANSFER, { lotId: lot.id, toReservePointId: POINTS.huanggang.id, quantity: 11 }),
    ).toMatchObject({ code: 'STOCK_INSUFFICIENT', field: 'quantity' });
    expect(await refusal(ADJUST, { lotId: lot.id, quantity: -11, reason: 'count' })).toMatchObject({
      code: 'STOCK_INSUFFICIENT',
      field: 'quantity',
    });
    expect(await refusal(ADJUST, { lotId: lot.id, quantity: 0, reason: 'count' })).toMatchObject({
      code: 'STOCK_INVALID_QUANTITY',
      field: 'quantity',
    });
    expect(
      await refusal(ADJUST, { lotId: lot.id, quantity: 1, reason: 'x', correctsMovementId: randomUUID() }),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'correctsMovementId' });
    expect(await written()).toEqual(before);

    const dispatched = await issue({
      lotId: lot.id,
      kind: 'DISPATCH',
      quantity: 4,
      incidentId: randomUUID(),
    });
    const afterDispatch = await written();
    expect(
      await refusal(RETURN, {
        lotId: lot.id,
        returnsMovementId: dispatched.movement.id,
        quantity: 5,
        reason: 'back',
      }),
    ).toMatchObject({
      code: 'STOCK_RETURN_EXCEEDS_ISSUED',
      field: 'quantity',
      returnable: 4,
    });
    expect(await written()).toEqual(afterDispatch);
  });

  it('shows stock per point and item from the lots, within the caller’s jurisdiction, paged', async () => {
    await receive({
      reservePointId: POINTS.luotian.id,
      itemCode: ITEMS.pump,
      quantity: 3,
      unitValueFen: '500000',
    });
    await receive({
      reservePointId: POINTS.luotian.id,
      itemCode: ITEMS.pump,
      quantity: 2,
      unitValueFen: '450000',
    });
    type Page = {
      stock: {
        edges: {
          node: {
            reservePointId: string;
            itemCode: string;
            quantity: number;
            valueFen: string;
            lots: unknown[];
          };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const pumps = await sut.call<Page>(STOCK, { filter: { itemCode: ITEMS.pump, regionCode: '421123' } });
    expect(pumps.stock.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ reservePointId: POINTS.luotian.id, quantity: 5, valueFen: '2400000' }),
    ]);
    expect(pumps.stock.edges[0]!.node.lots).toHaveLength(2);
    expect((await sut.call<Page>(STOCK, { filter: { itemCode: ITEMS.pump } }, tuanfeng)).stock.edges).toEqual(
      [],
    );

    // A lot outside the caller's jurisdiction is not there for it; a county's lots are its prefecture's to see.
    const tuanfengLot = await receive({ quantity: 1 });
    expect(
      (await sut.call<{ stockLot: Lot | null }>(LOT, { id: tuanfengLot.lot.id }, luotian)).stockLot,
    ).toBeNull();
    expect(
      (
        await sut.call<{ stockLot: Lot | null }>(
          LOT,
          { id: tuanfengLot.lot.id },
          identities.operator('421100'),
        )
      ).stockLot,
    ).toMatchObject({ id: tuanfengLot.lot.id });
    const anonymous = await sut.request(STOCK, {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page: Page = await sut.call<Page>(STOCK, { after });
      seen.push(...page.stock.edges.map((e) => `${e.node.reservePointId}/${e.node.itemCode}`));
      after = page.stock.pageInfo.hasNextPage ? page.stock.pageInfo.endCursor : undefined;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('announces a lot near expiry once (exactly 90 days away, not 91), and expired lots once', async () => {
    const exactly = await receive({ itemCode: ITEMS.food, expiresOn: addCalendarDays(TODAY, 90) });
    const later = await receive({ itemCode: ITEMS.food, expiresOn: addCalendarDays(TODAY, 91) });
    const expired = await receive({
      itemCode: ITEMS.food,
      receivedOn: '2026-01-01',
      expiresOn: addCalendarDays(TODAY, -1),
    });
    const expiring = async (days?: number) =>
      (
        await sut.call<{ lotsExpiringWithin: { edges: { node: { id: string } }[] } }>(EXPIRING, {
          regionCode: '421121',
          days,
        })
      ).lotsExpiringWithin.edges.map((e) => e.node.id);
    expect(await expiring()).toContain(exactly.lot.id);
    expect(await expiring()).not.toContain(later.lot.id);
    expect(await expiring()).not.toContain(expired.lot.id);
    expect(await expiring(91)).toContain(later.lot.id);

    const scan = sut.app.get(StockAlertScan);
    expect(await scan.scan(chinaInstant(TODAY, '12:00'))).toBeGreaterThanOrEqual(2);
    await publishedData(
      events,
      'supplies.LotNearExpiry.v1',
      (d: { lotId: string }) => d.lotId === exactly.lot.id,
    );
    await publishedData(
      events,
      'supplies.LotExpired.v1',
      (d: { lotId: string }) => d.lotId === expired.lot.id,
    );
    expect(await scan.scan(chinaInstant(TODAY, '18:00'))).toBe(0);
    const announced = async () =>
      (await sut.db.query(`SELECT id FROM stock_lot WHERE near_expiry_announced_at IS NOT NULL`)).rows.map(
        (r: { id: string }) => r.id,
      );
    expect(await announced()).toContain(exactly.lot.id);
    expect(await announced()).not.toContain(later.lot.id);
    // The next day the 91-day lot is 90 days away.
    expect(await scan.scan(chinaInstant(addCalendarDays(TODAY, 1), '00:30'))).toBe(1);
    expect(await announced()).toContain(later.lot.id);
    expect(countOf(events, 'supplies.LotNearExpiry.v1', (d) => d.lotId === exactly.lot.id)).toBe(1);
  });

  it('keeps the stock rules as data per jurisdiction prefix, set by admins', async () => {
    expect((await sut.call<{ stockRules: unknown }>(RULES, { regionCode: '421121' })).stockRules).toEqual({
      regionPrefix: '',
      nearExpiryDays: 90,
      censusIntervalMonths: 6,
    });
    const input = {
      regionPrefix: '4211',
      nearExpiryDays: 30,
      censusIntervalMonths: 12,
      source: 'Huanggang office notice',
    };
    expect(await sut.failure(SET_RULES, { input }, tuanfeng)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.failure(SET_RULES, { input: { ...input, regionPrefix: '421' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'regionPrefix',
    });
    await sut.call(SET_RULES, { input });
    expect(
      (await sut.call<{ stockRules: unknown }>(RULES, { regionCode: '421121' })).stockRules,
    ).toMatchObject({ regionPrefix: '4211', nearExpiryDays: 30 });
    expect(
      (await sut.call<{ stockRules: unknown }>(RULES, { regionCode: '420100' })).stockRules,
    ).toMatchObject({ regionPrefix: '' });
    await publishedData(
      events,
      'supplies.StockRulesSet.v1',
      (d: { regionPrefix: string }) => d.regionPrefix === '4211',
    );
    await sut.db.query(`DELETE FROM stock_rule WHERE region_prefix = '4211'`);
  });

  it('announces an item below its minimum once per breach, again only after it was restored', async () => {
    const { lot } = await receive({
      reservePointId: POINTS.huanggang.id,
      itemCode: ITEMS.quilt,
      quantity: 50,
    });
    expect(
      await sut.failure(SET_MINIMUM, {
        input: { reservePointId: POINTS.huanggang.id, itemCode: ITEMS.quilt, minimum: -1 },
      }),
    ).toMatchObject({ code: 'STOCK_INVALID_QUANTITY', field: 'minimum' });
    expect(
      await sut.failure(
        SET_MINIMUM,
        { input: { reservePointId: POINTS.huanggang.id, itemCode: ITEMS.quilt, minimum: 60 } },
        tuanfeng,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
    await sut.call(SET_MINIMUM, {
      input: { reservePointId: POINTS.huanggang.id, itemCode: ITEMS.quilt, minimum: 60 },
    });
    const below = async () =>
      (
        await sut.call<{
          stockBelowMinimum: { edges: { node: { reservePointId: string; quantity: number } }[] };
        }>(BELOW_MINIMUM, { regionCode: '421100' })
      ).stockBelowMinimum.edges.map((e) => e.node);
    expect(await below()).toContainEqual(
      expect.objectContaining({ reservePointId: POINTS.huanggang.id, quantity: 50, minimum: 60 }),
    );
    const scan = sut.app.get(StockAlertScan);
    const breaches = () =>
      countOf(
        events,
        'supplies.StockBelowMinimum.v1',
        (d) => d.reservePointId === POINTS.huanggang.id && d.itemCode === ITEMS.quilt,
      );
    await scan.scan(chinaInstant(TODAY, '12:00'));
    await publishedData(
      events,
      'supplies.StockBelowMinimum.v1',
      (d: { reservePointId: string }) => d.reservePointId === POINTS.huanggang.id,
    );
    await scan.scan(chinaInstant(TODAY, '13:00'));
    await receive({ reservePointId: POINTS.huanggang.id, itemCode: ITEMS.quilt, quantity: 20 });
    expect(await below()).not.toContainEqual(
      expect.objectContaining({ reservePointId: POINTS.huanggang.id }),
    );
    await scan.scan(chinaInstant(TODAY, '14:00'));
    await issue({ lotId: lot.id, kind: 'DISPATCH', quantity: 30, incidentId: randomUUID() });
    await scan.scan(chinaInstant(TODAY, '15:00'));
    await scan.scan(chinaInstant(TODAY, '16:00'));
    await publishedData(
      events,
      'supplies.StockBelowMinimum.v1',
      (d: { reservePointId: string; quantity: number }) =>
        d.reservePointId === POINTS.huanggang.id && d.quantity === 40,
    );
    expect(breaches()).toBe(2);
  });

  it('records a census beside the journal without changing stock; an adjustment names it', async () => {
    const { lot } = await receive({
      reservePointId: POINTS.hubeiDepot.id,
      itemCode: ITEMS.quilt,
      quantity: 200,
    });
    const other = await receive({ reservePointId: POINTS.huanggang.id, itemCode: ITEMS.quilt, quantity: 1 });
    const input = {
      reservePointId: POINTS.hubeiDepot.id,
      countedOn: TODAY,
      counts: [{ lotId: lot.id, counted: 197 }],
    };
    expect(
      await sut.failure(CENSUS, { input: { ...input, counts: [{ lotId: other.lot.id, counted: 1 }] } }),
    ).toMatchObject({ code: 'STOCK_LOT_NOT_AT_POINT', field: 'counts[0].lotId' });
    expect(
      await sut.failure(CENSUS, { input: { ...input, counts: [{ lotId: lot.id, counted: -1 }] } }),
    ).toMatchObject({ code: 'STOCK_INVALID_QUANTITY', field: 'counts[0].counted' });
    expect(await sut.failure(CENSUS, { input: { ...input, countedOn: '2026-11-30' } })).toMatchObject({
      code: 'DATE_IN_FUTURE',
      field: 'countedOn',
    });
    expect(await sut.count('stock_census')).toBe(0);
    const due = async () =>
      (
        await sut.call<{ reservePointsDueForCensus: { edges: { node: { reservePointId: string } }[] } }>(
          DUE_FOR_CENSUS,
          { regionCode: '420000' },
        )
      ).reservePointsDueForCensus.edges.map((e) => e.node.reservePointId);
    expect(await due()).toContain(POINTS.hubeiDepot.id);
    expect(await due()).not.toContain(POINTS.closed.id);

    const census = (
      await sut.call<{ recordStockCensus: { id: string; lines: unknown[] } }>(CENSUS, { input })
    ).recordStockCensus;
    expect(census.lines).toEqual([{ lotId: lot.id, journalQuantity: 200, counted: 197, variance: -3 }]);
    expect((await sut.call<{ stockLot: Lot }>(LOT, { id: lot.id })).stockLot.quantityOnHand).toBe(200);
    expect(await due()).not.toContain(POINTS.hubeiDepot.id);
    // Six months on (the default interval), the point is due again.
    standClockAt(sut, chinaInstant('2027-05-30', '12:00'));
    expect(await due()).toContain(POINTS.hubeiDepot.id);
    standClockAt(sut, chinaInstant(TODAY, '12:00'));

    const adjusted = (
      await sut.call<{ adjustStock: Moved }>(ADJUST, {
        input: { lotId: lot.id, quantity: -3, reason: 'census variance', censusId: census.id },
      })
    ).adjustStock;
    expect(adjusted.movement).toMatchObject({ kind: 'ADJUSTMENT', censusId: census.id, valueFen: '-384000' });
    expect(adjusted.lot.quantityOnHand).toBe(197);
    expect(
      (await sut.call<{ stockCensus: { lines: unknown[] } }>(CENSUS_BY_ID, { id: census.id })).stockCensus
        .lines,
    ).toEqual(census.lines);
    expect(
      (await sut.call<{ stockCensus: unknown }>(CENSUS_BY_ID, { id: census.id }, tuanfeng)).stockCensus,
    ).toBeNull();
    const list = await sut.call<{ stockCensuses: { edges: unknown[] } }>(CENSUSES, {
      reservePointId: POINTS.hubeiDepot.id,
    });
    expect(list.stockCensuses.edges).toHaveLength(1);
    await publishedData(
      events,
      'supplies.StockCensusRecorded.v1',
      (d: { censusId: string }) => d.censusId === census.id,
    );
  });

  it('finds stock within so many hours of a place, nearest first, by great-circle distance and the road speed', async () => {
    await receive({ reservePointId: POINTS.hubeiDepot.id, itemCode: ITEMS.pump, quantity: 4 });
    await receive({ reservePointId: POINTS.tuanfeng.id, itemCode: ITEMS.pump, quantity: 2 });
    type Near = {
      stockNear: {
        edges: {
          node: {
            reservePointId: string;
            distanceKm: number;
            estimatedHours: number;
            firstBatchHours: number;
          };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    // Tuanfeng town itself: the county point is about 0 km away, the Wuhan depot about 56 km.
    const at = { itemCode: ITEMS.pump, latitude: 30.6435, longitude: 114.8721 };
    const first = (await sut.call<Near>(NEAR, { ...at, hours: 2 })).stockNear;
    expect(first.edges[0]!.node.reservePointId).toBe(POINTS.tuanfeng.id);
    expect(first.edges[0]!.node.distanceKm).toBeLessThan(0.01);
    const all = [...first.edges.map((e) => e.node)];
    let after = first.pageInfo.hasNextPage ? first.pageInfo.endCursor : undefined;
    while (after) {
      const page: Near['stockNear'] = (await sut.call<Near>(NEAR, { ...at, hours: 2, after })).stockNear;
      all.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    }
    const distances = all.map((n) => n.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const depot = all.find((n) => n.reservePointId === POINTS.hubeiDepot.id)!;
    expect(depot.distanceKm).toBeGreaterThan(50);
    expect(depot.distanceKm).toBeLessThan(60);
    // The road speed and first-batch target of each point's level, from the delivery rules.
    expect(depot.estimatedHours).toBeCloseTo(depot.distanceKm / 40, 6);
    expect(depot.firstBatchHours).toBe(10);
    expect(all.find((n) => n.reservePointId === POINTS.tuanfeng.id)!.firstBatchHours).toBe(6);
    // Within one hour (40 km at 40 km/h) the depot is out of reach.
    const close = (await sut.call<Near>(NEAR, { ...at, hours: 1 })).stockNear.edges.map(
      (e) => e.node.reservePointId,
    );
    expect(close).not.toContain(POINTS.hubeiDepot.id);
    expect(await sut.failure(NEAR, { ...at, latitude: 91, hours: 1 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'latitude',
    });
  });

  it('keeps every lot at the sum of its journal, never negative, under random movements', async () => {
    const { lot } = await receive({
      reservePointId: POINTS.huanggang.id,
      itemCode: ITEMS.water,
      quantity: 5,
    });
    let expected = 5;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('receive' as const), n: fc.integer({ min: 1, max: 10 }) }),
      fc.record({ kind: fc.constant('issue' as const), n: fc.integer({ min: 1, max: 12 }) }),
      fc.record({
        kind: fc.constant('adjust' as const),
        n: fc.integer({ min: -8, max: 8 }).filter((n) => n !== 0),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        for (const s of steps) {
          const delta = s.kind === 'issue' ? -s.n : s.n;
          const input =
            s.kind === 'issue'
              ? { lotId: lot.id, kind: 'WRITE_OFF', quantity: s.n, reason: 'spoilt' }
              : { lotId: lot.id, quantity: s.n, reason: 'count' };
          const query = s.kind === 'issue' ? ISSUE : ADJUST;
          if (s.kind === 'receive') {
            await sut.call(ADJUST, { input });
            expected += delta;
            continue;
          }
          if (expected + delta < 0) {
            expect(await sut.failure(query, { input })).toMatchObject({ code: 'STOCK_INSUFFICIENT' });
          } else {
            await sut.call(query, { input });
            expected += delta;
          }
        }
        const [row] = (await journalSums()).filter((r) => r.id === lot.id);
        expect(row).toEqual({ id: lot.id, quantity_on_hand: expected, journal: expected });
        expect(expected).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 8 },
    );
  });
});
