import type {
  StockAdjustedV1,
  StockArrivedV1,
  StockIssuedV1,
  StockReceivedV1,
  StockShippedV1,
  StockTransferredV1,
} from '@emergency/contracts';

export type GoodsSourceKind = 'PURCHASE' | 'DONATION' | 'TRANSFER' | 'INITIAL';
export type GoodsMovementKind =
  | 'RECEIVED'
  | 'ISSUED'
  | 'TRANSFERRED_OUT'
  | 'TRANSFERRED_IN'
  | 'SHIPPED'
  | 'ARRIVED'
  | 'SHORTFALL'
  | 'ADJUSTED'
  | 'RETURNED';
export type GoodsIssueKind = 'DISPATCH' | 'USE' | 'WRITE_OFF';

/** A lot as the audit knows it: where it is, what one unit is worth, and the money or donor it came from. */
export interface GoodsLot {
  id: string;
  itemCode: string;
  reservePointId: string;
  regionCode: string;
  unitValueFen: bigint;
  sourceKind: GoodsSourceKind;
  procurementId: string | null;
  allocationId: string | null;
  contributionId: string | null;
  fundId: string | null;
  transferId: string | null;
  /** The lot it was made from by a transfer or a shipment; null for a lot received, or while not yet told. */
  fromLotId: string | null;
  /** The transfer or order it was made under. */
  orderKind: string | null;
  orderId: string | null;
  /** The date its receipt said the goods expire after (YYYY-MM-DD); null when none was stated or not yet told. */
  expiresOn: string | null;
}

/**
 * One movement of a lot, signed: goods into the lot positive, out of it negative. A SHORTFALL is goods lost in
 * transit (negative), booked on the lot they were shipped from; it does not change that lot's balance, which the
 * shipment already took them from.
 */
export interface GoodsMovement {
  id: string;
  lotId: string;
  kind: GoodsMovementKind;
  issueKind: GoodsIssueKind | null;
  quantity: number;
  valueFen: bigint;
  incidentId: string | null;
  shelterId: string | null;
  distributionReference: string | null;
  orderKind: string | null;
  orderId: string | null;
  /** For ARRIVED and SHORTFALL: the SHIPPED movement they close. */
  shipMovementId: string | null;
  /** For SHIPPED: where the goods go. */
  toReservePointId: string | null;
  toRegionCode: string | null;
  at: Date;
}

/** What one stock event tells the audit: lots (as far as it knows them), movements and the fund the goods are of. */
export interface GoodsFacts {
  lots: GoodsLot[];
  movements: GoodsMovement[];
  /** The fund whose money or gift the goods are (the lot's source); null for goods of no fund (INITIAL). */
  fundId: string | null;
}

/** The movements that change a lot's balance: all but the shortfall. */
export const changesBalance = (m: Pick<GoodsMovement, 'kind'>) => m.kind !== 'SHORTFALL';

type LotFields = Pick<
  StockReceivedV1,
  'lotId' | 'reservePointId' | 'regionCode' | 'itemCode' | 'unitValueFen' | 'source'
>;
type Source = StockReceivedV1['source'];

const lotOf = (e: LotFields): GoodsLot => ({
  id: e.lotId,
  itemCode: e.itemCode,
  reservePointId: e.reservePointId,
  regionCode: e.regionCode,
  unitValueFen: BigInt(e.unitValueFen),
  sourceKind: e.source.kind,
  procurementId: e.source.procurementId,
  allocationId: e.source.allocationId,
  contributionId: e.source.contributionId,
  fundId: e.source.fundId,
  transferId: e.source.transferId,
  fromLotId: null,
  orderKind: null,
  orderId: null,
  expiresOn: null,
});

/** The lot made from another's goods: its source is the first lot's ids, as TRANSFER under the order. */
const madeLot = (
  source: Source,
  at: { lotId: string; reservePointId: string; regionCode: string; itemCode: string; unitValueFen: string },
  from: { fromLotId: string; orderKind: string; orderId: string },
): GoodsLot => ({
  ...lotOf({ ...at, source: { ...source, kind: 'TRANSFER', transferId: from.orderId } }),
  fromLotId: from.fromLotId,
  orderKind: from.orderKind,
  orderId: from.orderId,
});

