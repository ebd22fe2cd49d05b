import { randomUUID } from 'node:crypto';
import {
  PropertyRequisitionCompensated,
  PropertyRequisitioned,
  RequisitionedPropertyReturned,
  RequisitionRepaidInKind,
  RequisitionRepaidInMoney,
  StockArrived,
  StockRequisitioned,
  StockShipped,
} from '@emergency/contracts';
import { maskPersonName } from '@emergency/domain';
import { identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  allocateFrom,
  balanceOf,
  known,
  stopWithIncidents,
  type Drawn,
  type IncidentsTopic,
} from './fixtures';
import {
  COMPENSATE_PROPERTY,
  county,
  COUNTY,
  ENTERPRISE,
  luotian,
  prefecture,
  PREFECTURE,
  PROPERTY_REQUISITION,
  PROPERTY_REQUISITIONS,
  receiveLot,
  REPAY_IN_KIND,
  REPAY_IN_MONEY,
  REQUISITION_PROPERTY,
  REQUISITION_STOCK,
  RETURN_PROPERTY,
  startRequisitions,
  STOCK_REQUISITION,
  STOCK_REQUISITIONS,
} from './requisition.fixtures';
import { countOf, ITEMS, POINTS, publishedData } from './stock.fixtures';

interface Owner {
  reservePointId: string;
  ownerOrganisation: { id: string };
  owedFen: string;
  repaidInKindFen: string;
  repaidInMoneyFen: string;
  outstandingFen: string;
}
interface Requisition {
  id: string;
  status: string;
  totalFen: string;
  lines: { lotId: string; toLotId: string; quantity: number; valueFen: string }[];
  owners: Owner[];
  repayments: { kind: string; amountFen: string }[];
}
interface Property {
  id: string;
  status: string;
  ownerName: string;
  settled: boolean;
  condition: string | null;
  compensatedFen: string | null;
}

const contribution = (amountFen: string): Drawn => ({ contributionId: randomUUID(), amountFen });
const PUMP_FEN = '300000';
const PERSON = '张建国';

