import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  StockArrived,
  StockIssued,
  StockReceived,
  StockShipped,
  type SHIPMENT_ORDER_KINDS,
} from '@emergency/contracts';
import { chinaDateOf, inJurisdiction } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import {
  eventContext,
  notFound,
  requiredUuid,
  requireJurisdiction,
  type RequestContext,
} from '@emergency/graphql';
import { Clock } from '@emergency/subgraph';
import { movementValue, nextBalance } from './stock-rules';
import type {
  IssueKind,
  MovementKind,
  StockLotEntity,
  StockMovementEntity,
  StockSourceKind,
} from './stock.entity';
import { StockErrorCode, StockException } from './stock.exception';
import { StockRepository, type PointRow } from './stock.repository';

/** The movement recorded, and its lot as it stands after it. */
export interface MovementResult {
  movement: StockMovementEntity;
  lot: StockLotEntity;
}

/** The references a movement records beyond its lot, kind and quantity. */
export type MovementRefs = Partial<
  Pick<
    StockMovementEntity,
    | 'reason'
    | 'incidentId'
    | 'shelterId'
    | 'distributionReference'
    | 'transferId'
    | 'censusId'
    | 'correctsMovementId'
    | 'returnsMovementId'
  >
>;

/** A lot to receive: where, what, how many, its value and where it came from (ADR 29). */
export interface NewLot {
  point: PointRow;
  itemCode: string;
  quantity: number;
  unitValueFen: bigint;
  receivedOn: string;
  expiresOn: string | null;
  sourceKind: Exclude<StockSourceKind, 'TRANSFER'>;
  procurementId: string | null;
  allocationId: string | null;
  contributionId: string | null;
  fundId: string | null;
}

export type ShipmentOrderKind = (typeof SHIPMENT_ORDER_KINDS)[number];

/** An order goods move under between reserve points. */
export interface ShipmentOrder {
  kind: ShipmentOrderKind;
  id: string;
}

const ITEM_CODE = /^[1-9]([0-9]{2}){3}$/;

/** The lot's source as events carry it. */
export const sourceOf = (lot: StockLotEntity) => ({
  kind: lot.sourceKind,
  procurementId: lot.procurementId,
  allocationId: lot.allocationId,
  contributionId: lot.contributionId,
  fundId: lot.fundId,
  transferId: lot.transferId,
});

/** The lot fields every stock event carries. */
export const lotFields = (lot: StockLotEntity) => ({
  lotId: lot.id,
  reservePointId: lot.reservePointId,
  regionCode: lot.regionCode,
  itemCode: lot.itemCode,
  unitValueFen: lot.unitValueFen.toString(),
  source: sourceOf(lot),
});

/** The movement fields every stock event carries. */
export const movementFields = (m: StockMovementEntity, balanceAfter: number) => ({
  movementId: m.id,
  quantity: m.quantity,
  valueFen: m.valueFen.toString(),
  balanceAfter,
  at: m.at.toISOString(),
  reason: m.reason,
});

/** A whole number of at least 1, else STOCK_INVALID_QUANTITY at `field`. */
export function positiveQuantity(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new StockException(
      StockErrorCode.InvalidQuantity,
      `${field} must be a whole number of at least 1`,
      { field },
    );
  return value;
}

/**
 * The journal's primitives (ADR 29), for every feature that moves goods: each works in the caller's transaction,
 * records its rows under the lot's row lock and, where it names one, publishes the stock event that says so, so that
 * whoever follows goods (the audit) reads one stream of stock events whatever feature moved them.
 */
@Injectable()
export class StockJournal {
  constructor(
    private readonly repository: StockRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return chinaDateOf(this.clock.now());
  }

