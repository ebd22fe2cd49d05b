import { randomUUID } from 'node:crypto';
import {
  StockArrived,
  StockIssued,
  StockReceived,
  StockShipped,
  type StockIssuedV1,
  type StockReceivedV1,
} from '@emergency/contracts';
import { newEvent, toKafkaMessage, type EventContract } from '@emergency/events';
import { published, topicOf, type Audit } from './fixtures';

/** A reserve point as the stock events name it. */
export interface Point {
  id: string;
  regionCode: string;
}

export const pointIn = (regionCode: string): Point => ({ id: randomUUID(), regionCode });

export const TENT = '2010101';
export const BLANKET = '2020101';

/** A lot as the supplies service's journal keeps it, enough to play its events. */
export interface Lot {
  id: string;
  point: Point;
  itemCode: string;
  unitValueFen: bigint;
  source: StockReceivedV1['source'];
  onHand: number;
}

const fieldsOf = (lot: Lot) => ({
  lotId: lot.id,
  reservePointId: lot.point.id,
  regionCode: lot.point.regionCode,
  itemCode: lot.itemCode,
  unitValueFen: lot.unitValueFen.toString(),
  source: lot.source,
});

const movementOf = (lot: Lot, delta: number, at: string) => {
  lot.onHand += delta;
  return {
    movementId: randomUUID(),
    quantity: delta,
    valueFen: (BigInt(delta) * lot.unitValueFen).toString(),
    balanceAfter: lot.onHand,
    at,
    reason: null,
  };
};

/** Plays the supplies service receiving goods as a new lot (bought or donated); returns the lot. */
export async function received(
  sut: Audit,
  input: {
    point: Point;
    itemCode: string;
    quantity: number;
    unitValueFen: bigint;
    source: StockReceivedV1['source'];
    at: string;
  },
): Promise<Lot> {
  const lot: Lot = { id: randomUUID(), ...input, onHand: 0 };
  await published(sut, 'supplies', StockReceived, lot.id, {
    ...fieldsOf(lot),
    ...movementOf(lot, input.quantity, input.at),
    receivedOn: input.at.slice(0, 10),
    expiresOn: null,
  });
  return lot;
}

/** The StockIssued event of goods leaving `lot` (not yet published). */
export function issue(
  lot: Lot,
  input: {
    kind: StockIssuedV1['kind'];
    quantity: number;
    at: string;
    incidentId?: string;
    shelterId?: string;
    distributionReference?: string;
  },
): StockIssuedV1 {
  return {
    ...fieldsOf(lot),
    ...movementOf(lot, -input.quantity, input.at),
    kind: input.kind,
    incidentId: input.incidentId ?? null,
    shelterId: input.shelterId ?? null,
    distributionReference: input.distributionReference ?? null,
  };
}

/** A shipment played: the SHIPPED movement, its order and where it goes. */
export interface Shipment {
  movementId: string;
  orderId: string;
  from: Lot;
  to: Point;
  quantity: number;
}

/** Plays the supplies service shipping goods from `lot` to `to` under a dispatch order. */
export async function shipped(
  sut: Audit,
  lot: Lot,
  input: { to: Point; quantity: number; at: string },
): Promise<Shipment> {
  const orderId = randomUUID();
  const movement = movementOf(lot, -input.quantity, input.at);
  await published(sut, 'supplies', StockShipped, lot.id, {
    ...fieldsOf(lot),
    ...movement,
    orderKind: 'DISPATCH',
    orderId,
    toReservePointId: input.to.id,
    toRegionCode: input.to.regionCode,
  });
  return { movementId: movement.movementId, orderId, from: lot, to: input.to, quantity: input.quantity };
}

/**
 * The new lot `received` units of a shipment make at its destination, and the StockArrived event saying so (not
 * yet published: a test may publish the new lot's own events first).
 */
export function arrival(shipment: Shipment, input: { received: number; at: string }) {
  const unit = shipment.from.unitValueFen;
  const lot: Lot = {
    id: randomUUID(),
    point: shipment.to,
    itemCode: shipment.from.itemCode,
    unitValueFen: unit,
    source: { ...shipment.from.source, kind: 'TRANSFER', transferId: shipment.orderId },
    onHand: input.received,
  };
  const shortfall = shipment.quantity - input.received;
  const data = {
    orderKind: 'DISPATCH' as const,
    orderId: shipment.orderId,
    fromLotId: shipment.from.id,
    shipMovementId: shipment.movementId,
    toLotId: lot.id,
    inMovementId: randomUUID(),
    toReservePointId: shipment.to.id,
    toRegionCode: shipment.to.regionCode,
    itemCode: shipment.from.itemCode,
    unitValueFen: unit.toString(),
    source: shipment.from.source,
    shippedQuantity: shipment.quantity,
    receivedQuantity: input.received,
    shortfallQuantity: shortfall,
    receivedValueFen: (BigInt(input.received) * unit).toString(),
    shortfallValueFen: (BigInt(shortfall) * unit).toString(),
    receivedOn: input.at.slice(0, 10),
    at: input.at,
    reason: shortfall > 0 ? 'one tent lost off the truck' : null,
  };
  return { lot, data };
}

export const publishArrival = (sut: Audit, a: ReturnType<typeof arrival>) =>
  published(sut, 'supplies', StockArrived, a.data.shipMovementId, a.data);