const NO_REFS = {
  issueKind: null,
  incidentId: null,
  shelterId: null,
  distributionReference: null,
  orderKind: null,
  orderId: null,
  shipMovementId: null,
  toReservePointId: null,
  toRegionCode: null,
} as const;

const movement = (
  e: { movementId: string; lotId: string; quantity: number; valueFen: string; at: string },
  kind: GoodsMovementKind,
  refs: Partial<GoodsMovement> = {},
): GoodsMovement => ({
  ...NO_REFS,
  id: e.movementId,
  lotId: e.lotId,
  kind,
  quantity: e.quantity,
  valueFen: BigInt(e.valueFen),
  at: new Date(e.at),
  ...refs,
});

export const factsOfReceived = (e: StockReceivedV1): GoodsFacts => ({
  lots: [{ ...lotOf(e), expiresOn: e.expiresOn }],
  movements: [movement(e, 'RECEIVED')],
  fundId: e.source.fundId,
});

export const factsOfIssued = (e: StockIssuedV1): GoodsFacts => ({
  lots: [lotOf(e)],
  movements: [
    movement(e, 'ISSUED', {
      issueKind: e.kind,
      incidentId: e.incidentId,
      shelterId: e.shelterId,
      distributionReference: e.distributionReference,
    }),
  ],
  fundId: e.source.fundId,
});

export const factsOfAdjusted = (e: StockAdjustedV1): GoodsFacts => ({
  lots: [lotOf(e)],
  movements: [movement(e, e.kind === 'RETURN' ? 'RETURNED' : 'ADJUSTED')],
  fundId: e.source.fundId,
});

export const factsOfShipped = (e: StockShippedV1): GoodsFacts => ({
  lots: [lotOf(e)],
  movements: [
    movement(e, 'SHIPPED', {
      orderKind: e.orderKind,
      orderId: e.orderId,
      toReservePointId: e.toReservePointId,
      toRegionCode: e.toRegionCode,
    }),
  ],
  fundId: e.source.fundId,
});

export function factsOfTransferred(e: StockTransferredV1): GoodsFacts {
  const order = { orderKind: 'TRANSFER', orderId: e.transferId };
  const common = { itemCode: e.itemCode, unitValueFen: e.unitValueFen };
  const value = BigInt(e.valueFen);
  return {
    lots: [
      lotOf({
        ...common,
        lotId: e.fromLotId,
        reservePointId: e.fromReservePointId,
        regionCode: e.fromRegionCode,
        source: e.source,
      }),
      madeLot(
        e.source,
        { ...common, lotId: e.toLotId, reservePointId: e.toReservePointId, regionCode: e.toRegionCode },
        { fromLotId: e.fromLotId, ...order },
      ),
    ],
    movements: [
      {
        ...NO_REFS,
        ...order,
        id: e.outMovementId,
        lotId: e.fromLotId,
        kind: 'TRANSFERRED_OUT',
        quantity: -e.quantity,
        valueFen: -value,
        toReservePointId: e.toReservePointId,
        toRegionCode: e.toRegionCode,
        at: new Date(e.at),
      },
      {
        ...NO_REFS,
        ...order,
        id: e.inMovementId,
        lotId: e.toLotId,
        kind: 'TRANSFERRED_IN',
        quantity: e.quantity,
        valueFen: value,
        at: new Date(e.at),
      },
    ],
    fundId: e.source.fundId,
  };
}

/** The id of the shortfall of a shipment: it has no journal movement of its own. */
export const shortfallId = (shipMovementId: string) => `shortfall:${shipMovementId}`;