  /** A reserve point, known, active (unless `closedToo`) and, when `own`, in the caller's jurisdiction. */
  async point(
    ctx: RequestContext,
    id: string,
    field: string,
    own = true,
    closedToo = false,
  ): Promise<PointRow> {
    const point = await this.repository.point(requiredUuid(id, field));
    if (!point) throw notFound('ReservePoint', id, field);
    if (own) requireJurisdiction(ctx, point.regionCode, field);
    if (point.status !== 'ACTIVE' && !closedToo)
      throw new StockException(StockErrorCode.ReservePointClosed, `reserve point ${id} is closed`, { field });
    return point;
  }

  /** A well-formed 7-digit catalogue code, else STOCK_ITEM_UNKNOWN. */
  itemCodeOf(code: string, field: string): string {
    if (!ITEM_CODE.test(code))
      throw new StockException(StockErrorCode.ItemUnknown, `${field} is not a 7-digit catalogue code`, {
        field,
      });
    return code;
  }

  /** A catalogue item, with its shelf life; STOCK_ITEM_UNKNOWN when there is none. */
  async item(code: string, field: string): Promise<{ code: string; shelfLifeDays: number | null }> {
    const item = await this.repository.item(this.itemCodeOf(code, field));
    if (!item) throw new StockException(StockErrorCode.ItemUnknown, `no catalogue item ${code}`, { field });
    return item;
  }

  /** The lot locked for a movement: NOT_FOUND when unknown or hidden, the caller's jurisdiction checked. */
  async lockedLot(ctx: RequestContext, manager: EntityManager, lotId: string): Promise<StockLotEntity> {
    const lot = await this.repository.lockLot(manager, lotId);
    if (!lot || !inJurisdiction(ctx.identity, lot.regionCode)) throw notFound('StockLot', lotId, 'lotId');
    requireJurisdiction(ctx, lot.regionCode, 'lotId');
    return lot;
  }

  /**
   * The one way a lot's quantity changes: under the lot's row lock, the balance after `delta` checked (never below
   * zero, else STOCK_INSUFFICIENT at `field`), the running balance updated and the journal row inserted. Publishes
   * nothing: the caller says what the movement was.
   */
  async move(
    ctx: RequestContext,
    manager: EntityManager,
    lotId: string,
    kind: MovementKind,
    delta: number,
    refs: MovementRefs,
    field: string,
    locked?: StockLotEntity,
  ): Promise<MovementResult> {
    const lot = locked ?? (await this.lockedLot(ctx, manager, lotId));
    const balance = nextBalance(lot.quantityOnHand, delta);
    if (balance === null)
      throw new StockException(
        StockErrorCode.Insufficient,
        `the lot holds ${lot.quantityOnHand}; the movement takes ${-delta}`,
        { field, onHand: lot.quantityOnHand, requested: -delta },
      );
    const row: Omit<StockMovementEntity, 'seq'> = {
      id: randomUUID(),
      lotId,
      kind,
      quantity: delta,
      valueFen: movementValue(delta, lot.unitValueFen),
      at: this.clock.now(),
      reason: refs.reason ?? null,
      incidentId: refs.incidentId ?? null,
      shelterId: refs.shelterId ?? null,
      distributionReference: refs.distributionReference ?? null,
      transferId: refs.transferId ?? null,
      censusId: refs.censusId ?? null,
      correctsMovementId: refs.correctsMovementId ?? null,
      returnsMovementId: refs.returnsMovementId ?? null,
      actor: ctx.identity.subject,
    };
    await this.repository.insertMovement(manager, row);
    await this.repository.setBalance(manager, lotId, balance);
    lot.quantityOnHand = balance;
    // Its journal position is the database's; the caller reads the movement, not its place in the journal.
    return { movement: { ...row, seq: '' }, lot };
  }

