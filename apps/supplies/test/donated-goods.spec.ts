import { randomUUID } from 'node:crypto';
import { FundContributionPaid } from '@emergency/contracts';
import {
  eventually,
  identities,
  publishEvent,
  readTopic,
  type TestSubgraph,
  type TopicReader,
} from '@emergency/testing';
import { COUNTY, FINANCE, startWithIncidents, stopWithIncidents, type IncidentsTopic } from './fixtures';
import {
  allocateInKind,
  DONATED_GOODS,
  donateInKind,
  goods,
  ISSUE_STOCK,
  knownDonation,
  RECEIVE_DONATED,
} from './goods-in.fixtures';
import { RESERVE_PARTIES } from './reserve.fixtures';
import { ITEMS, POINTS, publishedData, registerReserves } from './stock.fixtures';

interface Amount {
  quantity: number;
  valueFen: string;
}

interface Donated {
  id: string;
  kind: string;
  allocationId: string | null;
  contributionId: string;
  fundId: string;
  receiver: { id: string } | null;
  donor: Record<string, unknown> | null;
  direction: Record<string, unknown> | null;
  lines: {
    goodsLine: number;
    stated: number;
    received: number;
    allocatedOnward: number;
    remaining: number;
    receivedValueFen: string;
  }[];
  receipts: { id: string; lines: { goodsLine: number; quantity: number; lot: { id: string } }[] }[];
  lots: { id: string; itemCode: string; quantityOnHand: number; [field: string]: unknown }[];
  whereabouts: Record<string, Amount>;
}

const TENT = goods('Family tent, 12 m²', 'tent', 200, '180000');
const QUILT = goods('Cotton quilt', 'quilt', 800, '15000');
const TENT_LINE = { description: TENT.description, unit: 'tent', unitValueFen: '180000' };
const QUILT_LINE = { description: QUILT.description, unit: 'quilt', unitValueFen: '15000' };

