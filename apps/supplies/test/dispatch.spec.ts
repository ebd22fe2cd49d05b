import { randomUUID } from 'node:crypto';
import { chinaInstant } from '@emergency/domain';
import { identities, readTopic, standClockAt, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { DispatchPaperworkScan } from '../src/dispatch/dispatch-paperwork.scan';
import { startSupplies } from './fixtures';
import {
  DECIDE,
  DISPATCH,
  DISPATCH_RULES,
  DISPATCHES,
  HUANGGANG,
  INSTRUCT,
  LUOTIAN,
  PEOPLE,
  RECEIVE_DISPATCH,
  RECORD_PAPERWORK,
  REQUEST_SUPPLIES,
  SEND,
  SET_DISPATCH_RULES,
  SUPPLIES_REQUEST,
  SUPPLIES_REQUESTS,
  TUANFENG,
  type DispatchView,
  type RequestView,
} from './dispatch.fixtures';
import { registerShelter } from './shelter.fixtures';
import { countOf, ITEMS, ISSUE, POINTS, publishedData, RECEIVE, registerReserves } from './stock.fixtures';

const TODAY = '2026-11-29';
const T0 = chinaInstant(TODAY, '08:00');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const TENT_FEN = 128_000n;

/** Dispatch (调拨) from request to receipt through the subgraph, against the real PostgreSQL and broker. */
describe('dispatch', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let shelterId: string;
  const lots = { tentsSoon: '', tentsLater: '', tentsMany: '', water: '', tuanfengWater: '' };

  const receiveLot = async (point: string, itemCode: string, quantity: number, expiresOn: string) =>
    (
      await sut.call<{ receiveStock: { lot: { id: string } } }>(RECEIVE, {
        input: {
          reservePointId: point,
          itemCode,
          quantity,
          unitValueFen: itemCode === ITEMS.tent ? TENT_FEN.toString() : '300',
          receivedOn: '2026-11-01',
          expiresOn,
          sourceKind: 'INITIAL',
        },
      })
    ).receiveStock.lot.id;

  beforeAll(async () => {
    sut = await startSupplies();
    await registerReserves(sut);
    events = await readTopic(sut.topic);
    standClockAt(sut, T0);
    shelterId = (await registerShelter(sut)).id;
    lots.tentsLater = await receiveLot(POINTS.huanggang.id, ITEMS.tent, 30, '2027-03-01');
    lots.tentsSoon = await receiveLot(POINTS.huanggang.id, ITEMS.tent, 50, '2027-01-15');
    lots.tentsMany = await receiveLot(POINTS.huanggang.id, ITEMS.tent, 400, '2028-06-01');
    lots.water = await receiveLot(POINTS.huanggang.id, ITEMS.water, 2000, '2027-11-01');
    lots.tuanfengWater = await receiveLot(POINTS.tuanfeng.id, ITEMS.water, 10, '2027-11-01');
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => standClockAt(sut, T0));
  afterEach(() => jest.restoreAllMocks());

  const requestInput = (overrides: Record<string, unknown> = {}) => ({
    requesterRegionCode: '421121',
    askedRegionCode: '421100',
    incidentId: null,
    channel: 'WRITTEN',
    documentNumber: '团应急〔2026〕17号',
    lines: [{ itemCode: ITEMS.tent, quantity: 60 }],
    receivingReservePointId: POINTS.tuanfeng.id,
    shelterId,
    contactPersonIds: [PEOPLE.countyContact],
    ...overrides,
  });
  const request = async (overrides: Record<string, unknown> = {}, identity = TUANFENG) =>
    (
      await sut.call<{ requestSupplies: RequestView }>(
        REQUEST_SUPPLIES,
        { input: requestInput(overrides) },
        identity,
      )
    ).requestSupplies;
  const decide = async (requestId: string, decision = 'APPROVED') =>
    (
      await sut.call<{ decideSuppliesRequest: RequestView }>(
        DECIDE,
        {
          input: {
            requestId,
            decision,
            approverPersonId: PEOPLE.leader,
            note: 'Approved by the deputy mayor',
          },
        },
        HUANGGANG,
      )
    ).decideSuppliesRequest;
  const instructInput = (requestId: string, overrides: Record<string, unknown> = {}) => ({
    requestId,
    documentNumber: '黄应急调〔2026〕5号',
    sendingReservePointId: POINTS.huanggang.id,
    lines: [{ itemCode: ITEMS.tent, quantity: 55 }],
    contactPersonIds: [PEOPLE.prefectureContact, PEOPLE.countyContact],
    ...overrides,
  });
  const instruct = async (requestId: string, overrides: Record<string, unknown> = {}) =>
    (
      await sut.call<{ issueDispatchInstruction: DispatchView }>(
        INSTRUCT,
        { input: instructInput(requestId, overrides) },
        HUANGGANG,
      )
    ).issueDispatchInstruction;
  const send = async (dispatchId: string) =>
    (await sut.call<{ sendDispatch: DispatchView }>(SEND, { input: { dispatchId } }, HUANGGANG)).sendDispatch;
  const receive = async (dispatchId: string, lines: Record<string, unknown>[] = [], identity = TUANFENG) =>
    (
      await sut.call<{ receiveDispatch: DispatchView }>(
        RECEIVE_DISPATCH,
        { input: { dispatchId, receivedOn: TODAY, lines, note: null } },
        identity,
      )
    ).receiveDispatch;
  /** An approved request and its instruction, sent at `sentAt`. */
  const sentDispatch = async (sentAt: Date, lines = [{ itemCode: ITEMS.water, quantity: 10 }]) => {
    standClockAt(sut, sentAt);
    const { id } = await request({ lines });
    await decide(id);
    const dispatch = await instruct(id, { lines });
    return send(dispatch.id);
  };
  const onHand = async (lotId: string) =>
    (
      (await sut.db.query(`SELECT quantity_on_hand FROM stock_lot WHERE id = $1`, [lotId])).rows as {
        quantity_on_hand: number;
      }[]
    )[0].quantity_on_hand;
  const written = async () => [
    await sut.count('supplies_request'),
    await sut.count('supplies_dispatch'),
    await sut.count('stock_movement'),
    await sut.count('stock_lot'),
  ];
  const dispatchIds = async (filter: Record<string, unknown>, identity = identities.admin()) =>
    (
      await sut.call<{ dispatches: { edges: { node: { id: string } }[] } }>(
        DISPATCHES,
        { filter, first: 100 },
        identity,
      )
    ).dispatches.edges.map((e) => e.node.id);

  it('follows a request to its receipt: soonest-expiring lots first, a shortfall in quantity and fen, on time', async () => {
    const asked = await request({ incidentId: randomUUID() });
    expect(asked).toMatchObject({
      status: 'REQUESTED',
      channel: 'WRITTEN',
      ownStockAvailable: false,
      lines: [{ itemCode: ITEMS.tent, quantity: 60, ownStock: 0 }],
      paperworkDueAt: null,
      paperworkOverdue: false,
      shelterId,
    });
    expect(await decide(asked.id)).toMatchObject({ status: 'APPROVED', approverPersonId: PEOPLE.leader });

    const instructed = await instruct(asked.id);
    expect(instructed).toMatchObject({
      status: 'INSTRUCTED',
      sendingLevel: 'PREFECTURAL',
      receivingReservePointId: POINTS.tuanfeng.id,
      shelterId,
      lines: [{ itemCode: ITEMS.tent, quantity: 55, lotId: null }],
      againstRequest: [
        { itemCode: ITEMS.tent, requestedQuantity: 60, instructedQuantity: 55, shortOfRequest: 5 },
      ],
      shipments: [],
    });

    const sent = await send(instructed.id);
    // 50 from the lot expiring 2027-01-15, then 5 from the one expiring 2027-03-01; the 2028 lot untouched.
    expect(sent.shipments.map((s) => [s.lotId, s.quantity])).toEqual([
      [lots.tentsSoon, 50],
      [lots.tentsLater, 5],
    ]);
    expect(sent).toMatchObject({
      status: 'SENT',
      shippedQuantity: 55,
      shippedValueFen: (55n * TENT_FEN).toString(),
    });
    expect(await onHand(lots.tentsSoon)).toBe(0);
    expect(await onHand(lots.tentsLater)).toBe(25);
    expect(await onHand(lots.tentsMany)).toBe(400);
    const shipped = await publishedData<Record<string, unknown>>(
      events,
      'supplies.StockShipped.v1',
      (d) => d.movementId === sent.shipments[0].shipmentId,
    );
    expect(shipped).toMatchObject({
      orderKind: 'DISPATCH',
      orderId: sent.id,
      toReservePointId: POINTS.tuanfeng.id,
    });

    standClockAt(sut, at(5.5));
    const received = await receive(sent.id, [
      { shipmentId: sent.shipments[0].shipmentId, receivedQuantity: 47 },
    ]);
    expect(received).toMatchObject({
      status: 'RECEIVED',
      receivedQuantity: 52,
      shortfallQuantity: 3,
      receivedValueFen: (52n * TENT_FEN).toString(),
      shortfallValueFen: (3n * TENT_FEN).toString(),
      deliveryHours: 5.5,
      targetHours: 8,
      late: false,
    });
    expect(received.shipments[0]).toMatchObject({
      receivedQuantity: 47,
      shortfallQuantity: 3,
      shortfallValueFen: (3n * TENT_FEN).toString(),
    });
    expect(received.shipments[1]).toMatchObject({ receivedQuantity: 5, shortfallQuantity: 0 });
    expect(await onHand(received.shipments[0].toLotId!)).toBe(47);
    expect(await onHand(received.shipments[1].toLotId!)).toBe(5);

    const announced = await publishedData<Record<string, unknown>>(
      events,
      'supplies.DispatchReceived.v1',
      (d) => d.dispatchId === sent.id,
    );
    expect(announced).toMatchObject({
      shortfallQuantity: 3,
      shortfallValueFen: (3n * TENT_FEN).toString(),
      deliveryHours: '5.50',
      targetHours: '8.00',
      late: false,
    });
    const arrived = await publishedData<Record<string, unknown>>(
      events,
      'supplies.StockArrived.v1',
      (d) => d.shipMovementId === sent.shipments[0].shipmentId,
    );
    expect(arrived).toMatchObject({ orderKind: 'DISPATCH', shortfallQuantity: 3 });

    // Which dispatches were received short: this one, seen by the prefecture and the county, not by Luotian.
    expect(await dispatchIds({ receivedShort: true }, HUANGGANG)).toContain(sent.id);
    expect(await dispatchIds({ receivedShort: true, regionCode: '421121' }, TUANFENG)).toContain(sent.id);
    expect(await dispatchIds({ receivedShort: false })).not.toContain(sent.id);
    expect(await dispatchIds({ receivedShort: true }, LUOTIAN)).toEqual([]);
    expect((await sut.call<{ dispatch: unknown }>(DISPATCH, { id: sent.id }, LUOTIAN)).dispatch).toBeNull();
    const { suppliesRequest } = await sut.call<{ suppliesRequest: { dispatches: { id: string }[] } }>(
      SUPPLIES_REQUEST,
      { id: asked.id },
      TUANFENG,
    );
    expect(suppliesRequest.dispatches).toEqual([{ id: sent.id, status: 'RECEIVED' }]);
  });

  it('takes a named lot as named', async () => {
    const { id } = await request({ lines: [{ itemCode: ITEMS.tent, quantity: 5 }] });
    await decide(id);
    const dispatch = await instruct(id, {
      lines: [{ itemCode: ITEMS.tent, quantity: 5, lotId: lots.tentsMany }],
    });
    const sent = await send(dispatch.id);
    expect(sent.shipments.map((s) => [s.lotId, s.quantity])).toEqual([[lots.tentsMany, 5]]);
    await receive(sent.id);
  });

  it('dues the paperwork of a phone request 48 hours on: exactly then is on time, an hour later is late', async () => {
    const onTime = await request({ channel: 'PHONE', documentNumber: null });
    expect(onTime.paperworkDueAt).toBe(at(48).toISOString());
    const late = await request({ channel: 'PHONE', documentNumber: null });

    standClockAt(sut, at(48));
    const recorded = await sut.call<{ recordSuppliesRequestPaperwork: RequestView }>(
      RECORD_PAPERWORK,
      { input: { requestId: onTime.id, documentNumber: '团应急〔2026〕18号' } },
      TUANFENG,
    );
    expect(recorded.recordSuppliesRequestPaperwork).toMatchObject({
      documentNumber: '团应急〔2026〕18号',
      paperworkLate: false,
      paperworkOverdue: false,
    });

    standClockAt(sut, at(49));
    const { recordSuppliesRequestPaperwork } = await sut.call<{
      recordSuppliesRequestPaperwork: RequestView;
    }>(RECORD_PAPERWORK, { input: { requestId: late.id, documentNumber: '团应急〔2026〕19号' } }, TUANFENG);
    expect(recordSuppliesRequestPaperwork).toMatchObject({ paperworkLate: true });
    const event = await publishedData<Record<string, unknown>>(
      events,
      'supplies.SuppliesRequestPaperworkRecorded.v1',
      (d) => d.requestId === late.id,
    );
    expect(event).toMatchObject({ late: true, paperworkDueAt: at(48).toISOString() });
    // Recorded once only.
    expect(
      await sut.failure(
        RECORD_PAPERWORK,
        { input: { requestId: late.id, documentNumber: 'again' } },
        TUANFENG,
      ),
    ).toMatchObject({ code: 'DISPATCH_PAPERWORK_NOT_DUE' });
  });

  it('announces unrecorded paperwork once, after its due instant, and lists it as overdue', async () => {
    const overdue = await request({ channel: 'PHONE', documentNumber: null });
    const scan = sut.app.get(DispatchPaperworkScan);
    await scan.scan(at(48));
    const announcedAt = async () =>
      (
        (
          await sut.db.query(`SELECT paperwork_overdue_announced_at FROM supplies_request WHERE id = $1`, [
            overdue.id,
          ])
        ).rows as { paperwork_overdue_announced_at: Date | null }[]
      )[0].paperwork_overdue_announced_at;
    // Exactly on the due instant it is not overdue yet.
    expect(await announcedAt()).toBeNull();
    const isOverdue = (d: Record<string, unknown>) => d.requestId === overdue.id;
    const type = 'supplies.SuppliesRequestPaperworkOverdue.v1';

    standClockAt(sut, at(48));
    expect(
      (await sut.call<{ suppliesRequest: RequestView }>(SUPPLIES_REQUEST, { id: overdue.id }, TUANFENG))
        .suppliesRequest.paperworkOverdue,
    ).toBe(false);

    await scan.scan(at(48.5));
    expect(await announcedAt()).toEqual(at(48.5));
    await scan.scan(at(50));
    await publishedData(events, type, isOverdue);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(countOf(events, type, isOverdue)).toBe(1);

    standClockAt(sut, at(49));
    const { suppliesRequests } = await sut.call<{
      suppliesRequests: { edges: { node: { id: string; paperworkOverdue: boolean } }[] };
    }>(SUPPLIES_REQUESTS, { filter: { paperworkOverdue: true }, first: 100 }, HUANGGANG);
    expect(suppliesRequests.edges.map((e) => [e.node.id, e.node.paperworkOverdue])).toContainEqual([
      overdue.id,
      true,
    ]);
  });

  it('flags a request upward while the requester still holds some of the item itself', async () => {
    const asked = await request({
      lines: [
        { itemCode: ITEMS.water, quantity: 100 },
        { itemCode: ITEMS.tent, quantity: 5 },
      ],
    });
    expect(asked.ownStockAvailable).toBe(true);
    expect(asked.lines).toEqual([
      { itemCode: ITEMS.water, quantity: 100, ownStock: 10 },
      // The tents received from earlier dispatches are the county's own now.
      { itemCode: ITEMS.tent, quantity: 5, ownStock: expect.any(Number) as number },
    ]);
    const event = await publishedData<Record<string, unknown>>(
      events,
      'supplies.SuppliesRequested.v1',
      (d) => d.requestId === asked.id,
    );
    expect(event).toMatchObject({ ownStockAvailable: true, contactPersonIds: [PEOPLE.countyContact] });
    const { suppliesRequests } = await sut.call<{ suppliesRequests: { edges: { node: { id: string } }[] } }>(
      SUPPLIES_REQUESTS,
      { filter: { ownStockAvailable: true, regionCode: '421121' }, first: 100 },
      HUANGGANG,
    );
    expect(suppliesRequests.edges.map((e) => e.node.id)).toContain(asked.id);
    const none = await sut.call<{ suppliesRequests: { edges: unknown[] } }>(
      SUPPLIES_REQUESTS,
      { filter: { ownStockAvailable: true } },
      LUOTIAN,
    );
    expect(none.suppliesRequests.edges).toEqual([]);
  });

  it('refuses, writing nothing: a request to no higher level, outside the caller’s jurisdiction, or unwritten', async () => {
    const before = await written();
    const fail = (input: Record<string, unknown>, identity = TUANFENG) =>
      sut.failure(REQUEST_SUPPLIES, { input: requestInput(input) }, identity);
    expect(await fail({ askedRegionCode: '421121' })).toMatchObject({
      code: 'DISPATCH_NOT_HIGHER_LEVEL',
      field: 'askedRegionCode',
    });
    expect(await fail({ askedRegionCode: '421200' })).toMatchObject({ code: 'DISPATCH_NOT_HIGHER_LEVEL' });
    expect(await fail({}, LUOTIAN)).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
      field: 'requesterRegionCode',
    });
    expect(await fail({ documentNumber: null })).toMatchObject({
      code: 'DISPATCH_DOCUMENT_REQUIRED',
      field: 'documentNumber',
    });
    expect(await fail({ receivingReservePointId: POINTS.huanggang.id })).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
      field: 'receivingReservePointId',
    });
    expect(await fail({ lines: [{ itemCode: '1999999', quantity: 1 }] })).toMatchObject({
      code: 'STOCK_ITEM_UNKNOWN',
    });
    expect(await fail({ contactPersonIds: [] })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await written()).toEqual(before);
  });

  it('refuses, writing nothing: deciding outside the asked level, deciding twice, instructing before approval', async () => {
    const { id } = await request();
    const before = await written();
    expect(
      await sut.failure(
        DECIDE,
        { input: { requestId: id, decision: 'APPROVED', approverPersonId: PEOPLE.leader } },
        TUANFENG,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
    expect(
      await sut.failure(
        DECIDE,
        { input: { requestId: id, decision: 'APPROVED', approverPersonId: PEOPLE.leader } },
        LUOTIAN,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await sut.failure(INSTRUCT, { input: instructInput(id) }, HUANGGANG)).toMatchObject({
      code: 'DISPATCH_REQUEST_NOT_APPROVED',
      status: 'REQUESTED',
    });
    expect(await written()).toEqual(before);

    await decide(id, 'REJECTED');
    expect(await sut.failure(INSTRUCT, { input: instructInput(id) }, HUANGGANG)).toMatchObject({
      code: 'DISPATCH_REQUEST_NOT_APPROVED',
      status: 'REJECTED',
    });
    expect(
      await sut.failure(
        DECIDE,
        { input: { requestId: id, decision: 'APPROVED', approverPersonId: PEOPLE.leader } },
        HUANGGANG,
      ),
    ).toMatchObject({ code: 'DISPATCH_REQUEST_ALREADY_DECIDED' });
  });

  it('refuses, writing nothing: instructing or sending more than the sending point holds', async () => {
    const { id } = await request({ lines: [{ itemCode: ITEMS.quilt, quantity: 10 }] });
    await decide(id);
    const before = await written();
    expect(
      await sut.failure(
        INSTRUCT,
        { input: instructInput(id, { lines: [{ itemCode: ITEMS.tent, quantity: 100_000 }] }) },
        HUANGGANG,
      ),
    ).toMatchObject({ code: 'DISPATCH_INSUFFICIENT_STOCK', field: 'lines.0.quantity', requested: 100_000 });
    expect(
      await sut.failure(
        INSTRUCT,
        {
          input: instructInput(id, {
            lines: [{ itemCode: ITEMS.water, quantity: 1, lotId: lots.tentsMany }],
          }),
        },
        HUANGGANG,
      ),
    ).toMatchObject({ code: 'DISPATCH_LOT_MISMATCH', field: 'lines.0.lotId' });
    expect(
      await sut.failure(
        INSTRUCT,
        { input: instructInput(id, { sendingReservePointId: POINTS.hubeiDepot.id }) },
        HUANGGANG,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
    expect(await written()).toEqual(before);

    // The stock was there when instructed, and gone when it was to leave.
    const quilt = await receiveLot(POINTS.huanggang.id, ITEMS.quilt, 10, '2030-01-01');
    const dispatch = await instruct(id, { lines: [{ itemCode: ITEMS.quilt, quantity: 10 }] });
    await sut.call(ISSUE, {
      input: { lotId: quilt, kind: 'WRITE_OFF', quantity: 4, reason: 'Soaked in the flood' },
    });
    const beforeSend = await written();
    expect(await sut.failure(SEND, { input: { dispatchId: dispatch.id } }, HUANGGANG)).toMatchObject({
      code: 'DISPATCH_INSUFFICIENT_STOCK',
      onHand: 6,
      requested: 10,
    });
    expect(await written()).toEqual(beforeSend);
    expect(await onHand(quilt)).toBe(6);
    const { dispatch: still } = await sut.call<{ dispatch: DispatchView }>(DISPATCH, { id: dispatch.id });
    expect(still).toMatchObject({ status: 'INSTRUCTED', shipments: [] });
    // Nor can the county send what the prefecture keeps.
    expect(await sut.failure(SEND, { input: { dispatchId: dispatch.id } }, TUANFENG)).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
    });
  });

  it('refuses, writing nothing: receiving more than shipped, an unknown shipment, outside the receiving side, twice', async () => {
    const sent = await sentDispatch(T0);
    const shipmentId = sent.shipments[0].shipmentId;
    const before = await written();
    const fail = (lines: Record<string, unknown>[], identity = TUANFENG) =>
      sut.failure(RECEIVE_DISPATCH, { input: { dispatchId: sent.id, receivedOn: TODAY, lines } }, identity);
    expect(await fail([{ shipmentId, receivedQuantity: 11 }])).toMatchObject({
      code: 'DISPATCH_RECEIVED_EXCEEDS_SHIPPED',
      field: 'lines.0.receivedQuantity',
      shipped: 10,
    });
    expect(await fail([{ shipmentId: randomUUID(), receivedQuantity: 1 }])).toMatchObject({
      code: 'DISPATCH_SHIPMENT_UNKNOWN',
    });
    expect(
      await fail([
        { shipmentId, receivedQuantity: 1 },
        { lotId: sent.shipments[0].lotId, receivedQuantity: 1 },
      ]),
    ).toMatchObject({ code: 'DISPATCH_SHIPMENT_UNKNOWN', field: 'lines.1' });
    expect(await fail([], LUOTIAN)).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await sut.failure(
        RECEIVE_DISPATCH,
        { input: { dispatchId: sent.id, receivedOn: '2026-11-28', lines: [] } },
        TUANFENG,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'receivedOn' });
    expect(await written()).toEqual(before);

    await receive(sent.id, [{ lotId: sent.shipments[0].lotId, receivedQuantity: 10 }]);
    const afterFirst = await written();
    expect(await fail([])).toMatchObject({ code: 'DISPATCH_WRONG_STATUS', status: 'RECEIVED' });
    expect(await sut.failure(SEND, { input: { dispatchId: sent.id } }, HUANGGANG)).toMatchObject({
      code: 'DISPATCH_WRONG_STATUS',
    });
    expect(await written()).toEqual(afterFirst);
  });

  it('measures delivery against the prefecture’s 8 hours: exactly 8 is on time, a minute more is late', async () => {
    const onTime = await sentDispatch(at(1));
    const late = await sentDispatch(at(2));
    standClockAt(sut, at(9));
    expect(await receive(onTime.id)).toMatchObject({
      deliveryHours: 8,
      targetHours: 8,
      late: false,
      shortfallQuantity: 0,
    });
    standClockAt(sut, at(10 + 1 / 60));
    expect(await receive(late.id)).toMatchObject({ deliveryHours: 8.02, targetHours: 8, late: true });
    const lateOnes = await dispatchIds({ late: true });
    expect(lateOnes).toContain(late.id);
    expect(lateOnes).not.toContain(onTime.id);
    expect(await dispatchIds({ receivedShort: true })).not.toContain(late.id);
  });

  it('pages dispatches newest first', async () => {
    const incidentId = randomUUID();
    const made: string[] = [];
    for (const hours of [1, 2, 3]) {
      standClockAt(sut, at(hours));
      const { id } = await request({ incidentId });
      await decide(id);
      made.push((await instruct(id, { lines: [{ itemCode: ITEMS.water, quantity: 1 }] })).id);
    }
    type Page = {
      dispatches: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await sut.call<Page>(DISPATCHES, { filter: { incidentId }, first: 2 }, HUANGGANG);
    expect(first.dispatches.pageInfo.hasNextPage).toBe(true);
    const next = await sut.call<Page>(
      DISPATCHES,
      { filter: { incidentId }, first: 2, after: first.dispatches.pageInfo.endCursor },
      HUANGGANG,
    );
    expect(next.dispatches.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.dispatches.edges, ...next.dispatches.edges].map((e) => e.node.id);
    expect(ids).toEqual([...made].reverse());
    expect(await dispatchIds({ incidentId, status: 'INSTRUCTED' }, TUANFENG)).toEqual([...made].reverse());
    expect(await dispatchIds({ incidentId }, LUOTIAN)).toEqual([]);
  });

  it('keeps the paperwork hours as data per jurisdiction: a prefix’s rules win, set by admins only', async () => {
    expect(
      (await sut.call<{ dispatchRules: Record<string, unknown> }>(DISPATCH_RULES, { regionCode: '421123' }))
        .dispatchRules,
    ).toMatchObject({ regionPrefix: '', paperworkHours: 48 });
    const input = {
      regionPrefix: '421123',
      paperworkHours: 24,
      source: 'Luotian county emergency plan 2026, 4.3',
    };
    expect(await sut.failure(SET_DISPATCH_RULES, { input }, LUOTIAN)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.failure(SET_DISPATCH_RULES, { input: { ...input, regionPrefix: '421' } })).toMatchObject(
      {
        code: 'BAD_USER_INPUT',
        field: 'regionPrefix',
      },
    );
    await sut.call(SET_DISPATCH_RULES, { input });
    expect(
      (await sut.call<{ dispatchRules: Record<string, unknown> }>(DISPATCH_RULES, { regionCode: '421123' }))
        .dispatchRules,
    ).toMatchObject({ regionPrefix: '421123', paperworkHours: 24 });
    await publishedData(
      events,
      'supplies.DispatchRulesSet.v1',
      (d: Record<string, unknown>) => d.regionPrefix === '421123',
    );
    const asked = await request(
      {
        requesterRegionCode: '421123',
        channel: 'PHONE',
        documentNumber: null,
        receivingReservePointId: POINTS.luotian.id,
        shelterId: null,
      },
      LUOTIAN,
    );
    expect(asked.paperworkDueAt).toBe(at(24).toISOString());
    // Tuanfeng keeps the national 48 hours.
    const tuanfeng = await request({ channel: 'PHONE', documentNumber: null });
    expect(tuanfeng.paperworkDueAt).toBe(at(48).toISOString());
  });
});