export const publishIssue = (sut: Audit, data: StockIssuedV1) =>
  published(sut, 'supplies', StockIssued, data.lotId, data);

/** Publishes one event twice, the same id both times, as a relay may after a crash. */
export async function publishedTwice<T>(
  sut: Audit,
  contract: EventContract<T>,
  subject: string,
  data: T,
): Promise<string> {
  const event = newEvent(contract, '/emergency/supplies', subject, data, { correlationId: randomUUID() });
  const message = toKafkaMessage(event);
  await sut.producer.send({ topic: topicOf(sut, 'supplies'), acks: -1, messages: [message, message] });
  return event.id;
}

const OUTCOMES = `
  received { quantity valueFen }
  receivedBySource { sourceKind quantity valueFen }
  onHand { quantity valueFen }
  onHandByPoint { reservePointId regionCode quantity valueFen }
  inTransit { quantity valueFen }
  shipments { id quantity valueFen ageHours shippedAt toReservePointId lot { id } }
  dispatched { quantity valueFen }
  dispatchedByIncident { incidentId quantity valueFen }
  used { quantity valueFen }
  usedByShelter { shelterId quantity valueFen }
  distributed { quantity valueFen }
  distributions { distributionReference shelterId quantity valueFen }
  writtenOff { quantity valueFen }
  lost { quantity valueFen }
  adjusted { quantity valueFen }
  balanced differenceFen
  lots { id reservePointId regionCode sourceKind fromLotId orderKind orderId allocationId procurementId fundId }
`;

export interface Amount {
  quantity: number;
  valueFen: string;
}

export interface Outcomes {
  received: Amount;
  receivedBySource: ({ sourceKind: string } & Amount)[];
  onHand: Amount;
  onHandByPoint: ({ reservePointId: string; regionCode: string } & Amount)[];
  inTransit: Amount;
  shipments: ({
    id: string;
    ageHours: number;
    shippedAt: string;
    toReservePointId: string;
    lot: { id: string };
  } & Amount)[];
  dispatched: Amount;
  dispatchedByIncident: ({ incidentId: string } & Amount)[];
  used: Amount;
  usedByShelter: ({ shelterId: string } & Amount)[];
  distributed: Amount;
  distributions: ({ distributionReference: string; shelterId: string | null } & Amount)[];
  writtenOff: Amount;
  lost: Amount;
  adjusted: Amount;
  balanced: boolean;
  differenceFen: string;
  lots: { id: string; fromLotId: string | null; sourceKind: string; regionCode: string }[];
}

export const GOODS_OF_ALLOCATION = `query($id: ID!) { goodsOfAllocation(allocationId: $id) { ${OUTCOMES} } }`;
export const GOODS_OF_CONTRIBUTION = `query($id: ID!) { goodsOfContribution(contributionId: $id) { ${OUTCOMES} } }`;
export const GOODS_OF_PROCUREMENT = `query($id: ID!) { goodsOfProcurement(procurementId: $id) { ${OUTCOMES} } }`;

export interface GoodsTrace {
  lot: { id: string };
  madeFrom: { id: string }[];
  origin: { id: string; sourceKind: string };
  sourceKind: string;
  procurementId: string | null;
  allocationId: string | null;
  contributionId: string | null;
  fundId: string | null;
  movements: {
    kind: string;
    issueKind: string | null;
    quantity: number;
    valueFen: string;
    lotId: string;
    shelterId: string | null;
  }[];
  outcomes: Outcomes;
}

export const GOODS_TRACE = `query($id: ID!) {
  goodsTrace(lotId: $id) {
    lot { id } madeFrom { id } origin { id sourceKind } sourceKind procurementId allocationId contributionId fundId
    movements { kind issueKind quantity valueFen lotId shelterId }
    outcomes { ${OUTCOMES} }
  }
}`;

export const GOODS_IN_TRANSIT = `query($regionCode: String, $first: Int, $after: String) {
  goodsInTransit(regionCode: $regionCode, first: $first, after: $after) {
    edges { cursor node { id quantity valueFen ageHours shippedAt toRegionCode lot { id regionCode } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface InTransitPage {
  goodsInTransit: {
    edges: {
      cursor: string;
      node: {
        id: string;
        quantity: number;
        valueFen: string;
        ageHours: number;
        shippedAt: string;
        toRegionCode: string;
        lot: { id: string };
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export interface GoodsTotals {
  fundId: string;
  receivedFen: string;
  purchasedFen: string;
  donatedFen: string;
  usedFen: string;
  writtenOffFen: string;
  lostFen: string;
  onHandFen: string;
  inTransitFen: string;
  adjustedFen: string;
  balanced: boolean;
  differenceFen: string;
}

export const GOODS_TOTALS = `query($id: ID!) {
  goodsTotals(fundId: $id) {
    fundId receivedFen purchasedFen donatedFen usedFen writtenOffFen lostFen onHandFen inTransitFen adjustedFen
    balanced differenceFen
  }
}`;

/** Every outcome's value, which add up to what was received. */
export const outcomeValues = (o: Outcomes) =>
  [o.onHand, o.inTransit, o.dispatched, o.used, o.distributed, o.writtenOff, o.lost, o.adjusted].reduce(
    (sum, a) => sum + BigInt(a.valueFen),
    0n,
  );