/** Goods given in kind received into stock, against the real PostgreSQL and broker; the incidents service is played. */
describe('donated goods', () => {
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

  const inKindAllocation = async () => {
    const contribution = await donateInKind(incidents, [TENT, QUILT]);
    const allocation = await allocateInKind(incidents, contribution, [TENT, QUILT]);
    await knownDonation(sut, contribution.contributionId);
    await knownDonation(sut, allocation.allocationId);
    return { contribution, allocation };
  };

  const receive = (input: Record<string, unknown>, identity = identities.admin()) =>
    sut.request<{ receiveDonatedGoods: Donated }>(RECEIVE_DONATED, { input }, identity);

  const donated = async (variables: Record<string, unknown>) =>
    (await sut.call<{ donatedGoods: Donated | null }>(DONATED_GOODS, variables)).donatedGoods;

  it('receives the goods of an in-kind allocation in two parts as DONATION lots, and refuses an over-receipt', async () => {
    const { contribution, allocation } = await inKindAllocation();
    const base = { allocationId: allocation.allocationId, reservePointId: POINTS.tuanfeng.id };

    const first = await receive({
      ...base,
      receivedOn: '2026-11-20',
      lines: [
        { goodsLine: 0, itemCode: ITEMS.tent, quantity: 120 },
        { goodsLine: 1, itemCode: ITEMS.quilt, quantity: 500 },
      ],
    });
    expect(first.errors).toBeUndefined();
    const second = await receive({
      ...base,
      receivedOn: '2026-11-25',
      lines: [{ goodsLine: 0, itemCode: ITEMS.tent, quantity: 80 }],
    });
    expect(second.errors).toBeUndefined();

    const lotsBefore = await sut.count('stock_lot');
    const over = await receive({
      ...base,
      receivedOn: '2026-11-26',
      lines: [
        { goodsLine: 1, itemCode: ITEMS.quilt, quantity: 200 },
        { goodsLine: 1, itemCode: ITEMS.quilt, quantity: 101 },
      ],
    });
    expect(over.errors?.[0]?.extensions).toMatchObject({
      code: 'DONATION_OVER_RECEIPT',
      field: 'lines.1.quantity',
      remainingQuantity: 300,
      requestedQuantity: 301,
    });
    expect(
      (
        await receive({
          ...base,
          receivedOn: '2026-11-26',
          lines: [{ goodsLine: 0, itemCode: ITEMS.tent, quantity: 1 }],
        })
      ).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'DONATION_OVER_RECEIPT', remainingQuantity: 0 });
    expect(await sut.count('stock_lot')).toBe(lotsBefore);

    const view = (await donated({ allocationId: allocation.allocationId }))!;
    expect(view).toMatchObject({
      kind: 'ALLOCATION',
      allocationId: allocation.allocationId,
      contributionId: contribution.contributionId,
      fundId: contribution.money.fundId,
      receiver: { id: COUNTY.id },
      donor: {
        contributorType: 'ORGANISATION',
        channel: 'DOMESTIC',
        name: 'Zhejiang Tiantai Tent Co., Ltd.',
      },
      direction: { purpose: 'LIVING_RELIEF', organisationId: null },
    });
    expect(view.lines).toEqual([
      {
        ...TENT_LINE,
        goodsLine: 0,
        stated: 200,
        received: 200,
        allocatedOnward: 0,
        remaining: 0,
        receivedValueFen: '36000000',
      },
      {
        ...QUILT_LINE,
        goodsLine: 1,
        stated: 800,
        received: 500,
        allocatedOnward: 0,
        remaining: 300,
        receivedValueFen: '7500000',
      },
    ]);
    expect(view.receipts.map((r) => r.lines.map((l) => [l.goodsLine, l.quantity]))).toEqual([
      [
        [0, 120],
        [1, 500],
      ],
      [[0, 80]],
    ]);
    expect(view.lots).toHaveLength(3);
    expect(view.lots[0]).toMatchObject({
      sourceKind: 'DONATION',
      itemCode: ITEMS.tent,
      allocationId: allocation.allocationId,
      contributionId: contribution.contributionId,
      fundId: contribution.money.fundId,
      unitValueFen: '180000',
      receivedQuantity: 120,
      donation: {
        contributionId: contribution.contributionId,
        allocationId: allocation.allocationId,
        contributorType: 'ORGANISATION',
        channel: 'DOMESTIC',
        directedPurpose: 'LIVING_RELIEF',
        directedOrganisationId: null,
      },
    });
    expect(view.whereabouts.received).toEqual({ quantity: 700, valueFen: '43500000' });

    // The contribution's goods were all allocated onward: its receiver has nothing of them left to receive.
    const given = (await donated({ contributionId: contribution.contributionId }))!;
    expect(given.lines.map((l) => [l.allocatedOnward, l.received, l.remaining])).toEqual([
      [200, 0, 0],
      [800, 0, 0],
    ]);
    expect(
      (
        await receive({
          contributionId: contribution.contributionId,
          reservePointId: POINTS.tuanfeng.id,
          receivedOn: '2026-11-26',
          lines: [{ goodsLine: 1, itemCode: ITEMS.quilt, quantity: 1 }],
        })
      ).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'DONATION_OVER_RECEIPT', remainingQuantity: 0 });

    const event = await publishedData<{
      receiptId: string;
      lines: Record<string, unknown>[];
      valueFen: string;
    }>(events, 'supplies.DonatedGoodsReceived.v1', (d) => d.receiptId === view.receipts[0].id);
    expect(event).toMatchObject({
      allocationId: allocation.allocationId,
      contributionId: contribution.contributionId,
      fundId: contribution.money.fundId,
      reservePointId: POINTS.tuanfeng.id,
      regionCode: '421121',
      receivedOn: '2026-11-20',
      valueFen: '29100000',
    });
    expect(event.lines).toEqual([
      {
        goodsLine: 0,
        itemCode: ITEMS.tent,
        lotId: view.lots[0].id,
        quantity: 120,
        unitValueFen: '180000',
        valueFen: '21600000',
        remainingQuantity: 80,
      },
      {
        goodsLine: 1,
        itemCode: ITEMS.quilt,
        lotId: view.lots[1].id,
        quantity: 500,
        unitValueFen: '15000',
        valueFen: '7500000',
        remainingQuantity: 300,
      },
    ]);
  });

  it('shows a donated quilt lot used at a shelter and given to households under the donation’s used goods', async () => {
    const contribution = await donateInKind(incidents, [QUILT]);
    await knownDonation(sut, contribution.contributionId);
    const res = await receive({
      contributionId: contribution.contributionId,
      reservePointId: POINTS.tuanfeng.id,
      receivedOn: '2026-11-21',
      lines: [{ goodsLine: 0, itemCode: ITEMS.quilt, quantity: 300 }],
    });
    expect(res.errors).toBeUndefined();
    const [lot] = res.data!.receiveDonatedGoods.lots;
    expect(lot).toMatchObject({ allocationId: null, contributionId: contribution.contributionId });
    const issue = (input: Record<string, unknown>) =>
      sut.call(ISSUE_STOCK, { input: { lotId: lot.id, ...input } });
    await issue({ kind: 'USE', quantity: 120, shelterId: randomUUID() });
    await issue({ kind: 'USE', quantity: 30, distributionReference: 'LHZ-2026-11-22-01' });
    await issue({ kind: 'WRITE_OFF', quantity: 5, reason: 'Soaked in the flood' });

    const view = (await donated({ contributionId: contribution.contributionId }))!;
    expect(view).toMatchObject({ kind: 'CONTRIBUTION', allocationId: null });
    expect(view.lines).toEqual([
      {
        ...QUILT_LINE,
        goodsLine: 0,
        stated: 800,
        received: 300,
        allocatedOnward: 0,
        remaining: 500,
        receivedValueFen: '4500000',
      },
    ]);
    expect(view.whereabouts).toEqual({
      received: { quantity: 300, valueFen: '4500000' },
      onHand: { quantity: 145, valueFen: '2175000' },
      inTransit: { quantity: 0, valueFen: '0' },
      lost: { quantity: 0, valueFen: '0' },
      dispatched: { quantity: 0, valueFen: '0' },
      used: { quantity: 150, valueFen: '2250000' },
      writtenOff: { quantity: 5, valueFen: '75000' },
      adjusted: { quantity: 0, valueFen: '0' },
    });
  });

  it('refuses, writing nothing: another owner’s point, an unknown line, unknown or unpaid goods, outside jurisdiction', async () => {
    const { allocation } = await inKindAllocation();
    const pledged = await donateInKind(incidents, [TENT], {
      status: 'PLEDGED',
      paidOn: null,
      voucherNumber: null,
    });
    await knownDonation(sut, pledged.contributionId);
    const base = {
      allocationId: allocation.allocationId,
      reservePointId: POINTS.tuanfeng.id,
      receivedOn: '2026-11-20',
      lines: [{ goodsLine: 0, itemCode: ITEMS.tent, quantity: 1 }],
    };
    const lotsBefore = await sut.count('stock_lot');
    const receiptsBefore = await sut.count('donation_receipt');
    const refusal = async (input: Record<string, unknown>, identity = identities.admin()) =>
      (await receive(input, identity)).errors?.[0]?.extensions;

    expect(await refusal({ ...base, reservePointId: POINTS.luotian.id })).toMatchObject({
      code: 'DONATION_POINT_NOT_RECEIVERS',
      field: 'reservePointId',
    });
    expect(
      await refusal({ ...base, lines: [{ goodsLine: 2, itemCode: ITEMS.tent, quantity: 1 }] }),
    ).toMatchObject({ code: 'DONATION_GOODS_LINE_UNKNOWN', field: 'lines.0.goodsLine' });
    expect(await refusal({ ...base, allocationId: randomUUID() })).toMatchObject({
      code: 'DONATION_UNKNOWN',
      field: 'allocationId',
    });
    expect(
      await refusal({ ...base, allocationId: undefined, contributionId: pledged.contributionId }),
    ).toMatchObject({ code: 'DONATION_NOT_PAID', field: 'contributionId' });
    expect(await refusal({ ...base, reservePointId: randomUUID() })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'reservePointId',
    });
    expect(
      await refusal(base, identities.operator('421123', '00000000-0000-4000-8000-00000000c002')),
    ).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
      field: 'reservePointId',
    });
    expect(
      await refusal({ ...base, lines: [{ goodsLine: 0, itemCode: '1999999', quantity: 1 }] }),
    ).toMatchObject({
      code: 'STOCK_ITEM_UNKNOWN',
      field: 'lines.0.itemCode',
    });
    expect(await refusal({ ...base, contributionId: pledged.contributionId })).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await refusal(base, identities.auditor())).toMatchObject({ code: 'FORBIDDEN' });

    expect(await sut.count('stock_lot')).toBe(lotsBefore);
    expect(await sut.count('donation_receipt')).toBe(receiptsBefore);
    // Once the pledge is paid, its goods are received.
    await publishEvent(incidents.producer, incidents.topic, FundContributionPaid, pledged.money.fundId, {
      contributionId: pledged.contributionId,
      paidOn: '2026-11-19',
      voucherNumber: 'JZ-2026-1119-01',
      money: { ...pledged.money, stage: 'RAISED' },
    });
    await eventually(
      async () => {
        const res = await receive({
          ...base,
          allocationId: undefined,
          contributionId: pledged.contributionId,
        });
        expect(res.errors).toBeUndefined();
        expect(res.data!.receiveDonatedGoods.lines[0]).toMatchObject({ received: 1, remaining: 199 });
      },
      { timeoutMs: 30_000 },
    );
    // Another county's office neither sees the goods nor their donor.
    expect(
      (
        await sut.call<{ donatedGoods: Donated | null }>(
          DONATED_GOODS,
          { allocationId: allocation.allocationId },
          identities.operator('421123', '00000000-0000-4000-8000-00000000c002'),
        )
      ).donatedGoods,
    ).toBeNull();
  });
});