/** Requisitions (征用) through the subgraph, against the real PostgreSQL and broker. */
describe('requisitions', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;
  let reader: TopicReader;

  beforeAll(async () => {
    ({ sut, incidents } = await startRequisitions());
    reader = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await reader?.stop();
    await stopWithIncidents(sut, incidents);
  });

  const onHand = async (lotId: string) =>
    (await sut.db.query(`SELECT quantity_on_hand AS q FROM stock_lot WHERE id = $1`, [lotId])).rows[0]
      .q as number;
  const requisition = async (input: Record<string, unknown>) =>
    (await sut.call<{ requisitionStock: Requisition }>(REQUISITION_STOCK, { input }, prefecture()))
      .requisitionStock;
  /** What a refusal leaves: nothing written. */
  const written = async () => ({
    requisitions: await sut.count('stock_requisition'),
    owners: await sut.count('stock_requisition_owner'),
    repayments: await sut.count('stock_requisition_repayment'),
    property: (
      await sut.db.query(`SELECT string_agg(id || status, ',' ORDER BY id) AS s FROM property_requisition`)
    ).rows[0].s as string | null,
    owed: (
      await sut.db.query(
        `SELECT coalesce(sum(repaid_in_kind_fen + repaid_in_money_fen), 0)::text AS s FROM stock_requisition_owner`,
      )
    ).rows[0].s as string,
    lots: await sut.count('stock_lot'),
    movements: await sut.count('stock_movement'),
    outbox: await sut.count('outbox'),
    spent: (await sut.db.query(`SELECT coalesce(sum(spent_fen), 0)::text AS s FROM known_allocation`)).rows[0]
      .s as string,
  });

  it('takes a county point’s pumps into the prefecture’s, repaid half in kind and half in money', async () => {
    const pumps = await receiveLot(sut, POINTS.tuanfeng.id, ITEMS.pump, 10, PUMP_FEN);
    const own = await receiveLot(sut, POINTS.huanggang.id, ITEMS.pump, 5, PUMP_FEN);
    const a = await allocateFrom(incidents, [contribution('1000000')], { recipientId: PREFECTURE.id });
    await known(sut, a.allocationId, a.money.incidentId);

    const r = await requisition({
      toReservePointId: POINTS.huanggang.id,
      incidentId: a.money.incidentId,
      documentNumber: '黄应急征〔2026〕3号',
      reason: 'Pumping out Huangzhou’s flooded underpasses',
      lines: [{ lotId: pumps, quantity: 4 }],
    });
    expect(r).toMatchObject({ status: 'OPEN', totalFen: '1200000' });
    expect(r.owners).toEqual([
      {
        reservePointId: POINTS.tuanfeng.id,
        ownerOrganisation: { id: COUNTY.id },
        regionCode: '421121',
        owedFen: '1200000',
        repaidInKindFen: '0',
        repaidInMoneyFen: '0',
        outstandingFen: '1200000',
      },
    ]);
    expect(await onHand(pumps)).toBe(6);
    expect(await onHand(r.lines[0].toLotId)).toBe(4);
    const shipped = await publishedData<{ orderKind: string; orderId: string; quantity: number }>(
      reader,
      StockShipped.type,
      (d) => d.orderId === r.id,
    );
    expect(shipped).toMatchObject({ orderKind: 'REQUISITION', quantity: -4 });
    expect(
      await publishedData<{ orderId: string }>(reader, StockArrived.type, (d) => d.orderId === r.id),
    ).toMatchObject({ orderKind: 'REQUISITION', receivedQuantity: 4, shortfallQuantity: 0 });
    expect(
      await publishedData<{ requisitionId: string }>(
        reader,
        StockRequisitioned.type,
        (d) => d.requisitionId === r.id,
      ),
    ).toMatchObject({
      toReservePointId: POINTS.huanggang.id,
      requisitionerOrganisationId: PREFECTURE.id,
      owed: [{ reservePointId: POINTS.tuanfeng.id, ownerOrganisationId: COUNTY.id, owedFen: '1200000' }],
      totalFen: '1200000',
    });

    const half = (
      await sut.call<{ repayRequisitionInKind: Requisition }>(
        REPAY_IN_KIND,
        {
          input: {
            requisitionId: r.id,
            lines: [{ lotId: own, quantity: 2, toReservePointId: POINTS.tuanfeng.id }],
          },
        },
        prefecture(),
      )
    ).repayRequisitionInKind;
    expect(half.status).toBe('PARTLY_REPAID');
    expect(half.owners[0]).toMatchObject({ repaidInKindFen: '600000', outstandingFen: '600000' });
    expect(await onHand(own)).toBe(3);
    const back = await publishedData<{ requisitionId: string; lines: { toLotId: string }[] }>(
      reader,
      RequisitionRepaidInKind.type,
      (d) => d.requisitionId === r.id,
    );
    expect(back).toMatchObject({ amountFen: '600000', outstandingFen: '600000', status: 'PARTLY_REPAID' });
    expect(await onHand(back.lines[0].toLotId)).toBe(2);

    const repaid = (
      await sut.call<{ repayRequisitionInMoney: Requisition }>(
        REPAY_IN_MONEY,
        {
          input: {
            requisitionId: r.id,
            fromReservePointId: POINTS.tuanfeng.id,
            payments: [{ allocationId: a.allocationId, amountFen: '600000' }],
            note: 'Two pumps paid for at book value',
          },
        },
        prefecture(),
      )
    ).repayRequisitionInMoney;
    expect(repaid.status).toBe('REPAID');
    expect(repaid.owners[0]).toMatchObject({
      repaidInKindFen: '600000',
      repaidInMoneyFen: '600000',
      outstandingFen: '0',
    });
    expect(repaid.repayments.map((p) => [p.kind, p.amountFen])).toEqual([
      ['IN_KIND', '600000'],
      ['IN_MONEY', '600000'],
    ]);
    expect((await balanceOf(sut, a.allocationId))?.spentFen).toBe('600000');
    const money = await publishedData<{ requisitionId: string; money: Record<string, unknown> }>(
      reader,
      RequisitionRepaidInMoney.type,
      (d) => d.requisitionId === r.id,
    );
    expect(money).toMatchObject({ status: 'REPAID', outstandingFen: '0', ownerOrganisationId: COUNTY.id });
    expect(money.money).toMatchObject({
      stage: 'DISBURSED',
      reverses: null,
      fundId: a.money.fundId,
      allocationId: a.allocationId,
      incidentId: a.money.incidentId,
      amountFen: '600000',
      form: 'CASH',
      payer: { organisationId: PREFECTURE.id, name: null },
      payee: { organisationId: COUNTY.id, name: null },
      sources: [
        {
          flowId: a.allocationId,
          amountFen: '600000',
          origins: [{ contributionId: a.money.sources[0].origins[0].contributionId, amountFen: '600000' }],
        },
      ],
    });

    // The owner sees what was taken from it; a sibling county does not.
    expect(
      (await sut.call<{ stockRequisition: Requisition | null }>(STOCK_REQUISITION, { id: r.id }, county()))
        .stockRequisition?.status,
    ).toBe('REPAID');
    expect(
      (await sut.call<{ stockRequisition: Requisition | null }>(STOCK_REQUISITION, { id: r.id }, luotian()))
        .stockRequisition,
    ).toBeNull();
    const list = async (filter: Record<string, unknown>, identity = prefecture()) =>
      (
        await sut.call<{ stockRequisitions: { edges: { node: { id: string } }[] } }>(
          STOCK_REQUISITIONS,
          { filter, first: 10 },
          identity,
        )
      ).stockRequisitions.edges.map((e) => e.node.id);
    expect(await list({ outstanding: false })).toContain(r.id);
    expect(await list({ outstanding: true })).not.toContain(r.id);
    expect(await list({ status: 'REPAID', regionCode: '421121' }, county())).toContain(r.id);
    expect(await list({}, luotian())).not.toContain(r.id);
  });

  it('refuses, writing nothing, stock not below the requisitioner, outside its jurisdiction, repayments beyond what is owed and beyond the allocation', async () => {
    const pumps = await receiveLot(sut, POINTS.tuanfeng.id, ITEMS.pump, 10, PUMP_FEN);
    const sibling = await receiveLot(sut, POINTS.luotian.id, ITEMS.pump, 10, PUMP_FEN);
    const province = await receiveLot(sut, POINTS.hubeiDepot.id, ITEMS.pump, 10, PUMP_FEN);
    const own = await receiveLot(sut, POINTS.huanggang.id, ITEMS.pump, 10, PUMP_FEN);
    const tents = await receiveLot(sut, POINTS.huanggang.id, ITEMS.tent, 10, '128000');
    const small = await allocateFrom(incidents, [contribution('100000')], { recipientId: PREFECTURE.id });
    const countys = await allocateFrom(incidents, [contribution('5000000')]);
    await known(sut, small.allocationId, small.money.incidentId);
    await known(sut, countys.allocationId, countys.money.incidentId);
    // An earlier one, so that the list has two pages of one.
    await requisition({
      toReservePointId: POINTS.huanggang.id,
      documentNumber: '黄应急征〔2026〕4号之前',
      reason: 'First pumping station',
      lines: [{ lotId: pumps, quantity: 1 }],
    });
    const r = await requisition({
      toReservePointId: POINTS.huanggang.id,
      documentNumber: '黄应急征〔2026〕4号',
      reason: 'Second pumping station',
      lines: [{ lotId: pumps, quantity: 1 }],
    });

    const before = await written();
    const base = { documentNumber: 'D-1', reason: 'Flood' };
    const refused = (query: string, input: Record<string, unknown>, identity = prefecture()) =>
      sut.failure(query, { input }, identity);
    // The same level (a sibling county, from a county point) and a higher one (the province's depot).
    expect(
      await refused(
        REQUISITION_STOCK,
        { ...base, toReservePointId: POINTS.tuanfeng.id, lines: [{ lotId: sibling, quantity: 1 }] },
        identities.admin(),
      ),
    ).toMatchObject({
      code: 'REQUISITION_NOT_FROM_LOWER_LEVEL',
      field: 'lines.0.lotId',
      regionCode: '421123',
    });
    expect(
      await refused(
        REQUISITION_STOCK,
        {
          ...base,
          toReservePointId: POINTS.huanggang.id,
          lines: [
            { lotId: pumps, quantity: 1 },
            { lotId: province, quantity: 1 },
          ],
        },
        identities.admin(),
      ),
    ).toMatchObject({ code: 'REQUISITION_NOT_FROM_LOWER_LEVEL', field: 'lines.1.lotId' });
    // A county may not requisition for the prefecture's point, nor the prefecture into the province's.
    expect(
      await refused(
        REQUISITION_STOCK,
        { ...base, toReservePointId: POINTS.huanggang.id, lines: [{ lotId: pumps, quantity: 1 }] },
        county(),
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'toReservePointId' });
    expect(
      await refused(REQUISITION_STOCK, {
        ...base,
        toReservePointId: POINTS.hubeiDepot.id,
        lines: [{ lotId: pumps, quantity: 1 }],
      }),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'toReservePointId' });
    expect(
      await refused(REQUISITION_STOCK, {
        ...base,
        toReservePointId: POINTS.huanggang.id,
        lines: [{ lotId: pumps, quantity: 100 }],
      }),
    ).toMatchObject({ code: 'STOCK_INSUFFICIENT' });
    // Beyond what is owed, in kind and in money; another item; a point nothing was taken from.
    expect(
      await refused(REPAY_IN_KIND, {
        requisitionId: r.id,
        lines: [{ lotId: own, quantity: 2, toReservePointId: POINTS.tuanfeng.id }],
      }),
    ).toMatchObject({
      code: 'REQUISITION_REPAYMENT_EXCEEDS_OWED',
      outstandingFen: PUMP_FEN,
      requestedFen: '600000',
    });
    expect(
      await refused(REPAY_IN_KIND, {
        requisitionId: r.id,
        lines: [{ lotId: tents, quantity: 1, toReservePointId: POINTS.tuanfeng.id }],
      }),
    ).toMatchObject({ code: 'REQUISITION_ITEM_NOT_TAKEN', field: 'lines.0.lotId' });
    expect(
      await refused(REPAY_IN_KIND, {
        requisitionId: r.id,
        lines: [{ lotId: own, quantity: 1, toReservePointId: POINTS.luotian.id }],
      }),
    ).toMatchObject({ code: 'REQUISITION_NOT_OWED', field: 'lines.0.toReservePointId' });
    expect(
      await refused(REPAY_IN_MONEY, {
        requisitionId: r.id,
        fromReservePointId: POINTS.tuanfeng.id,
        payments: [{ allocationId: small.allocationId, amountFen: '300001' }],
      }),
    ).toMatchObject({ code: 'REQUISITION_REPAYMENT_EXCEEDS_OWED', field: 'payments' });
    // Within what is owed, beyond what the allocation holds.
    expect(
      await refused(REPAY_IN_MONEY, {
        requisitionId: r.id,
        fromReservePointId: POINTS.tuanfeng.id,
        payments: [{ allocationId: small.allocationId, amountFen: '200000' }],
      }),
    ).toMatchObject({ code: 'ALLOCATION_EXCEEDED' });
    // The county's allocation is not the prefecture's to repay from.
    expect(
      await refused(
        REPAY_IN_MONEY,
        {
          requisitionId: r.id,
          fromReservePointId: POINTS.tuanfeng.id,
          payments: [{ allocationId: countys.allocationId, amountFen: '100000' }],
        },
        identities.admin(),
      ),
    ).toMatchObject({ code: 'REQUISITION_PAYER_NOT_REQUISITIONER', recipientOrganisationId: COUNTY.id });
    // The county does not repay the prefecture's requisition.
    expect(
      await refused(
        REPAY_IN_MONEY,
        {
          requisitionId: r.id,
          fromReservePointId: POINTS.tuanfeng.id,
          payments: [{ allocationId: countys.allocationId, amountFen: '100000' }],
        },
        county(),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'requisitionId' });
    expect(await written()).toEqual(before);
    expect(await onHand(pumps)).toBe(8);
    // Newest first, keyset paged.
    const page = (after?: string) =>
      sut.call<{
        stockRequisitions: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(STOCK_REQUISITIONS, { filter: { regionCode: '421100' }, first: 1, after }, prefecture());
    const first = (await page()).stockRequisitions;
    expect(first.edges.map((e) => e.node.id)).toEqual([r.id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).stockRequisitions;
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node.id).not.toBe(r.id);

    expect(
      countOf(
        reader,
        StockShipped.type,
        (d) => d.toReservePointId === POINTS.tuanfeng.id && d.orderKind === 'REPAYMENT' && d.lotId === own,
      ),
    ).toBe(0);
  });

  it('requisitions a person’s pump truck, records it returned damaged and compensates the owner as a money flow', async () => {
    const a = await allocateFrom(incidents, [contribution('2000000')]);
    await known(sut, a.allocationId, a.money.incidentId);
    const requisitioned = (
      await sut.call<{ requisitionProperty: Property }>(
        REQUISITION_PROPERTY,
        {
          input: {
            incidentId: a.money.incidentId,
            regionCode: '421121',
            owner: { kind: 'PERSON', name: PERSON },
            propertyKind: 'VEHICLE',
            description: 'Pump truck 鄂J·5D321, 300 m³/h',
            requisitionedOn: '2026-07-06',
            documentNumber: '团应急征〔2026〕1号',
          },
        },
        county(),
      )
    ).requisitionProperty;
    expect(requisitioned).toMatchObject({
      status: 'REQUISITIONED',
      ownerName: maskPersonName(PERSON),
      settled: false,
    });
    const published = await publishedData<{ requisitionId: string; ownerName: string }>(
      reader,
      PropertyRequisitioned.type,
      (d) => d.requisitionId === requisitioned.id,
    );
    expect(published.ownerName).toBe(maskPersonName(PERSON));
    expect(JSON.stringify(published)).not.toContain(PERSON);
    expect(
      (await sut.call<{ propertyRequisition: Property }>(PROPERTY_REQUISITION, { id: requisitioned.id }))
        .propertyRequisition.ownerName,
    ).toBe(PERSON);
    expect(
      (
        await sut.call<{ propertyRequisition: Property | null }>(
          PROPERTY_REQUISITION,
          { id: requisitioned.id },
          luotian(),
        )
      ).propertyRequisition,
    ).toBeNull();

    const compensation = {
      requisitionId: requisitioned.id,
      payments: [{ allocationId: a.allocationId, amountFen: '800000' }],
      basis: '12 days at the market rent of 40,000 fen a day, and 320,000 fen of repairs to the pump',
    };
    let before = await written();
    expect(await sut.failure(COMPENSATE_PROPERTY, { input: compensation }, county())).toMatchObject({
      code: 'REQUISITION_PROPERTY_NOT_RETURNED',
    });
    expect(await written()).toEqual(before);

    const returned = (
      await sut.call<{ returnRequisitionedProperty: Property }>(
        RETURN_PROPERTY,
        {
          input: {
            requisitionId: requisitioned.id,
            returnedOn: '2026-07-18',
            condition: 'DAMAGED',
            note: 'Impeller cracked',
          },
        },
        county(),
      )
    ).returnRequisitionedProperty;
    expect(returned).toMatchObject({ status: 'RETURNED', condition: 'DAMAGED', settled: false });
    expect(
      await publishedData<{ requisitionId: string }>(
        reader,
        RequisitionedPropertyReturned.type,
        (d) => d.requisitionId === requisitioned.id,
      ),
    ).toMatchObject({ condition: 'DAMAGED', returnedOn: '2026-07-18' });
    before = await written();
    expect(
      await sut.failure(
        RETURN_PROPERTY,
        { input: { requisitionId: requisitioned.id, returnedOn: '2026-07-19', condition: 'INTACT' } },
        county(),
      ),
    ).toMatchObject({ code: 'REQUISITION_PROPERTY_ALREADY_RETURNED' });
    expect(
      await sut.failure(
        COMPENSATE_PROPERTY,
        { input: { ...compensation, payments: [{ allocationId: a.allocationId, amountFen: '2000001' }] } },
        county(),
      ),
    ).toMatchObject({ code: 'ALLOCATION_EXCEEDED' });
    expect(await written()).toEqual(before);
    const list = async (filter: Record<string, unknown>) =>
      (
        await sut.call<{ propertyRequisitions: { edges: { node: { id: string } }[] } }>(
          PROPERTY_REQUISITIONS,
          { filter, first: 10 },
          county(),
        )
      ).propertyRequisitions.edges.map((e) => e.node.id);
    expect(await list({ notCompensated: true, regionCode: '421121' })).toContain(requisitioned.id);
    expect(await list({ notReturned: true })).not.toContain(requisitioned.id);

    const compensated = (
      await sut.call<{ compensatePropertyRequisition: Property }>(
        COMPENSATE_PROPERTY,
        { input: compensation },
        county(),
      )
    ).compensatePropertyRequisition;
    expect(compensated).toMatchObject({ status: 'COMPENSATED', settled: true, compensatedFen: '800000' });
    expect((await balanceOf(sut, a.allocationId))?.spentFen).toBe('800000');
    expect(await list({ notCompensated: true })).not.toContain(requisitioned.id);
    const event = await publishedData<{
      requisitionId: string;
      payments: unknown;
      money: Record<string, unknown>;
    }>(reader, PropertyRequisitionCompensated.type, (d) => d.requisitionId === requisitioned.id);
    expect(event.payments).toEqual([{ allocationId: a.allocationId, amountFen: '800000' }]);
    expect(event.money).toMatchObject({
      stage: 'DISBURSED',
      reverses: null,
      fundId: a.money.fundId,
      allocationId: a.allocationId,
      incidentId: a.money.incidentId,
      amountFen: '800000',
      form: 'CASH',
      payer: { organisationId: COUNTY.id, name: null },
      payee: { organisationId: null, name: maskPersonName(PERSON) },
      sources: [{ flowId: a.allocationId, amountFen: '800000' }],
    });
    expect(JSON.stringify(event)).not.toContain(PERSON);
    expect(await sut.failure(COMPENSATE_PROPERTY, { input: compensation }, county())).toMatchObject({
      code: 'REQUISITION_PROPERTY_ALREADY_COMPENSATED',
    });
    expect((await balanceOf(sut, a.allocationId))?.spentFen).toBe('800000');
  });

  it('settles property returned intact; destroyed property is compensated without a return, to the enterprise by id', async () => {
    const a = await allocateFrom(incidents, [contribution('1000000')]);
    await known(sut, a.allocationId, a.money.incidentId);
    const requisitionOf = async (owner: Record<string, unknown>, propertyKind: string) =>
      (
        await sut.call<{ requisitionProperty: Property }>(
          REQUISITION_PROPERTY,
          {
            input: {
              incidentId: a.money.incidentId,
              regionCode: '421121',
              owner,
              propertyKind,
              description: 'For the evacuation of Zhongguanyi',
              requisitionedOn: '2026-07-06',
              documentNumber: '团应急征〔2026〕2号',
            },
          },
          county(),
        )
      ).requisitionProperty;
    const returnOf = async (id: string, condition: string) =>
      (
        await sut.call<{ returnRequisitionedProperty: Property }>(
          RETURN_PROPERTY,
          { input: { requisitionId: id, returnedOn: '2026-07-10', condition } },
          county(),
        )
      ).returnRequisitionedProperty;

    const site = await requisitionOf({ kind: 'ENTERPRISE', name: '团风县粮油仓储公司' }, 'SITE');
    expect(site.ownerName).toBe('团风县粮油仓储公司');
    expect(await returnOf(site.id, 'INTACT')).toMatchObject({ status: 'RETURNED', settled: true });

    const boat = await requisitionOf(
      { kind: 'ENTERPRISE', organisationId: ENTERPRISE.id, name: ENTERPRISE.name },
      'EQUIPMENT',
    );
    expect(await returnOf(boat.id, 'DESTROYED')).toMatchObject({ status: 'RETURNED', settled: false });
    await sut.call(
      COMPENSATE_PROPERTY,
      {
        input: {
          requisitionId: boat.id,
          payments: [{ allocationId: a.allocationId, amountFen: '450000' }],
          basis: 'Replacement value of the assault boat',
        },
      },
      county(),
    );
    const event = await publishedData<{ requisitionId: string; money: Record<string, unknown> }>(
      reader,
      PropertyRequisitionCompensated.type,
      (d) => d.requisitionId === boat.id,
    );
    expect(event.money).toMatchObject({
      payee: { organisationId: ENTERPRISE.id, name: null },
      amountFen: '450000',
    });
    expect(
      await sut.failure(
        REQUISITION_PROPERTY,
        {
          input: {
            incidentId: a.money.incidentId,
            regionCode: '421123',
            owner: { kind: 'PERSON', name: PERSON },
            propertyKind: 'VEHICLE',
            description: 'A lorry',
            requisitionedOn: '2026-07-06',
            documentNumber: 'X',
          },
        },
        county(),
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
  });
});