  /** Receives goods as a new lot (validated by the caller) and publishes StockReceived. */
  async receive(ctx: RequestContext, manager: EntityManager, input: NewLot): Promise<MovementResult> {
    const lot: Omit<StockLotEntity, 'createdAt'> = {
      id: randomUUID(),
      reservePointId: input.point.id,
      itemCode: input.itemCode,
      regionCode: input.point.regionCode,
      sourceKind: input.sourceKind,
      procurementId: input.procurementId,
      allocationId: input.allocationId,
      contributionId: input.contributionId,
      fundId: input.fundId,
      transferId: null,
      fromLotId: null,
      unitValueFen: input.unitValueFen,
      receivedQuantity: input.quantity,
      receivedOn: input.receivedOn,
      expiresOn: input.expiresOn,
      quantityOnHand: 0,
      nearExpiryAnnouncedAt: null,
      expiredAnnouncedAt: null,
    };
    await this.repository.insertLot(manager, lot);
    const result = await this.move(ctx, manager, lot.id, 'RECEIPT', input.quantity, {}, 'quantity');
    await this.outbox.publish(
      manager,
      StockReceived,
      lot.id,
      {
        ...lotFields(result.lot),
        ...movementFields(result.movement, result.lot.quantityOnHand),
        receivedOn: input.receivedOn,
        expiresOn: input.expiresOn,
      },
      eventContext(ctx),
    );
    return result;
  }

  /** Issues goods from a lot (DISPATCH to an incident, USE, WRITE_OFF; refs checked by the caller), publishing StockIssued. */
  async issue(
    ctx: RequestContext,
    manager: EntityManager,
    lotId: string,
    kind: IssueKind,
    quantity: number,
    refs: Pick<MovementRefs, 'incidentId' | 'shelterId' | 'distributionReference' | 'reason'>,
    field = 'quantity',
  ): Promise<MovementResult> {
    const result = await this.move(ctx, manager, lotId, kind, -quantity, refs, field);
    await this.outbox.publish(
      manager,
      StockIssued,
      lotId,
      {
        ...lotFields(result.lot),
        ...movementFields(result.movement, result.lot.quantityOnHand),
        kind,
        incidentId: refs.incidentId ?? null,
        shelterId: refs.shelterId ?? null,
        distributionReference: refs.distributionReference ?? null,
      },
      eventContext(ctx),
    );
    return result;
  }

  /**
   * Ships goods out of a lot toward another reserve point under an order (a TRANSFER_OUT naming the order as its
   * transferId) and publishes StockShipped; the goods are in transit until `arrive` names the returned movement.
   */
  async ship(
    ctx: RequestContext,
    manager: EntityManager,
    input: {
      lotId: string;
      quantity: number;
      order: ShipmentOrder;
      to: PointRow;
      reason?: string | null;
      field?: string;
    },
  ): Promise<MovementResult> {
    const lot = await this.lockedLot(ctx, manager, input.lotId);
    if (lot.reservePointId === input.to.id)
      throw new StockException(StockErrorCode.SamePoint, 'the lot is already at that reserve point', {
        field: input.field ?? 'lotId',
      });
    const refs = { transferId: input.order.id, reason: input.reason ?? null };
    const result = await this.move(
      ctx,
      manager,
      lot.id,
      'TRANSFER_OUT',
      -input.quantity,
      refs,
      input.field ?? 'quantity',
      lot,
    );
    await this.outbox.publish(
      manager,
      StockShipped,
      lot.id,
      {
        ...lotFields(result.lot),
        ...movementFields(result.movement, result.lot.quantityOnHand),
        orderKind: input.order.kind,
        orderId: input.order.id,
        toReservePointId: input.to.id,
        toRegionCode: input.to.regionCode,
      },
      eventContext(ctx),
    );
    return result;
  }