export function factsOfArrived(e: StockArrivedV1): GoodsFacts {
  const order = { orderKind: e.orderKind, orderId: e.orderId, shipMovementId: e.shipMovementId };
  const at = new Date(e.at);
  const facts: GoodsFacts = { lots: [], movements: [], fundId: e.source.fundId };
  if (e.toLotId && e.inMovementId) {
    facts.lots.push(
      madeLot(
        e.source,
        {
          lotId: e.toLotId,
          reservePointId: e.toReservePointId,
          regionCode: e.toRegionCode,
          itemCode: e.itemCode,
          unitValueFen: e.unitValueFen,
        },
        { fromLotId: e.fromLotId, orderKind: e.orderKind, orderId: e.orderId },
      ),
    );
    facts.movements.push({
      ...NO_REFS,
      ...order,
      id: e.inMovementId,
      lotId: e.toLotId,
      kind: 'ARRIVED',
      quantity: e.receivedQuantity,
      valueFen: BigInt(e.receivedValueFen),
      at,
    });
  }
  if (e.shortfallQuantity > 0)
    facts.movements.push({
      ...NO_REFS,
      ...order,
      id: shortfallId(e.shipMovementId),
      lotId: e.fromLotId,
      kind: 'SHORTFALL',
      quantity: -e.shortfallQuantity,
      valueFen: -BigInt(e.shortfallValueFen),
      toReservePointId: e.toReservePointId,
      toRegionCode: e.toRegionCode,
      at,
    });
  return facts;
}

/** A quantity of goods and its value in fen. */
export interface GoodsAmount {
  quantity: number;
  valueFen: bigint;
}

const zero = (): GoodsAmount => ({ quantity: 0, valueFen: 0n });
const add = (a: GoodsAmount, quantity: number, valueFen: bigint) => {
  a.quantity += quantity;
  a.valueFen += valueFen;
};

/** Goods shipped and not yet arrived: no ARRIVED or SHORTFALL names the shipment. */
export function inTransit(movements: readonly GoodsMovement[]): GoodsMovement[] {
  const closed = new Set(movements.map((m) => m.shipMovementId).filter((id) => id !== null));
  return movements.filter((m) => m.kind === 'SHIPPED' && !closed.has(m.id));
}

