import { addCalendarDays, chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * The catalogue codes the stock demo uses; they must be items of the catalogue the reserve feature seeds (the
 * tent, quilt, bottled water, instant food and drainage pump of GB/T 38565's structure).
 */
export const STOCK_DEMO_ITEMS = {
  tent: '1010101',
  quilt: '1010201',
  water: '1020101',
  instantFood: '1020201',
  pump: '2020101',
} as const;

const RECEIVE = `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { lot { id } } }`;

/**
 * The reserves of the Ju River flood: lots of tents, quilts, water, instant food and pumps at Hubei's provincial
 * depot, Huanggang's reserve point and Tuanfeng's, some expiring within 90 days; Tuanfeng's instant food below its
 * minimum; 100 tents moved from Huanggang to Tuanfeng, and 40 of them used at a shelter (or, without one, dispatched
 * to the incident, or given out in a household distribution), as are 300 of the tents the county bought.
 */
export async function loadStock(
  client: DemoClient,
  orgs: HubeiOrganisations,
  points: { hubeiDepot: string; huanggangPoint: string; tuanfengPoint: string },
  refs: { shelterId?: string; incidentId?: string } = {},
): Promise<{ transferredLotId: string; boughtTentsLotId: string }> {
  const today = chinaToday();
  const receive = async (
    reservePointId: string,
    itemCode: string,
    quantity: number,
    unitValueFen: string,
    expiresInDays?: number,
  ) =>
    (
      await client.run<{ receiveStock: { lot: { id: string } } }>(RECEIVE, {
        input: {
          reservePointId,
          itemCode,
          quantity,
          unitValueFen,
          receivedOn: addCalendarDays(today, -200),
          expiresOn: expiresInDays === undefined ? null : addCalendarDays(today, expiresInDays),
          sourceKind: 'INITIAL',
        },
      })
    ).receiveStock.lot.id;
  const items = STOCK_DEMO_ITEMS;
  await receive(points.hubeiDepot, items.tent, 500, '128000');
  await receive(points.hubeiDepot, items.quilt, 2000, '18000');
  await receive(points.hubeiDepot, items.pump, 20, '650000');
  await receive(points.hubeiDepot, items.water, 1200, '3600', 300);
  const huanggangTents = await receive(points.huanggangPoint, items.tent, 200, '128000');
  await receive(points.huanggangPoint, items.water, 300, '3600', 60);
  await receive(points.huanggangPoint, items.instantFood, 400, '9600', 80);
  await receive(points.tuanfengPoint, items.quilt, 100, '18000');
  await receive(points.tuanfengPoint, items.water, 50, '3600', 200);
  await receive(points.tuanfengPoint, items.instantFood, 30, '9600', 150);
  await receive(points.tuanfengPoint, items.pump, 2, '650000');
  await client.run(`mutation($input: SetMinimumStockInput!) { setMinimumStock(input: $input) { minimum } }`, {
    input: { reservePointId: points.tuanfengPoint, itemCode: items.instantFood, minimum: 100 },
  });

  const transfer = await client.run<{ transferStock: { toLot: { id: string } } }>(
    `mutation($input: TransferStockInput!) { transferStock(input: $input) { toLot { id } } }`,
    {
      input: {
        lotId: huanggangTents,
        toReservePointId: points.tuanfengPoint,
        quantity: 100,
        reason: '举水洪水：团风县转移安置群众用帐篷',
      },
    },
  );
  const transferredLotId = transfer.transferStock.toLot.id;
  const use = refs.shelterId
    ? { kind: 'USE', shelterId: refs.shelterId }
    : refs.incidentId
      ? { kind: 'DISPATCH', incidentId: refs.incidentId }
      : { kind: 'USE', distributionReference: `${orgs.tuanfeng}:团风县城关镇受灾户发放` };
  const issue = (input: Record<string, unknown>) =>
    client.run(`mutation($input: IssueStockInput!) { issueStock(input: $input) { lot { id } } }`, { input });
  await issue({ lotId: transferredLotId, quantity: 40, ...use });

  // 300 of the 1,500 tents the county bought (flood-money.ts) pitched at the shelter.
  const bought = await client.run<{
    stock: { edges: { node: { lots: { id: string; sourceKind: string }[] } }[] };
  }>(
    `query($filter: StockFilter) { stock(filter: $filter, first: 1) { edges { node { lots { id sourceKind } } } } }`,
    { filter: { reservePointId: points.tuanfengPoint, itemCode: items.tent } },
  );
  const boughtTents = bought.stock.edges[0]?.node.lots.find((l) => l.sourceKind === 'PURCHASE');
  if (!boughtTents) throw new Error('demo data: the tents the county bought are not in its stock');
  await issue({ lotId: boughtTents.id, quantity: 300, ...use });
  return { transferredLotId, boughtTentsLotId: boughtTents.id };
}
