import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type {
  StockAdjustedV1,
  StockArrivedV1,
  StockIssuedV1,
  StockReceivedV1,
  StockShippedV1,
  StockTransferredV1,
} from '@emergency/contracts';
import {
  factsOfAdjusted,
  factsOfArrived,
  factsOfIssued,
  factsOfReceived,
  factsOfShipped,
  factsOfTransferred,
  goodsOutcomes,
  type GoodsFacts,
  type GoodsLot,
  type GoodsOutcomes,
} from './goods-book';
import { goodsPostings, type GoodsPosting } from './goods-ledger';

const FUNDS = [randomUUID(), randomUUID()];
const POINTS = [
  { id: randomUUID(), regionCode: '421100' },
  { id: randomUUID(), regionCode: '421121' },
  { id: randomUUID(), regionCode: '421122' },
];
const TENT = '2010101';
const AT = '2026-07-08T02:00:00.000Z';

type Source = StockReceivedV1['source'];
interface SimLot {
  id: string;
  point: (typeof POINTS)[number];
  unitValueFen: bigint;
  source: Source;
  onHand: number;
}
interface SimShipment {
  movementId: string;
  from: SimLot;
  quantity: number;
  orderId: string;
  to: (typeof POINTS)[number];
}

/** The operations a journal may perform, with numbers the simulator reads modulo what exists. */
const operation = fc.oneof(
  fc.record({
    op: fc.constant('receive' as const),
    fund: fc.nat(1),
    donated: fc.boolean(),
    point: fc.nat(2),
    quantity: fc.integer({ min: 1, max: 500 }),
    unit: fc.integer({ min: 1, max: 2_000_000 }),
  }),
  fc.record({
    op: fc.constant('issue' as const),
    lot: fc.nat(),
    kind: fc.constantFrom('DISPATCH', 'USE', 'WRITE_OFF'),
    household: fc.boolean(),
    quantity: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    op: fc.constant('ship' as const),
    lot: fc.nat(),
    to: fc.nat(2),
    quantity: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({ op: fc.constant('arrive' as const), shipment: fc.nat(), received: fc.nat() }),
  fc.record({
    op: fc.constant('transfer' as const),
    lot: fc.nat(),
    to: fc.nat(2),
    quantity: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    op: fc.constant('adjust' as const),
    lot: fc.nat(),
    delta: fc.integer({ min: -50, max: 50 }),
    ret: fc.boolean(),
  }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** Plays the journal: every valid operation becomes the stock event the supplies service would publish. */
function play(operations: Operation[]): {
  facts: GoodsFacts[];
  lots: SimLot[];
  received: Map<string, bigint>;
} {
  const lots: SimLot[] = [];
  const open: SimShipment[] = [];
  const facts: GoodsFacts[] = [];
  const received = new Map<string, bigint>();
  const fields = (lot: SimLot) => ({
    lotId: lot.id,
    reservePointId: lot.point.id,
    regionCode: lot.point.regionCode,
    itemCode: TENT,
    unitValueFen: lot.unitValueFen.toString(),
    source: lot.source,
  });
  const moved = (lot: SimLot, delta: number) => {
    lot.onHand += delta;
    return {
      movementId: randomUUID(),
      quantity: delta,
      valueFen: (BigInt(delta) * lot.unitValueFen).toString(),
      balanceAfter: lot.onHand,
      at: AT,
      reason: null,
    };
  };
  for (const o of operations) {
    if (o.op === 'receive') {
      const fundId = FUNDS[o.fund]!;
      const lot: SimLot = {
        id: randomUUID(),
        point: POINTS[o.point]!,
        unitValueFen: BigInt(o.unit),
        source: o.donated
          ? {
              kind: 'DONATION',
              procurementId: null,
              allocationId: null,
              contributionId: randomUUID(),
              fundId,
              transferId: null,
            }
          : {
              kind: 'PURCHASE',
              procurementId: randomUUID(),
              allocationId: randomUUID(),
              contributionId: null,
              fundId,
              transferId: null,
            },
        onHand: 0,
      };
      lots.push(lot);
      const e: StockReceivedV1 = {
        ...fields(lot),
        ...moved(lot, o.quantity),
        receivedOn: '2026-07-08',
        expiresOn: null,
      };
      received.set(fundId, (received.get(fundId) ?? 0n) + BigInt(e.valueFen));
      facts.push(factsOfReceived(e));
      continue;
    }
    if (o.op === 'arrive') {
      if (open.length === 0) continue;
      const [s] = open.splice(o.shipment % open.length, 1);
      const got = o.received % (s!.quantity + 1);
      let toLotId: string | null = null;
      let inMovementId: string | null = null;
      if (got > 0) {
        const lot: SimLot = {
          id: randomUUID(),
          point: s!.to,
          unitValueFen: s!.from.unitValueFen,
          source: { ...s!.from.source, kind: 'TRANSFER', transferId: s!.orderId },
          onHand: 0,
        };
        lots.push(lot);
        toLotId = lot.id;
        inMovementId = moved(lot, got).movementId;
      }
      const unit = s!.from.unitValueFen;
      const e: StockArrivedV1 = {
        orderKind: 'DISPATCH',
        orderId: s!.orderId,
        fromLotId: s!.from.id,
        shipMovementId: s!.movementId,
        toLotId,
        inMovementId,
        toReservePointId: s!.to.id,
        toRegionCode: s!.to.regionCode,
        itemCode: TENT,
        unitValueFen: unit.toString(),
        source: s!.from.source,
        shippedQuantity: s!.quantity,
        receivedQuantity: got,
        shortfallQuantity: s!.quantity - got,
        receivedValueFen: (BigInt(got) * unit).toString(),
        shortfallValueFen: (BigInt(s!.quantity - got) * unit).toString(),
        receivedOn: '2026-07-09',
        at: AT,
        reason: null,
      };
      facts.push(factsOfArrived(e));
      continue;
    }
    if (lots.length === 0) continue;
    const lot = lots[o.lot % lots.length]!;
    if (o.op === 'adjust') {
      if (o.delta === 0 || lot.onHand + o.delta < 0 || (o.ret && o.delta < 0)) continue;
      const e: StockAdjustedV1 = {
        ...fields(lot),
        ...moved(lot, o.delta),
        kind: o.ret ? 'RETURN' : 'ADJUSTMENT',
        censusId: null,
        correctsMovementId: null,
        returnsMovementId: null,
      };
      facts.push(factsOfAdjusted(e));
      continue;
    }
    if (o.quantity > lot.onHand) continue;
    if (o.op === 'issue') {
      const e: StockIssuedV1 = {
        ...fields(lot),
        ...moved(lot, -o.quantity),
        kind: o.kind,
        incidentId: o.kind === 'DISPATCH' ? randomUUID() : null,
        shelterId: o.kind === 'USE' ? randomUUID() : null,
        distributionReference: o.kind === 'USE' && o.household ? 'HH-1' : null,
      };
      facts.push(factsOfIssued(e));
    } else if (o.op === 'ship') {
      const to = POINTS[o.to]!;
      if (to.id === lot.point.id) continue;
      const e: StockShippedV1 = {
        ...fields(lot),
        ...moved(lot, -o.quantity),
        orderKind: 'DISPATCH',
        orderId: randomUUID(),
        toReservePointId: to.id,
        toRegionCode: to.regionCode,
      };
      open.push({ movementId: e.movementId, from: lot, quantity: o.quantity, orderId: e.orderId, to });
      facts.push(factsOfShipped(e));
    } else {
      const to = POINTS[o.to]!;
      if (to.id === lot.point.id) continue;
      const transferId = randomUUID();
      const made: SimLot = {
        id: randomUUID(),
        point: to,
        unitValueFen: lot.unitValueFen,
        source: { ...lot.source, kind: 'TRANSFER', transferId },
        onHand: 0,
      };
      lots.push(made);
      const out = moved(lot, -o.quantity);
      const into = moved(made, o.quantity);
      const e: StockTransferredV1 = {
        transferId,
        fromLotId: lot.id,
        fromReservePointId: lot.point.id,
        fromRegionCode: lot.point.regionCode,
        toLotId: made.id,
        toReservePointId: to.id,
        toRegionCode: to.regionCode,
        itemCode: TENT,
        quantity: o.quantity,
        unitValueFen: lot.unitValueFen.toString(),
        valueFen: into.valueFen,
        outMovementId: out.movementId,
        inMovementId: into.movementId,
        source: lot.source,
        at: AT,
        reason: null,
      };
      facts.push(factsOfTransferred(e));
    }
  }
  return { facts, lots, received };
}

/** Applies facts as the projection does: each lot once, learning where it came from whenever it is told. */
function project(facts: GoodsFacts[]) {
  const lots = new Map<string, GoodsLot>();
  for (const f of facts)
    for (const lot of f.lots) {
      const known = lots.get(lot.id);
      lots.set(
        lot.id,
        known && (known.fromLotId !== null || lot.fromLotId === null)
          ? known
          : { ...(known ?? lot), fromLotId: lot.fromLotId, orderKind: lot.orderKind, orderId: lot.orderId },
      );
    }
  return { lots: [...lots.values()], movements: facts.flatMap((f) => f.movements) };
}

const outcomesOfFund = (projected: ReturnType<typeof project>, fundId: string) =>
  goodsOutcomes(
    projected.lots.filter((l) => l.fundId === fundId),
    projected.movements,
  );

const valuesOf = (o: GoodsOutcomes) =>
  [
    o.received,
    o.onHand,
    o.inTransit,
    o.dispatched,
    o.used,
    o.distributed,
    o.writtenOff,
    o.lost,
    o.adjusted,
  ].map((a) => [a.quantity, a.valueFen.toString()]);

describe('goods outcomes', () => {
  it('keep every fund’s identity, received = on hand + in transit + used + written off + lost + adjusted, for any sequence of movements in any order', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 60 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 60, maxLength: 60 }),
        (operations, keys) => {
          const { facts, lots, received } = play(operations);
          const inOrder = project(facts);
          const shuffled = project(
            facts
              .map((f, i) => ({ f, k: keys[i % keys.length]! }))
              .sort((a, b) => a.k - b.k)
              .map((x) => x.f),
          );
          for (const fundId of FUNDS) {
            const o = outcomesOfFund(inOrder, fundId);
            expect(o.differenceFen).toBe(0n);
            expect(o.balanced).toBe(true);
            expect(o.received.valueFen).toBe(received.get(fundId) ?? 0n);
            const onHand = lots
              .filter((l) => l.source.fundId === fundId)
              .reduce((sum, l) => sum + BigInt(l.onHand) * l.unitValueFen, 0n);
            expect(o.onHand.valueFen).toBe(onHand);
            expect(valuesOf(outcomesOfFund(shuffled, fundId))).toEqual(valuesOf(o));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('do not balance while a movement out of a lot is known and the lot’s receipt is not', () => {
    const lotId = randomUUID();
    const source: Source = {
      kind: 'PURCHASE',
      procurementId: randomUUID(),
      allocationId: randomUUID(),
      contributionId: null,
      fundId: FUNDS[0]!,
      transferId: null,
    };
    const issued = factsOfIssued({
      lotId,
      reservePointId: POINTS[0]!.id,
      regionCode: '421100',
      itemCode: TENT,
      unitValueFen: '100',
      source,
      movementId: randomUUID(),
      quantity: -2,
      valueFen: '-200',
      balanceAfter: 3,
      at: AT,
      reason: null,
      kind: 'USE',
      incidentId: null,
      shelterId: randomUUID(),
      distributionReference: null,
    });
    const o = goodsOutcomes(issued.lots, issued.movements);
    expect(o.balanced).toBe(false);
    expect(o.differenceFen).toBe(-200n);
    expect(o.used).toEqual({ quantity: 2, valueFen: 200n });
    expect(o.usedByShelter).toHaveLength(1);
  });
});

/** Each account's balance (debits − credits) per fund over the postings. */
function balances(postings: readonly GoodsPosting[]) {
  const funds = new Map<string, Map<string, bigint>>();
  for (const p of postings) {
    const accounts = funds.get(p.fundId) ?? new Map<string, bigint>();
    accounts.set(p.debit, (accounts.get(p.debit) ?? 0n) + p.amountFen);
    accounts.set(p.credit, (accounts.get(p.credit) ?? 0n) - p.amountFen);
    funds.set(p.fundId, accounts);
  }
  return funds;
}

/** Books events as the projection does: each movement once, by its id, whatever is delivered again. */
function booked(facts: readonly GoodsFacts[]): GoodsPosting[] {
  const seen = new Set<string>();
  const postings: GoodsPosting[] = [];
  for (const f of facts) {
    const fresh = new Set(f.movements.map((m) => m.id).filter((id) => !seen.has(id)));
    fresh.forEach((id) => seen.add(id));
    postings.push(...goodsPostings(f).filter((p) => fresh.has(p.movementId)));
  }
  return postings;
}

const sumOf = (accounts: Map<string, bigint>, match: (account: string) => boolean) =>
  [...accounts].filter(([a]) => match(a)).reduce((sum, [, v]) => sum + v, 0n);

describe('goods in the ledger', () => {
  it('post one balanced entry per movement with a value, and the accounts hold what the goods projection says, for any sequence of movements, redelivered, in any order', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 60 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.array(fc.nat(59), { maxLength: 10 }),
        (operations, keys, again) => {
          const { facts } = play(operations);
          const postings = booked(facts);
          const movements = facts.flatMap((f) => f.movements);
          expect(postings.map((p) => p.movementId)).toEqual(
            movements.filter((m) => m.valueFen !== 0n).map((m) => m.id),
          );
          for (const p of postings) {
            expect(p.amountFen > 0n).toBe(true);
            expect(p.debit).not.toBe(p.credit);
          }
          const redelivered = [...facts, ...again.filter((i) => i < facts.length).map((i) => facts[i]!)]
            .map((f, i) => ({ f, k: keys[i % keys.length]! }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.f);
          const shuffled = balances(booked(redelivered));
          const projected = project(facts);
          const inOrder = balances(postings);
          for (const fundId of FUNDS) {
            const accounts = inOrder.get(fundId) ?? new Map<string, bigint>();
            expect(Object.fromEntries(shuffled.get(fundId) ?? new Map())).toEqual(
              Object.fromEntries(accounts),
            );
            // Debits equal credits.
            expect(sumOf(accounts, () => true)).toBe(0n);
            const o = outcomesOfFund(projected, fundId);
            for (const point of POINTS) {
              const held = o.onHandByPoint.find((p) => p.reservePointId === point.id)?.valueFen ?? 0n;
              expect(accounts.get(`stock:${point.id}`) ?? 0n).toBe(held);
            }
            expect(sumOf(accounts, (a) => a.startsWith('stock:'))).toBe(o.onHand.valueFen);
            expect(sumOf(accounts, (a) => a.startsWith('transit:'))).toBe(o.inTransit.valueFen);
            for (const s of o.shipments) expect(accounts.get(`transit:${s.id}`)).toBe(-s.valueFen);
            expect(sumOf(accounts, (a) => a.startsWith('goods-received:'))).toBe(-o.received.valueFen);
            expect(sumOf(accounts, (a) => a.startsWith('dispatched'))).toBe(o.dispatched.valueFen);
            expect(sumOf(accounts, (a) => a.startsWith('used:shelter'))).toBe(o.used.valueFen);
            expect(sumOf(accounts, (a) => a.startsWith('distributed:'))).toBe(o.distributed.valueFen);
            expect(accounts.get('written-off') ?? 0n).toBe(o.writtenOff.valueFen);
            expect(accounts.get('lost') ?? 0n).toBe(o.lost.valueFen);
            expect(accounts.get('adjusted') ?? 0n).toBe(o.adjusted.valueFen);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('post goods of no fund nowhere, and a receipt from the money or the donor that paid for it', () => {
    const base = {
      reservePointId: POINTS[0]!.id,
      regionCode: '421100',
      itemCode: TENT,
      unitValueFen: '100',
      movementId: randomUUID(),
      quantity: 3,
      valueFen: '300',
      balanceAfter: 3,
      at: AT,
      reason: null,
      receivedOn: '2026-07-08',
      expiresOn: '2027-07-08',
    };
    const none = { procurementId: null, allocationId: null, contributionId: null, transferId: null };
    const initial = factsOfReceived({
      ...base,
      lotId: randomUUID(),
      source: { ...none, kind: 'INITIAL', fundId: null },
    });
    expect(initial.lots[0]!.expiresOn).toBe('2027-07-08');
    expect(goodsPostings(initial)).toEqual([]);
    const procurementId = randomUUID();
    const bought = factsOfReceived({
      ...base,
      lotId: randomUUID(),
      source: { ...none, kind: 'PURCHASE', procurementId, allocationId: randomUUID(), fundId: FUNDS[0]! },
    });
    expect(goodsPostings(bought)).toEqual([
      {
        movementId: base.movementId,
        fundId: FUNDS[0],
        debit: `stock:${POINTS[0]!.id}`,
        credit: `goods-received:procurement:${procurementId}`,
        amountFen: 300n,
      },
    ]);
    const contributionId = randomUUID();
    const given = factsOfReceived({
      ...base,
      lotId: randomUUID(),
      source: { ...none, kind: 'DONATION', contributionId, fundId: FUNDS[1]! },
    });
    expect(goodsPostings(given)[0]).toMatchObject({
      fundId: FUNDS[1],
      credit: `goods-received:contribution:${contributionId}`,
    });
  });
});