/** Amounts grouped by a key, in the order keys first appear. */
function grouped<K>(movements: GoodsMovement[], key: (m: GoodsMovement) => K, sign = -1) {
  const groups = new Map<string, { key: K } & GoodsAmount>();
  for (const m of movements) {
    const k = key(m);
    const id = JSON.stringify(k);
    const group = groups.get(id) ?? { key: k, ...zero() };
    add(group, sign * m.quantity, BigInt(sign) * m.valueFen);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Where a set of goods went, in fen; the outcomes add up to what was received when every event is in. */
export interface GoodsOutcomes {
  received: GoodsAmount;
  /** Received, by the kind of source of the lot received (PURCHASE, DONATION, INITIAL). */
  receivedBySource: { sourceKind: GoodsSourceKind; quantity: number; valueFen: bigint }[];
  onHand: GoodsAmount;
  onHandByPoint: { reservePointId: string; regionCode: string; quantity: number; valueFen: bigint }[];
  inTransit: GoodsAmount;
  shipments: GoodsMovement[];
  dispatched: GoodsAmount;
  dispatchedByIncident: { incidentId: string | null; quantity: number; valueFen: bigint }[];
  used: GoodsAmount;
  usedByShelter: { shelterId: string | null; quantity: number; valueFen: bigint }[];
  distributed: GoodsAmount;
  distributions: {
    distributionReference: string;
    shelterId: string | null;
    quantity: number;
    valueFen: bigint;
  }[];
  writtenOff: GoodsAmount;
  lost: GoodsAmount;
  /** Goods taken off by adjustments, less goods put back by adjustments and returns (negative when more came back). */
  adjusted: GoodsAmount;
  /** received − (on hand + in transit + dispatched + used + distributed + written off + lost + adjusted), in fen. */
  differenceFen: bigint;
  balanced: boolean;
}

/**
 * The outcome of every unit of `lots` (a lot, the lots made from it, everything an allocation or a fund bought):
 * on hand per reserve point (each lot's balance over its movements, none when they take out more than came in), in
 * transit (shipments not arrived), dispatched to incidents, used at shelters, distributed to households, written
 * off, lost in transit and adjusted. They add up to what was received unless an event is missing: a movement out of
 * a lot whose receipt is not recorded, an arrival of a shipment that is not.
 */
export function goodsOutcomes(lots: readonly GoodsLot[], movements: readonly GoodsMovement[]): GoodsOutcomes {
  const byId = new Map(lots.map((l) => [l.id, l]));
  const own = movements.filter((m) => byId.has(m.lotId));
  const of = (kind: GoodsMovementKind, issueKind?: GoodsIssueKind) =>
    own.filter((m) => m.kind === kind && (issueKind === undefined || m.issueKind === issueKind));
  const total = (ms: GoodsMovement[], sign = -1) => {
    const a = zero();
    for (const m of ms) add(a, sign * m.quantity, BigInt(sign) * m.valueFen);
    return a;
  };
  const receipts = of('RECEIVED');
  // A lot whose recorded movements take out more than came in (its receipt, arrival or transfer not yet told) has
  // none on hand: what it lacks shows as the difference, so the goods balance only once every event is in.
  const balances = lots.map((lot) => {
    const balance = total(
      own.filter((m) => m.lotId === lot.id && changesBalance(m)),
      1,
    );
    return { lot, ...(balance.quantity < 0 || balance.valueFen < 0n ? zero() : balance) };
  });
  const points = new Map<string, { reservePointId: string; regionCode: string } & GoodsAmount>();
  for (const b of balances) {
    if (b.quantity === 0 && b.valueFen === 0n) continue;
    const point = points.get(b.lot.reservePointId) ?? {
      reservePointId: b.lot.reservePointId,
      regionCode: b.lot.regionCode,
      ...zero(),
    };
    add(point, b.quantity, b.valueFen);
    points.set(b.lot.reservePointId, point);
  }
  const onHand = zero();
  for (const b of balances) add(onHand, b.quantity, b.valueFen);
  const shipments = inTransit(own);
  const uses = of('ISSUED', 'USE');
  const atShelters = uses.filter((m) => m.distributionReference === null);
  const toHouseholds = uses.filter((m) => m.distributionReference !== null);
  const outcomes = {
    received: total(receipts, 1),
    receivedBySource: grouped(receipts, (m) => byId.get(m.lotId)!.sourceKind, 1).map((g) => ({
      sourceKind: g.key,
      quantity: g.quantity,
      valueFen: g.valueFen,
    })),
    onHand,
    onHandByPoint: [...points.values()],
    inTransit: total(shipments),
    shipments,
    dispatched: total(of('ISSUED', 'DISPATCH')),
    dispatchedByIncident: grouped(of('ISSUED', 'DISPATCH'), (m) => m.incidentId).map((g) => ({
      incidentId: g.key,
      quantity: g.quantity,
      valueFen: g.valueFen,
    })),
    used: total(atShelters),
    usedByShelter: grouped(atShelters, (m) => m.shelterId).map((g) => ({
      shelterId: g.key,
      quantity: g.quantity,
      valueFen: g.valueFen,
    })),
    distributed: total(toHouseholds),
    distributions: grouped(toHouseholds, (m) => [m.distributionReference!, m.shelterId] as const).map(
      (g) => ({
        distributionReference: g.key[0],
        shelterId: g.key[1],
        quantity: g.quantity,
        valueFen: g.valueFen,
      }),
    ),
    writtenOff: total(of('ISSUED', 'WRITE_OFF')),
    lost: total(of('SHORTFALL')),
    adjusted: total([...of('ADJUSTED'), ...of('RETURNED')]),
  };
  const accounted = [
    outcomes.onHand,
    outcomes.inTransit,
    outcomes.dispatched,
    outcomes.used,
    outcomes.distributed,
    outcomes.writtenOff,
    outcomes.lost,
    outcomes.adjusted,
  ].reduce((sum, a) => sum + a.valueFen, 0n);
  const differenceFen = outcomes.received.valueFen - accounted;
  return { ...outcomes, differenceFen, balanced: differenceFen === 0n };
}
