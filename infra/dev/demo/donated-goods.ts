import { addCalendarDays, chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';
import { STOCK_DEMO_ITEMS } from './stock';

const LOTS = `query($allocationId: ID) {
  donatedGoods(allocationId: $allocationId) { lots { id itemCode } }
}`;
const ALLOCATIONS = `query($id: ID!, $after: String) {
  reconstructionFund(id: $id) {
    allocations(first: 50, after: $after) {
      edges { node { id form purpose recipientOrganisation { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface AllocationPage {
  reconstructionFund: {
    allocations: {
      edges: {
        node: { id: string; form: string; purpose: string; recipientOrganisation: { id: string } | null };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** The fund's allocation of goods in kind to Tuanfeng for households on Luohuozhou island (flood-money.ts). */
export async function tentsForHouseholdsAllocation(
  client: DemoClient,
  orgs: HubeiOrganisations,
  fundId: string,
): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const data: AllocationPage = await client.run<AllocationPage>(ALLOCATIONS, { id: fundId, after });
    const allocations = data.reconstructionFund?.allocations;
    const found = allocations?.edges.find(
      (e) =>
        e.node.form === 'IN_KIND' &&
        e.node.recipientOrganisation?.id === orgs.tuanfeng &&
        e.node.purpose.includes('Luohuozhou'),
    );
    if (found) return found.node.id;
    if (!allocations?.pageInfo.hasNextPage)
      throw new Error('demo data: no goods in kind allocated to Tuanfeng');
    after = allocations.pageInfo.endCursor;
  }
}
const ISSUE = `mutation($input: IssueStockInput!) { issueStock(input: $input) { lot { id } } }`;

/**
 * Goods entering Tuanfeng's stock from donors and money: the in-kind allocation of the Zhejiang Tiantai Tent Co.
 * donation (200 tents, 800 quilts for households on Luohuozhou island) received at Tuanfeng's reserve point in two
 * deliveries, then quilts used at a shelter and given out to households; and a purchase of quilts paid from
 * Tuanfeng's supplies allocation (`tuanfengSuppliesAllocation` of shelter-costs.ts), its delivery accepted into the
 * same point. Runs after the money demo (flood-money.ts) and the reserves; {@link tentsForHouseholdsAllocation}
 * finds the allocation of goods in kind.
 */
export async function receiveDonatedGoods(
  client: DemoClient,
  orgs: HubeiOrganisations,
  points: { tuanfengPoint: string },
  refs: { tentsForHouseholdsAllocationId: string; suppliesAllocationId: string; shelterId?: string },
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

  // A purchase paid from Tuanfeng's supplies allocation, its delivery received into stock.
  const quilts = await client.mutate('recordProcurement', 'RecordProcurementInput', {
    allocationId: refs.suppliesAllocationId,
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
