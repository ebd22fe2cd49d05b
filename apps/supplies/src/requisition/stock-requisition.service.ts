import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  RequisitionRepaidInKind,
  RequisitionRepaidInMoney,
  STOCK_REQUISITION_STATUSES,
  StockRequisitioned,
} from '@emergency/contracts';
import { inJurisdiction, regionCovers, visibleRegionPrefix } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  notFound,
  oneOf,
  optionalText,
  optionalUuid,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock, write } from '@emergency/subgraph';
import { AllocationService, KNOWN_ALLOCATIONS } from '../allocation/allocation.service';
import { paymentsOf } from '../procurement/procurement-rules';
import { ReservePointEntity } from '../reserve/reserve-point.entity';
import { positiveQuantity, StockJournal, type ShipmentOrder } from '../stock/stock-journal';
import type { PointRow } from '../stock/stock.repository';
import { disbursedMoney, outstandingOf, statusOf, strictlyBelow } from './requisition-rules';
import {
  StockRequisitionOwnerEntity,
  StockRequisitionRepaymentEntity,
  StockRequisitionEntity,
  type RequisitionLine,
  type StockRequisitionStatus,
} from './requisition.entity';
import { RequisitionErrorCode, RequisitionException } from './requisition.exception';
import { RequisitionRepository } from './requisition.repository';

export interface RequisitionStockInput {
  toReservePointId: string;
  incidentId?: string | null;
  documentNumber: string;
  reason: string;
  lines: { lotId: string; quantity: number }[];
}

export interface RepayInKindInput {
  requisitionId: string;
  lines: { lotId: string; quantity: number; toReservePointId: string }[];
}

export interface RepayInMoneyInput {
  requisitionId: string;
  fromReservePointId: string;
  /** Parsed by the Money scalar. */
  payments: { allocationId: string; amountFen: bigint }[];
  note?: string | null;
}

export interface StockRequisitionFilter {
  regionCode?: string | null;
  status?: string | null;
  incidentId?: string | null;
  outstanding?: boolean | null;
}

const REQUISITIONS = loaderKey<StockRequisitionEntity>('StockRequisition');
const OWNERS = loaderKey<StockRequisitionOwnerEntity[]>('StockRequisition.owners');
const REPAYMENTS = loaderKey<StockRequisitionRepaymentEntity[]>('StockRequisition.repayments');
const recordedKey = (r: StockRequisitionEntity) => timeKeyOf(r.recordedAt, r.id);

/** The stated payments of a repayment or compensation: each allocation once, each amount positive. */
export function statedPayments(payments: readonly { allocationId: string; amountFen: bigint }[]) {
  const stated = payments.map((p, i) => ({
    allocationId: requiredUuid(p.allocationId, `payments.${i}.allocationId`),
    amountFen: p.amountFen,
  }));
  const total = stated.reduce((sum, p) => sum + p.amountFen, 0n);
  return { payments: paymentsOf(total, undefined, stated), total };
}

/**
 * Stock a higher level requisitions from lower-level reserve points (征用, ERL art. 12; DOMAIN_FACTS 2.3: "in major
 * disasters may directly requisition lower-level stocks, repaying in kind or cash"): the goods move under the
 * requisition through the journal, and the requisition owes each owner the value of what it took, until repaid.
 */
