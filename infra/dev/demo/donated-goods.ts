import { addCalendarDays, chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';
import { STOCK_DEMO_ITEMS } from './stock';

const LOTS = `query($allocationId: ID) {
  donatedGoods(allocationId: $allocationId) { lots { id itemCode } }
}`;
const PROCUREMENTS = `query { procurements(first: 50) { edges { node { supplierName allocation { id } } } } }`;
const ISSUE = `mutation($input: IssueStockInput!) { issueStock(input: $input) { lot { id } } }`;

/**
 * Goods entering Tuanfeng's stock from donors and money: the in-kind allocation of the Zhejiang Tiantai Tent Co.
 * donation (200 tents, 800 quilts for households on Luohuozhou island) received at Tuanfeng's reserve point in two
 * deliveries, then quilts used at a shelter and given out to households; and a purchase of quilts paid from
 * Tuanfeng's supplies allocation, its delivery accepted into the same point. Runs after the money demo
 * (flood-money.ts) and the reserves.
 */
export async function receiveDonatedGoods(
  client: DemoClient,
  orgs: HubeiOrganisations,
  points: { tuanfengPoint: string },
  refs: { tentsForHouseholdsAllocationId: string; shelterId?: string },
): Promise<{ donatedQuiltLotId: string; purchasedQuiltLotId: string }> {
  const today = chinaToday();
  const allocationId = refs.tentsForHouseholdsAllocationId;
  const receive = (receivedOn: string, lines: { goodsLine: number; itemCode: string; quantity: number }[]) =>
    // Supplies learns of the allocation by event, moments after it is made.
    client.mutateOnceKnown(
      'receiveDonatedGoods',
      'ReceiveDonatedGoodsInput',
      { allocationId, reservePointId: points.tuanfengPoint, receivedOn, lines },
      ['DONATION_UNKNOWN'],
    );
  // The goods lines of the allocation: 0 the tents, 1 the quilts.
  await receive(addCalendarDays(today, -12), [
    { goodsLine: 0, itemCode: STOCK_DEMO_ITEMS.tent, quantity: 120 },
    { goodsLine: 1, itemCode: STOCK_DEMO_ITEMS.quilt, quantity: 800 },
  ]);
  await receive(addCalendarDays(today, -9), [
    { goodsLine: 0, itemCode: STOCK_DEMO_ITEMS.tent, quantity: 80 },
  ]);
  const { donatedGoods } = await client.run<{ donatedGoods: { lots: { id: string; itemCode: string }[] } }>(
    LOTS,
    { allocationId },
  );
  const donatedQuiltLotId = donatedGoods.lots.find((l) => l.itemCode === STOCK_DEMO_ITEMS.quilt)!.id;
  const issue = (input: Record<string, unknown>) =>
    client.run(ISSUE, { input: { lotId: donatedQuiltLotId, kind: 'USE', ...input } });
  if (refs.shelterId) await issue({ quantity: 150, shelterId: refs.shelterId });
  await issue({
    quantity: 400,
    distributionReference: `${orgs.tuanfeng}:Luohuozhou island household distribution`,
  });

  // A purchase paid from the allocation the blankets were bought with, its delivery received into stock.
  const { procurements } = await client.run<{
    procurements: { edges: { node: { supplierName: string; allocation: { id: string } | null } }[] };
  }>(PROCUREMENTS);
  const suppliesAllocationId = procurements.edges.find(
    (e) => e.node.supplierName === 'Xiantao Textile Co., Ltd.',
  )!.node.allocation!.id;
  const quilts = await client.mutate('recordProcurement', 'RecordProcurementInput', {
    allocationId: suppliesAllocationId,
    supplierName: 'Xiantao Textile Co., Ltd.',
    itemDescription: 'Cotton quilt, 1.5 × 2 m',
    itemCode: STOCK_DEMO_ITEMS.quilt,
    quantity: 300,
    unitPriceFen: '12000',
  });
  const accepted = await client.run<{ acceptProcurementDelivery: { stockLots: { id: string }[] } }>(
    `mutation($input: AcceptProcurementDeliveryInput!) { acceptProcurementDelivery(input: $input) { stockLots { id } } }`,
    {
      input: {
        procurementId: quilts,
        acceptedOn: addCalendarDays(today, -5),
        receivedQuantity: 296,
        note: 'Four quilts arrived wet and were refused',
        reservePointId: points.tuanfengPoint,
      },
    },
  );
  return { donatedQuiltLotId, purchasedQuiltLotId: accepted.acceptProcurementDelivery.stockLots[0]!.id };
}
