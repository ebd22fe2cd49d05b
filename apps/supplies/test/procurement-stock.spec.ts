import { randomUUID } from 'node:crypto';
import { chinaToday } from '@emergency/domain';
import { identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  allocateFrom,
  COUNTY,
  FINANCE,
  known,
  startWithIncidents,
  stopWithIncidents,
  type IncidentsTopic,
} from './fixtures';
import {
  ACCEPT_INTO_STOCK,
  ISSUE_STOCK,
  PROCUREMENT_GOODS,
  RECORD_PURCHASE,
  RETURN_STOCK,
  TRANSFER_STOCK,
} from './goods-in.fixtures';
import {
  DECIDE,
  HUANGGANG,
  INSTRUCT,
  PEOPLE,
  RECEIVE_DISPATCH,
  REQUEST_SUPPLIES,
  SEND,
  TUANFENG,
} from './dispatch.fixtures';
import { RESERVE_PARTIES } from './reserve.fixtures';
import { ITEMS, POINTS, publishedData, registerReserves } from './stock.fixtures';

interface Lot {
  id: string;
  sourceKind: string;
  procurementId: string;
  allocationId: string;
  fundId: string;
  unitValueFen: string;
  receivedQuantity: number;
  quantityOnHand: number;
  valueFen: string;
  receivedOn: string;
  expiresOn: string | null;
}

interface Amount {
  quantity: number;
  valueFen: string;
}

interface Goods {
  procurement: { id: string; status: string };
  bought: Amount;
  accepted: number | null;
  notInStock: Amount;
  whereabouts: Record<string, Amount>;
}

const tuanfeng = identities.operator('421121', COUNTY.id);