  /**
   * Receives what arrived of a shipment (`shipped`, the TRANSFER_OUT that `ship` recorded) at the point it was sent
   * to: `received` (0 to what was shipped) into a new lot keeping the first lot's source and unit value, the rest a
   * shortfall lost in transit, recorded with the arrival (one per shipment: STOCK_SHIPMENT_ALREADY_ARRIVED for a
   * second); publishes StockArrived. Returns the new lot's receipt, or null when nothing arrived.
   */
  async arrive(
    ctx: RequestContext,
    manager: EntityManager,
    input: {
      shipped: StockMovementEntity;
      order: ShipmentOrder;
      to: PointRow;
      received: number;
      receivedOn: string;
      reason?: string | null;
    },
  ): Promise<MovementResult | null> {
    const from = await this.repository.lockLot(manager, input.shipped.lotId);
    if (!from) throw notFound('StockLot', input.shipped.lotId, 'lotId');
    const shippedQuantity = -input.shipped.quantity;
    if (input.shipped.kind !== 'TRANSFER_OUT' || input.shipped.transferId !== input.order.id)
      throw notFound('shipment of the order', input.shipped.id, 'shipmentId');
    if (!Number.isInteger(input.received) || input.received < 0 || input.received > shippedQuantity)
      throw new StockException(
        StockErrorCode.InvalidQuantity,
        `received must be a whole number from 0 to the ${shippedQuantity} shipped`,
        { field: 'received' },
      );
    const reason = input.reason ?? null;
    let into: MovementResult | null = null;
    if (input.received > 0) {
      const lot: Omit<StockLotEntity, 'createdAt'> = {
        id: randomUUID(),
        reservePointId: input.to.id,
        itemCode: from.itemCode,
        regionCode: input.to.regionCode,
        sourceKind: 'TRANSFER',
        procurementId: from.procurementId,
        allocationId: from.allocationId,
        contributionId: from.contributionId,
        fundId: from.fundId,
        transferId: input.order.id,
        fromLotId: from.id,
        unitValueFen: from.unitValueFen,
        receivedQuantity: input.received,
        receivedOn: input.receivedOn,
        expiresOn: from.expiresOn,
        quantityOnHand: 0,
        nearExpiryAnnouncedAt: null,
        expiredAnnouncedAt: null,
      };
      await this.repository.insertLot(manager, lot);
      // The receiving unit books what arrived; its own jurisdiction is the caller's to check.
      into = await this.move(
        ctx,
        manager,
        lot.id,
        'TRANSFER_IN',
        input.received,
        { transferId: input.order.id, reason },
        'received',
        { ...lot, createdAt: new Date() },
      );
    }
    const shortfall = shippedQuantity - input.received;
    const arrivedAt = this.clock.now();
    const first = await this.repository.insertArrival(manager, {
      shipMovementId: input.shipped.id,
      orderId: input.order.id,
      toLotId: into?.lot.id ?? null,
      receivedQuantity: input.received,
      shortfallQuantity: shortfall,
      shortfallFen: movementValue(shortfall, from.unitValueFen),
      receivedOn: input.receivedOn,
      arrivedAt,
    });
    if (!first)
      throw new StockException(StockErrorCode.ShipmentArrived, 'the shipment has arrived already', {
        field: 'shipmentId',
      });
    await this.outbox.publish(
      manager,
      StockArrived,
      input.shipped.id,
      {
        orderKind: input.order.kind,
        orderId: input.order.id,
        fromLotId: from.id,
        shipMovementId: input.shipped.id,
        toLotId: into?.lot.id ?? null,
        inMovementId: into?.movement.id ?? null,
        toReservePointId: input.to.id,
        toRegionCode: input.to.regionCode,
        itemCode: from.itemCode,
        unitValueFen: from.unitValueFen.toString(),
        source: sourceOf(from),
        shippedQuantity,
        receivedQuantity: input.received,
        shortfallQuantity: shortfall,
        receivedValueFen: movementValue(input.received, from.unitValueFen).toString(),
        shortfallValueFen: movementValue(shortfall, from.unitValueFen).toString(),
        receivedOn: input.receivedOn,
        at: arrivedAt.toISOString(),
        reason,
      },
      eventContext(ctx),
    );
    return into;
  }
}
