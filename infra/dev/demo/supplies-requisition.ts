import { yuan, type DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';
import type { DemoReserves } from './reserves';
import { STOCK_DEMO_ITEMS } from './stock';

/** What the requisition part of the demo made. */
export interface DemoRequisitions {
  stockRequisitionId: string;
  propertyRequisitionId: string;
}

/**
 * Requisitions (征用) of the Ju River flood: Huanggang takes one of the two drainage pumps at Tuanfeng's reserve
 * point for the flooded underpasses of Huangzhou (owed to Tuanfeng at its book value, 6,500.00, still open); and
 * Tuanfeng requisitions a local transport company's pump truck, which comes back with a cracked impeller and is
 * compensated 48,000.00 (12 days' rent and the repair) from the county's supplies allocation of the flood fund.
 * Runs after the stock is loaded.
 */
export async function playRequisition(
  client: DemoClient,
  orgs: HubeiOrganisations,
  points: DemoReserves,
  refs: { incidentId: string; allocationId: string },
): Promise<DemoRequisitions> {
  const { stock } = await client.run<{ stock: { edges: { node: { lots: { id: string }[] } }[] } }>(
    `query($filter: StockFilter) { stock(filter: $filter, first: 1) { edges { node { lots { id } } } } }`,
    { filter: { reservePointId: points.tuanfengPoint, itemCode: STOCK_DEMO_ITEMS.pump } },
  );
  const pumpLot = stock.edges[0]?.node.lots[0]?.id;
  if (!pumpLot) throw new Error('demo data: no pumps at Tuanfeng’s reserve point');
  const { requisitionStock } = await client.run<{
    requisitionStock: { id: string; owners: { ownerOrganisation: { id: string } }[] };
  }>(
    `mutation($input: RequisitionStockInput!) {
      requisitionStock(input: $input) { id owners { ownerOrganisation { id } } }
    }`,
    {
      input: {
        toReservePointId: points.huanggangPoint,
        incidentId: refs.incidentId,
        documentNumber: '黄应急征〔2026〕3号',
        reason: '举水洪水：黄州城区下穿通道排涝',
        lines: [{ lotId: pumpLot, quantity: 1 }],
      },
    },
  );
  if (requisitionStock.owners[0]?.ownerOrganisation.id !== orgs.tuanfeng)
    throw new Error('demo data: the requisitioned pump should be owed to Tuanfeng');
  const stockRequisitionId = requisitionStock.id;

  const propertyRequisitionId = await client.mutate('requisitionProperty', 'RequisitionPropertyInput', {
    incidentId: refs.incidentId,
    regionCode: '421121',
    owner: { kind: 'ENTERPRISE', name: '团风县安达运输有限公司' },
    propertyKind: 'VEHICLE',
    description: '排涝抢险车（鄂J·5D321，流量 300 m³/h）',
    requisitionedOn: '2026-07-08',
    documentNumber: '团应急征〔2026〕1号',
  });
  await client.mutate('returnRequisitionedProperty', 'ReturnRequisitionedPropertyInput', {
    requisitionId: propertyRequisitionId,
    returnedOn: '2026-07-20',
    condition: 'DAMAGED',
    note: '水泵叶轮开裂',
  });
  await client.mutateOnceKnown(
    'compensatePropertyRequisition',
    'CompensatePropertyRequisitionInput',
    {
      requisitionId: propertyRequisitionId,
      payments: [{ allocationId: refs.allocationId, amountFen: yuan(48_000n) }],
      basis: '12 days at the market rent of 2,400.00 a day, and 19,200.00 for the repaired impeller',
    },
    ['ALLOCATION_UNKNOWN'],
  );
  return { stockRequisitionId, propertyRequisitionId };
}