@Injectable()
export class StockRequisitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RequisitionRepository,
    private readonly journal: StockJournal,
    private readonly allocations: AllocationService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** Whether the caller sees a requisition: the requisitioner's region or an owner's lies in its jurisdiction. */
  private async visible(ctx: RequestContext, r: StockRequisitionEntity): Promise<boolean> {
    if (inJurisdiction(ctx.identity, r.regionCode)) return true;
    return (await this.ownersOf(ctx, r.id)).some((o) => inJurisdiction(ctx.identity, o.regionCode));
  }

  async byId(ctx: RequestContext, id: string): Promise<StockRequisitionEntity | null> {
    const r = await loadById(
      ctx,
      REQUISITIONS,
      (ids) => this.repository.stockByIds(ids),
      requiredUuid(id, 'id'),
    );
    return r && (await this.visible(ctx, r)) ? r : null;
  }

  async list(ctx: RequestContext, filter: StockRequisitionFilter | null | undefined, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity, filter?.regionCode);
    if (prefix === null) return toConnection([], page, recordedKey);
    const rows = await this.repository.stockList(
      {
        prefix,
        status: filter?.status ? oneOf(STOCK_REQUISITION_STATUSES, filter.status, 'filter.status') : null,
        incidentId: optionalUuid(filter?.incidentId, 'filter.incidentId'),
        outstanding: filter?.outstanding,
      },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, recordedKey);
  }

  ownersOf(ctx: RequestContext, id: string): Promise<StockRequisitionOwnerEntity[]> {
    return loadGroup(
      ctx,
      OWNERS,
      (ids) => this.repository.ownersOf(ids),
      (o) => o.requisitionId,
      id,
    );
  }

  repaymentsOf(ctx: RequestContext, id: string): Promise<StockRequisitionRepaymentEntity[]> {
    return loadGroup(
      ctx,
      REPAYMENTS,
      (ids) => this.repository.repaymentsOf(ids),
      (p) => p.requisitionId,
      id,
    );
  }

  async requisition(ctx: RequestContext, input: RequisitionStockInput): Promise<StockRequisitionEntity> {
    requireWriter(ctx);
    const documentNumber = requiredText(input.documentNumber, 'documentNumber', 100);
    const reason = requiredText(input.reason, 'reason', 500);
    const incidentId = optionalUuid(input.incidentId, 'incidentId') ?? null;
    if (input.lines.length === 0) throw badInput('a requisition takes at least one lot', 'lines');
    const lines = input.lines.map((l, i) => ({
      lotId: requiredUuid(l.lotId, `lines.${i}.lotId`),
      quantity: positiveQuantity(l.quantity, `lines.${i}.quantity`),
    }));
    if (new Set(lines.map((l) => l.lotId)).size !== lines.length)
      throw badInput('a lot is named once', 'lines');
    const to = await this.journal.point(ctx, input.toReservePointId, 'toReservePointId');

    const change = async (manager: EntityManager) => {
      const points = manager.getRepository(ReservePointEntity);
      const requisitioner = await points.findOneByOrFail({ id: to.id });
      const id = randomUUID();
      const order: ShipmentOrder = { kind: 'REQUISITION', id };
      const moved: RequisitionLine[] = [];
      const owners: StockRequisitionOwnerEntity[] = [];
      for (const [i, line] of lines.entries()) {
        const lot = await this.journal.lockedLot(ctx, manager, line.lotId);
        if (!strictlyBelow(to.regionCode, lot.regionCode)) {
          throw new RequisitionException(
            RequisitionErrorCode.NotFromLowerLevel,
            `lot ${lot.id} lies in region ${lot.regionCode}, not below the requisitioning point's region ${to.regionCode}`,
            { field: `lines.${i}.lotId`, regionCode: lot.regionCode },
          );
        }
        const into = await this.move(ctx, manager, order, lot.id, line.quantity, to, reason, `lines.${i}`);
        moved.push(into);
        let owner = owners.find((o) => o.reservePointId === lot.reservePointId);
        if (!owner) {
          const point = await points.findOneByOrFail({ id: lot.reservePointId });
          owner = {
            requisitionId: id,
            reservePointId: point.id,
            ownerOrganisationId: point.ownerOrganisationId,
            regionCode: point.regionCode,
            position: owners.length,
            owedFen: 0n,
            repaidInKindFen: 0n,
            repaidInMoneyFen: 0n,
          };
          owners.push(owner);
        }
        owner.owedFen += BigInt(into.valueFen);
      }
      const totalFen = owners.reduce((sum, o) => sum + o.owedFen, 0n);
      const requisition = await manager.getRepository(StockRequisitionEntity).save(
        manager.create(StockRequisitionEntity, {
          id,
          toReservePointId: to.id,
          regionCode: to.regionCode,
          requisitionerOrganisationId: requisitioner.ownerOrganisationId,
          incidentId,
          documentNumber,
          reason,
          status: statusOf(owners),
          totalFen,
          lines: moved,
          actor: ctx.identity.subject,
        }),
      );
      await manager.getRepository(StockRequisitionOwnerEntity).insert(owners);
      await this.outbox.publish(
        manager,
        StockRequisitioned,
        id,
        {
          requisitionId: id,
          toReservePointId: to.id,
          regionCode: to.regionCode,
          requisitionerOrganisationId: requisitioner.ownerOrganisationId,
          incidentId,
          documentNumber,
          reason,
          lines: moved,
          owed: owners.map((o) => ({
            reservePointId: o.reservePointId,
            ownerOrganisationId: o.ownerOrganisationId,
            regionCode: o.regionCode,
            owedFen: o.owedFen.toString(),
          })),
          totalFen: totalFen.toString(),
        },
        eventContext(ctx),
      );
      return requisition;
    };
    return write(ctx, this.dataSource, change, { forgets: [REQUISITIONS, OWNERS] });
  }

  /** Ships `quantity` of a lot to `to` under `order` and receives all of it there, in the caller's transaction. */
  private async move(
    ctx: RequestContext,
    manager: EntityManager,
    order: ShipmentOrder,
    lotId: string,
    quantity: number,
    to: PointRow,
    reason: string | null,
    field: string,
  ): Promise<RequisitionLine> {
    const shipped = await this.journal.ship(ctx, manager, {
      lotId,
      quantity,
      order,
      to,
      reason,
      field: `${field}.quantity`,
    });
    const arrived = await this.journal.arrive(ctx, manager, {
      shipped: shipped.movement,
      order,
      to,
      received: quantity,
      receivedOn: this.journal.today(),
      reason,
    });
    return {
      lotId,
      fromReservePointId: shipped.lot.reservePointId,
      toLotId: arrived!.lot.id,
      itemCode: shipped.lot.itemCode,
      quantity,
      valueFen: (shipped.lot.unitValueFen * BigInt(quantity)).toString(),
    };
  }

  /** The requisition locked for a repayment, the caller acting in the requisitioner's jurisdiction. */
  private async lockForRepayment(ctx: RequestContext, manager: EntityManager, id: string) {
    const requisition = await this.repository.lockStock(manager, id);
    if (!requisition || !inJurisdiction(ctx.identity, requisition.regionCode))
      throw notFound('StockRequisition', id, 'requisitionId');
    requireJurisdiction(ctx, requisition.regionCode, 'requisitionId');
    const owners = await this.repository.ownersOf([id], manager);
    return { requisition, owners };
  }

  /** The owner a repayment goes to; REQUISITION_NOT_OWED when nothing was taken from that point. */
  private ownerAt(owners: StockRequisitionOwnerEntity[], reservePointId: string, field: string) {
    const owner = owners.find((o) => o.reservePointId === reservePointId);
    if (!owner)
      throw new RequisitionException(
        RequisitionErrorCode.NotOwed,
        `the requisition took nothing from reserve point ${reservePointId}`,
        { field },
      );
    return owner;
  }

  private exceeds(owner: StockRequisitionOwnerEntity, requested: bigint, field: string): void {
    const outstanding = outstandingOf(owner);
    if (requested > outstanding)
      throw new RequisitionException(
        RequisitionErrorCode.RepaymentExceedsOwed,
        `the requisition still owes reserve point ${owner.reservePointId} ${outstanding} fen; the repayment is worth ${requested} fen`,
        { field, outstandingFen: outstanding.toString(), requestedFen: requested.toString() },
      );
  }

  private async saveRepayment(
    manager: EntityManager,
    requisition: StockRequisitionEntity,
    owners: StockRequisitionOwnerEntity[],
    changed: StockRequisitionOwnerEntity[],
  ): Promise<StockRequisitionStatus> {
    for (const owner of changed) {
      await manager
        .getRepository(StockRequisitionOwnerEntity)
        .update(
          { requisitionId: owner.requisitionId, reservePointId: owner.reservePointId },
          { repaidInKindFen: owner.repaidInKindFen, repaidInMoneyFen: owner.repaidInMoneyFen },
        );
    }
    const status = statusOf(owners);
    await manager.getRepository(StockRequisitionEntity).update({ id: requisition.id }, { status });
    return status;
  }

  async repayInKind(ctx: RequestContext, input: RepayInKindInput): Promise<StockRequisitionEntity> {
    requireWriter(ctx);
    const requisitionId = requiredUuid(input.requisitionId, 'requisitionId');
    if (input.lines.length === 0) throw badInput('a repayment gives back at least one lot', 'lines');
    const lines = input.lines.map((l, i) => ({
      lotId: requiredUuid(l.lotId, `lines.${i}.lotId`),
      quantity: positiveQuantity(l.quantity, `lines.${i}.quantity`),
      toReservePointId: requiredUuid(l.toReservePointId, `lines.${i}.toReservePointId`),
    }));
    const change = async (manager: EntityManager) => {
      const { requisition, owners } = await this.lockForRepayment(ctx, manager, requisitionId);
      const byOwner = new Map<StockRequisitionOwnerEntity, RequisitionLine[]>();
      for (const [i, line] of lines.entries()) {
        const owner = this.ownerAt(owners, line.toReservePointId, `lines.${i}.toReservePointId`);
        const lot = await this.journal.lockedLot(ctx, manager, line.lotId);
        if (!regionCovers(requisition.regionCode, lot.regionCode))
          throw new RequisitionException(
            RequisitionErrorCode.LotNotRequisitioners,
            `lot ${lot.id} lies in region ${lot.regionCode}, outside the requisitioner's region ${requisition.regionCode}`,
            { field: `lines.${i}.lotId` },
          );
        const taken = requisition.lines.some(
          (t) => t.fromReservePointId === owner.reservePointId && t.itemCode === lot.itemCode,
        );
        if (!taken)
          throw new RequisitionException(
            RequisitionErrorCode.ItemNotTaken,
            `the requisition took no ${lot.itemCode} from reserve point ${owner.reservePointId}`,
            { field: `lines.${i}.lotId`, itemCode: lot.itemCode },
          );
        const value = lot.unitValueFen * BigInt(line.quantity);
        this.exceeds(owner, value, `lines.${i}.quantity`);
        owner.repaidInKindFen += value;
        const to = await this.journal.point(ctx, owner.reservePointId, `lines.${i}.toReservePointId`, false);
        const order: ShipmentOrder = { kind: 'REPAYMENT', id: randomUUID() };
        const moved = await this.move(
          ctx,
          manager,
          order,
          lot.id,
          line.quantity,
          to,
          requisition.reason,
          `lines.${i}`,
        );
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), moved]);
      }
      const status = await this.saveRepayment(manager, requisition, owners, [...byOwner.keys()]);
      for (const [owner, moved] of byOwner) {
        const repayment = await manager.getRepository(StockRequisitionRepaymentEntity).save(
          manager.create(StockRequisitionRepaymentEntity, {
            id: randomUUID(),
            requisitionId,
            reservePointId: owner.reservePointId,
            kind: 'IN_KIND',
            amountFen: moved.reduce((sum, l) => sum + BigInt(l.valueFen), 0n),
            lines: moved,
            note: null,
            actor: ctx.identity.subject,
          }),
        );
        await this.outbox.publish(
          manager,
          RequisitionRepaidInKind,
          requisitionId,
          {
            repaymentId: repayment.id,
            requisitionId,
            toReservePointId: owner.reservePointId,
            ownerOrganisationId: owner.ownerOrganisationId,
            lines: moved,
            amountFen: repayment.amountFen.toString(),
            outstandingFen: outstandingOf(owner).toString(),
            status,
          },
          eventContext(ctx),
        );
      }
      return requisitionId;
    };
    const id = await write(ctx, this.dataSource, change, { forgets: [REQUISITIONS, OWNERS, REPAYMENTS] });
    return (await this.repository.stockByIds([id]))[0];
  }

  async repayInMoney(ctx: RequestContext, input: RepayInMoneyInput): Promise<StockRequisitionEntity> {
    requireWriter(ctx);
    const requisitionId = requiredUuid(input.requisitionId, 'requisitionId');
    const fromReservePointId = requiredUuid(input.fromReservePointId, 'fromReservePointId');
    const note = optionalText(input.note, 'note', 500);
    const { payments, total } = statedPayments(input.payments);
    if (total <= 0n)
      throw new RequisitionException(CommonErrorCode.InvalidAmount, 'the payments add up to nothing', {
        field: 'payments',
      });
    const change = async (manager: EntityManager) => {
      const { requisition, owners } = await this.lockForRepayment(ctx, manager, requisitionId);
      const owner = this.ownerAt(owners, fromReservePointId, 'fromReservePointId');
      this.exceeds(owner, total, 'payments');
      const { payer, allocations, drawn } = await this.allocations.spend(ctx, manager, payments, 'payments');
      if (payer !== requisition.requisitionerOrganisationId)
        throw new RequisitionException(
          RequisitionErrorCode.PayerNotRequisitioner,
          `the allocations were made to organisation ${payer}, not to the requisitioner`,
          { field: 'payments', recipientOrganisationId: payer },
        );
      owner.repaidInMoneyFen += total;
      const status = await this.saveRepayment(manager, requisition, owners, [owner]);
      const stated = payments.map((p) => ({
        allocationId: p.allocationId,
        amountFen: p.amountFen.toString(),
      }));
      const repayment = await manager.getRepository(StockRequisitionRepaymentEntity).save(
        manager.create(StockRequisitionRepaymentEntity, {
          id: randomUUID(),
          requisitionId,
          reservePointId: owner.reservePointId,
          kind: 'IN_MONEY',
          amountFen: total,
          lines: stated,
          note,
          actor: ctx.identity.subject,
        }),
      );
      await this.outbox.publish(
        manager,
        RequisitionRepaidInMoney,
        allocations[0].fundId,
        {
          repaymentId: repayment.id,
          requisitionId,
          fromReservePointId: owner.reservePointId,
          ownerOrganisationId: owner.ownerOrganisationId,
          payments: stated,
          outstandingFen: outstandingOf(owner).toString(),
          status,
          money: disbursedMoney({
            flowId: repayment.id,
            fundId: allocations[0].fundId,
            incidentId: allocations[0].incidentId,
            payerOrganisationId: payer,
            payee: { organisationId: owner.ownerOrganisationId, name: null },
            drawn,
            description: `Requisition ${requisition.documentNumber} repaid in money${note ? ` (${note})` : ''}`,
            at: this.clock.now(),
          }),
        },
        eventContext(ctx),
      );
      return requisitionId;
    };
    const id = await write(ctx, this.dataSource, change, {
      forgets: [
        REQUISITIONS,
        OWNERS,
        REPAYMENTS,
        { key: KNOWN_ALLOCATIONS, ids: payments.map((p) => p.allocationId) },
      ],
    });
    return (await this.repository.stockByIds([id]))[0];
  }
}
