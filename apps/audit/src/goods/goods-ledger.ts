import type { GoodsFacts, GoodsLot, GoodsMovement } from './goods-book';

/**
 * The goods accounts of the ledger, scoped to the fund as the money accounts are (docs/ledger.md, Goods accounts):
 *
 * | account                                  | holds (debit balance)                                               |
 * | ---------------------------------------- | ------------------------------------------------------------------- |
 * | `stock:<reservePointId>`                 | goods of the fund on hand at a reserve point                        |
 * | `transit:<shipment>`                     | goods shipped and not arrived (the SHIPPED movement, or a transfer) |
 * | `dispatched:<incidentId>`                | goods dispatched to an incident (`dispatched` when none is named)   |
 * | `used:shelter:<shelterId>`               | goods used at a shelter (`used:shelter` when none is named)         |
 * | `distributed:<distributionReference>`    | goods given out to households in a distribution                     |
 * | `written-off`                            | goods written off                                                   |
 * | `lost`                                   | goods shipped that did not arrive                                   |
 * | `adjusted`                               | goods taken off by adjustments, less those put back and returned    |
 * | `goods-received:procurement:<id>`        | the contra of goods bought (a credit balance)                       |
 * | `goods-received:contribution:<id>`       | the contra of goods given in kind (a credit balance)                |
 *
 * Each movement with a value posts one debit and one credit of that value: into the goods' holder (the reserve
 * point's stock, or for a shortfall the shipment in transit) when its value is positive, out of it when negative.
 */
export interface GoodsPosting {
  movementId: string;
  fundId: string;
  debit: string;
  credit: string;
  amountFen: bigint;
}

/** The account a lot's receipt converts into stock: what paid for the goods, or who gave them. */
export function receivedFrom(lot: GoodsLot): string {
  switch (lot.sourceKind) {
    case 'PURCHASE':
      if (lot.procurementId) return `goods-received:procurement:${lot.procurementId}`;
      return lot.allocationId ? `goods-received:allocation:${lot.allocationId}` : 'goods-received:purchase';
    case 'DONATION':
      return lot.contributionId
        ? `goods-received:contribution:${lot.contributionId}`
        : 'goods-received:donation';
    case 'TRANSFER':
      return lot.transferId ? `goods-received:transfer:${lot.transferId}` : 'goods-received:transfer';
    case 'INITIAL':
      return 'goods-received:initial';
  }
}

/** Where goods issued out of a lot went. */
export function issuedTo(m: GoodsMovement): string {
  switch (m.issueKind) {
    case 'DISPATCH':
      return m.incidentId ? `dispatched:${m.incidentId}` : 'dispatched';
    case 'WRITE_OFF':
      return 'written-off';
    case 'USE':
    case null:
      if (m.distributionReference) return `distributed:${m.distributionReference}`;
      return m.shelterId ? `used:shelter:${m.shelterId}` : 'used:shelter';
  }
}

/** The account holding the goods a movement moves, and the account on its other side. */
function accountsOf(m: GoodsMovement, lot: GoodsLot | undefined): [string, string] | null {
  if (m.kind === 'SHORTFALL') return [`transit:${m.shipMovementId}`, 'lost'];
  if (!lot) return null;
  const stock = `stock:${lot.reservePointId}`;
  switch (m.kind) {
    case 'RECEIVED':
      return [stock, receivedFrom(lot)];
    case 'ISSUED':
      return [stock, issuedTo(m)];
    case 'TRANSFERRED_OUT':
    case 'TRANSFERRED_IN':
      return [stock, `transit:${m.orderId}`];
    case 'SHIPPED':
      return [stock, `transit:${m.id}`];
    case 'ARRIVED':
      return [stock, `transit:${m.shipMovementId}`];
    case 'ADJUSTED':
    case 'RETURNED':
      return [stock, 'adjusted'];
  }
}

/**
 * The ledger postings of what one stock event tells: one per movement with a value, for the fund the goods are of;
 * none for goods of no fund (an opening balance bought before the system).
 */
export function goodsPostings(facts: GoodsFacts): GoodsPosting[] {
  const fundId = facts.fundId;
  if (fundId === null) return [];
  const postings: GoodsPosting[] = [];
  for (const m of facts.movements) {
    if (m.valueFen === 0n) continue;
    const accounts = accountsOf(
      m,
      facts.lots.find((l) => l.id === m.lotId),
    );
    if (!accounts) continue;
    const [holder, other] = accounts;
    const [debit, credit] = m.valueFen > 0n ? [holder, other] : [other, holder];
    const amountFen = m.valueFen > 0n ? m.valueFen : -m.valueFen;
    postings.push({ movementId: m.id, fundId, debit, credit, amountFen });
  }
  return postings;
}