/** A procurement's delivery received into stock, and where goods bought with an allocation went. */
describe('procurement deliveries into stock', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;
  let events: TopicReader;

  beforeAll(async () => {
    ({ sut, incidents } = await startWithIncidents([...RESERVE_PARTIES, FINANCE]));
    await registerReserves(sut);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await stopWithIncidents(sut, incidents);
  });

  const allocation = async () => {
    const allocated = await allocateFrom(incidents, [
      { contributionId: randomUUID(), amountFen: '100000000' },
    ]);
    await known(sut, allocated.allocationId, allocated.money.incidentId);
    return allocated;
  };

  const buy = async (allocationId: string, input: Record<string, unknown> = {}) =>
    (
      await sut.call<{ recordProcurement: { id: string; itemCode: string | null } }>(RECORD_PURCHASE, {
        input: {
          allocationId,
          supplierName: 'Wuhan Relief Materials Co., Ltd.',
          itemDescription: 'Family tents, 12 m²',
          itemCode: ITEMS.tent,
          quantity: 50,
          unitPriceFen: '128000',
          ...input,
        },
      })
    ).recordProcurement;

  const accept = (
    procurementId: string,
    input: Record<string, unknown> = {},
    identity = identities.admin(),
  ) =>
    sut.request<{ acceptProcurementDelivery: { status: string; stockLots: Lot[] } }>(
      ACCEPT_INTO_STOCK,
      {
        input: {
          procurementId,
          acceptedOn: '2026-11-20',
          receivedQuantity: 48,
          reservePointId: POINTS.tuanfeng.id,
          ...input,
        },
      },
      identity,
    );

  const goodsOf = async (variables: Record<string, unknown>) =>
    (
      await sut.call<{ procurementGoods: { edges: { node: Goods }[] } }>(PROCUREMENT_GOODS, variables)
    ).procurementGoods.edges.map((e) => e.node);

  it('receives the accepted goods as a PURCHASE lot at the purchase price, in the acceptance transaction', async () => {
    const allocated = await allocation();
    const procurement = await buy(allocated.allocationId);
    expect(procurement.itemCode).toBe(ITEMS.tent);

    const res = await accept(procurement.id, { expiresOn: '2031-11-20' });
    expect(res.errors).toBeUndefined();
    const accepted = res.data!.acceptProcurementDelivery;
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.stockLots).toHaveLength(1);
    expect(accepted.stockLots[0]).toMatchObject({
      sourceKind: 'PURCHASE',
      procurementId: procurement.id,
      allocationId: allocated.allocationId,
      fundId: allocated.money.fundId,
      unitValueFen: '128000',
      receivedQuantity: 48,
      quantityOnHand: 48,
      // 48 × 1,280.00 yuan.
      valueFen: '6144000',
      receivedOn: '2026-11-20',
      expiresOn: '2031-11-20',
    });
    const received = await publishedData<{
      lotId: string;
      source: Record<string, unknown>;
      valueFen: string;
    }>(events, 'supplies.StockReceived.v1', (d) => d.lotId === accepted.stockLots[0].id);
    expect(received.source).toMatchObject({ kind: 'PURCHASE', procurementId: procurement.id });
    expect(received.valueFen).toBe('6144000');

    // Bought 50, received 48 into stock: 2 paid and never received.
    const [goods] = await goodsOf({ procurementId: procurement.id });
    expect(goods).toMatchObject({
      bought: { quantity: 50, valueFen: '6400000' },
      accepted: 48,
      notInStock: { quantity: 2, valueFen: '256000' },
    });
    expect(goods.whereabouts.received).toEqual({ quantity: 48, valueFen: '6144000' });
    expect(goods.whereabouts.onHand).toEqual({ quantity: 48, valueFen: '6144000' });
  });

  it('refuses, writing nothing: an unknown point, a procurement without item code, a point outside jurisdiction', async () => {
    const allocated = await allocation();
    const withCode = await buy(allocated.allocationId, { quantity: 5 });
    const withoutCode = await buy(allocated.allocationId, { quantity: 5, itemCode: null });
    const lotsBefore = await sut.count('stock_lot');

    const failure = async (res: Awaited<ReturnType<typeof accept>>) => res.errors?.[0]?.extensions;
    expect(
      await failure(await accept(withCode.id, { receivedQuantity: 5, reservePointId: randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'reservePointId' });
    expect(await failure(await accept(withoutCode.id, { receivedQuantity: 5 }))).toMatchObject({
      code: 'PROCUREMENT_ITEM_CODE_MISSING',
      field: 'reservePointId',
    });
    expect(
      await failure(
        await accept(withCode.id, { receivedQuantity: 5, reservePointId: POINTS.luotian.id }, tuanfeng),
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'reservePointId' });
    expect(
      await failure(await accept(withCode.id, { receivedQuantity: 5, expiresOn: '2026-11-01' })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'expiresOn',
    });
    expect(
      await sut.failure(RECORD_PURCHASE, {
        input: {
          allocationId: allocated.allocationId,
          supplierName: 'Wuhan Relief Materials Co., Ltd.',
          itemDescription: 'Unknown goods',
          itemCode: '1999999',
          quantity: 1,
          unitPriceFen: '100',
        },
      }),
    ).toMatchObject({ code: 'STOCK_ITEM_UNKNOWN', field: 'itemCode' });

    expect(await sut.count('stock_lot')).toBe(lotsBefore);
    const statuses = await sut.db.query(`SELECT status FROM procurement WHERE id = ANY($1::uuid[])`, [
      [withCode.id, withoutCode.id],
    ]);
    expect(statuses.rows).toEqual([{ status: 'PAID' }, { status: 'PAID' }]);

    // Accepted without stock: the goods are paid and not in stock.
    const plain = await accept(withoutCode.id, { receivedQuantity: 5, reservePointId: null });
    expect(plain.data!.acceptProcurementDelivery).toMatchObject({ status: 'ACCEPTED', stockLots: [] });
    const goods = await goodsOf({ allocationId: allocated.allocationId });
    expect(goods.find((g) => g.procurement.id === withoutCode.id)).toMatchObject({
      accepted: 5,
      notInStock: { quantity: 5, valueFen: '640000' },
    });
    expect(goods.find((g) => g.procurement.id === withCode.id)).toMatchObject({
      accepted: null,
      notInStock: { quantity: 5, valueFen: '640000' },
    });
    // A refund of one tent: four are paid for and not in stock.
    await sut.call(`mutation($input: RefundProcurementInput!) { refundProcurement(input: $input) { id } }`, {
      input: { procurementId: withCode.id, amountFen: '128000', reason: 'One tent not delivered' },
    });
    const [refunded] = await goodsOf({ procurementId: withCode.id });
    expect(refunded.notInStock).toEqual({ quantity: 4, valueFen: '512000' });
  });

  it('follows the goods bought with an allocation to where they went, across a transfer', async () => {
    const allocated = await allocation();
    const procurement = await buy(allocated.allocationId, { quantity: 40, unitPriceFen: '10000' });
    const [lot] = (await accept(procurement.id, { receivedQuantity: 40 })).data!.acceptProcurementDelivery
      .stockLots;
    const issue = (input: Record<string, unknown>) =>
      sut.call<{ issueStock: { movement: { id: string } } }>(ISSUE_STOCK, { input });
    await issue({ lotId: lot.id, kind: 'DISPATCH', quantity: 5, incidentId: allocated.money.incidentId });
    await issue({ lotId: lot.id, kind: 'WRITE_OFF', quantity: 2, reason: 'Torn in the store' });
    const { transferStock } = await sut.call<{ transferStock: { toLot: { id: string } } }>(TRANSFER_STOCK, {
      input: {
        lotId: lot.id,
        toReservePointId: POINTS.huanggang.id,
        quantity: 10,
        reason: 'To the prefecture',
      },
    });
    const used = await issue({
      lotId: transferStock.toLot.id,
      kind: 'USE',
      quantity: 5,
      shelterId: randomUUID(),
    });
    // One quilt came back from the shelter, against the use it left by.
    await sut.call(RETURN_STOCK, {
      input: {
        lotId: transferStock.toLot.id,
        returnsMovementId: used.issueStock.movement.id,
        quantity: 1,
        reason: 'Not needed at the shelter',
      },
    });

    const [goods] = await goodsOf({ allocationId: allocated.allocationId });
    expect(goods.procurement.id).toBe(procurement.id);
    expect(goods.whereabouts).toEqual({
      received: { quantity: 40, valueFen: '400000' },
      // 40 − 5 − 2 − 4 at two points.
      onHand: { quantity: 29, valueFen: '290000' },
      inTransit: { quantity: 0, valueFen: '0' },
      lost: { quantity: 0, valueFen: '0' },
      dispatched: { quantity: 5, valueFen: '50000' },
      used: { quantity: 4, valueFen: '40000' },
      writtenOff: { quantity: 2, valueFen: '20000' },
      adjusted: { quantity: 0, valueFen: '0' },
    });
  });

  it('tells goods in transit from goods lost on the way, across a dispatch received short', async () => {
    const allocated = await allocation();
    const procurement = await buy(allocated.allocationId, { quantity: 20, unitPriceFen: '128000' });
    const [lot] = (
      await accept(procurement.id, { receivedQuantity: 20, reservePointId: POINTS.huanggang.id })
    ).data!.acceptProcurementDelivery.stockLots;
    const { requestSupplies } = await sut.call<{ requestSupplies: { id: string } }>(
      REQUEST_SUPPLIES,
      {
        input: {
          requesterRegionCode: '421121',
          askedRegionCode: '421100',
          incidentId: null,
          channel: 'WRITTEN',
          documentNumber: '团应急〔2026〕21号',
          lines: [{ itemCode: ITEMS.tent, quantity: 12 }],
          receivingReservePointId: POINTS.tuanfeng.id,
          shelterId: null,
          contactPersonIds: [PEOPLE.countyContact],
        },
      },
      TUANFENG,
    );
    await sut.call(
      DECIDE,
      { input: { requestId: requestSupplies.id, decision: 'APPROVED', approverPersonId: PEOPLE.leader } },
      HUANGGANG,
    );
    const { issueDispatchInstruction } = await sut.call<{ issueDispatchInstruction: { id: string } }>(
      INSTRUCT,
      {
        input: {
          requestId: requestSupplies.id,
          documentNumber: '黄应急调〔2026〕9号',
          sendingReservePointId: POINTS.huanggang.id,
          lines: [{ itemCode: ITEMS.tent, quantity: 12, lotId: lot.id }],
          contactPersonIds: [PEOPLE.prefectureContact],
        },
      },
      HUANGGANG,
    );
    const dispatchId = issueDispatchInstruction.id;
    const { sendDispatch } = await sut.call<{ sendDispatch: { shipments: { shipmentId: string }[] } }>(
      SEND,
      { input: { dispatchId } },
      HUANGGANG,
    );
    const [shipment] = sendDispatch.shipments;

    const whereabouts = async () => (await goodsOf({ procurementId: procurement.id }))[0].whereabouts;
    expect(await whereabouts()).toMatchObject({
      onHand: { quantity: 8, valueFen: '1024000' },
      inTransit: { quantity: 12, valueFen: '1536000' },
      lost: { quantity: 0, valueFen: '0' },
    });

    // Nine of the twelve arrive: three were lost on the way.
    const receiveShort = () =>
      sut.request(
        RECEIVE_DISPATCH,
        {
          input: {
            dispatchId,
            receivedOn: chinaToday(),
            lines: [{ shipmentId: shipment.shipmentId, receivedQuantity: 9 }],
            note: null,
          },
        },
        TUANFENG,
      );
    expect((await receiveShort()).errors).toBeUndefined();
    expect(await whereabouts()).toMatchObject({
      received: { quantity: 20, valueFen: '2560000' },
      onHand: { quantity: 17, valueFen: '2176000' },
      inTransit: { quantity: 0, valueFen: '0' },
      lost: { quantity: 3, valueFen: '384000' },
    });
    const arrivals = await sut.db.query(
      `SELECT received_quantity, shortfall_quantity, shortfall_fen::text FROM stock_arrival WHERE ship_movement_id = $1`,
      [shipment.shipmentId],
    );
    expect(arrivals.rows).toEqual([{ received_quantity: 9, shortfall_quantity: 3, shortfall_fen: '384000' }]);
    // A shipment arrives once.
    expect((await receiveShort()).errors?.[0].extensions?.code).toBe('DISPATCH_WRONG_STATUS');
    expect(await sut.count('stock_arrival')).toBe(1);
  });
});
