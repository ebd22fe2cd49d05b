import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole } from '@emergency/auth';
import {
  ProcurementDeliveryAccepted,
  ProcurementInvoiceRecorded,
  ProcurementRecorded,
  ProcurementRefunded,
  type MoneyBlock,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  CommonErrorCode,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  loadPage,
  badInput,
  optionalText,
  optionalUuid,
  pastOrToday,
  requiredCalendarDate,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type Connection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import {
  byAllocation,
  CURRENCY,
  jurisdictionPrefix,
  mergeByContribution,
  type Origin,
  totalFen,
} from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { AllocationService, KNOWN_ALLOCATIONS } from '../allocation/allocation.service';
import { StockJournal } from '../stock/stock-journal';
import { expiryOf } from '../stock/stock-rules';
import type { StockLotEntity } from '../stock/stock.entity';
import type { PointRow } from '../stock/stock.repository';
import { noWhereabouts, whereaboutsOf, type GoodsWhereabouts } from './goods-whereabouts';
import { balanceOf } from '../allocation/allocation-rules';
import { giveBack, paymentsOf, purchaseAmount, type PaidOrigin } from './procurement-rules';
import type {
  ProcurementEntity,
  ProcurementInvoiceEntity,
  ProcurementPaymentEntity,
  ProcurementPaymentOriginEntity,
  ProcurementRefundEntity,
  ProcurementRefundOriginEntity,
} from './procurement.entity';
import { ProcurementErrorCode, ProcurementException } from './procurement.exception';
import { ProcurementRepository, type PaidProcurement, type ProcurementQuery } from './procurement.repository';

export interface RecordProcurementInput {
  /** The one allocation that pays; absent when `payments` splits it. */
  allocationId?: string | null;
  /** The split stated by the payer: how much each allocation pays. */
  payments?: { allocationId: string; amountFen: bigint }[] | null;
  supplierName: string;
  itemDescription: string;
  quantity: number;
  /** Parsed by the Money scalar. */
  unitPriceFen: bigint;
  /** The catalogue item bought, when named. */
  itemCode?: string | null;
}

export interface RecordProcurementInvoiceInput {
  procurementId: string;
  number: string;
  issuedOn: string;
  amountFen: bigint;
}

export interface RefundProcurementInput {
  procurementId: string;
  amountFen: bigint;
  reason: string;
}

export interface CancelProcurementInput {
  procurementId: string;
  reason: string;
}

export interface AcceptProcurementDeliveryInput {
  procurementId: string;
  acceptedOn: string;
  receivedQuantity: number;
  note?: string | null;
  /** Where the goods received go into stock, as a PURCHASE lot; none when absent. */
  reservePointId?: string | null;
  /** The lot's expiry; by default the accepted day plus the item's shelf life. */
  expiresOn?: string | null;
}

/** Per procurement: what was bought, received into stock and where those goods went. */
export interface ProcurementGoodsView {
  procurement: ProcurementEntity;
  whereabouts: GoodsWhereabouts;
}

export interface ProcurementFilter {
  allocationId?: string | null;
  fundId?: string | null;
  incidentId?: string | null;
}

/** A payment as `Procurement.payments` shows it: with the contributions it drew on. */
export interface PaymentView extends ProcurementPaymentEntity {
  origins: ProcurementPaymentOriginEntity[];
}

/** A refund as `Procurement.refunds` shows it: with what it gave back to which allocation. */
export interface RefundView extends ProcurementRefundEntity {
  givenBack: ProcurementRefundOriginEntity[];
}

const PROCUREMENTS = loaderKey<ProcurementEntity>('Procurement');
const PROCUREMENTS_OF_ALLOCATION = loaderKey<PaidProcurement[]>('FundAllocation.procurements');
const PAYMENTS = loaderKey<ProcurementPaymentEntity[]>('Procurement.payments');
const PAYMENT_ORIGINS = loaderKey<ProcurementPaymentOriginEntity[]>('Procurement.payments.origins');
const REFUNDS = loaderKey<ProcurementRefundEntity[]>('Procurement.refunds');
const REFUND_ORIGINS = loaderKey<ProcurementRefundOriginEntity[]>('ProcurementRefund.givenBack');
const INVOICES = loaderKey<ProcurementInvoiceEntity[]>('Procurement.invoices');
const STOCK_LOTS = loaderKey<StockLotEntity[]>('Procurement.stockLots');

const recordedKey = (p: ProcurementEntity) => timeKeyOf(p.recordedAt, p.id);

/** What a procurement has paid net of refunds. */
export const netPaidFen = (p: Pick<ProcurementEntity, 'amountFen' | 'refundedFen'>) =>
  p.amountFen - p.refundedFen;

/** Money sources, one per allocation, from origins grouped by allocation. */
const moneySources = (origins: readonly PaidOrigin[]) =>
  byAllocation(origins).map((s) => ({
    flowId: s.allocationId,
    amountFen: s.amountFen.toString(),
    origins: s.origins.map(fenText),
  }));

const fenText = (o: Origin) => ({ contributionId: o.contributionId, amountFen: o.amountFen.toString() });

@Injectable()
export class ProcurementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProcurementRepository,
    private readonly allocations: AllocationService,
    private readonly outbox: Outbox,
    private readonly journal: StockJournal,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<ProcurementEntity | null> {
    const procurement = await loadById(ctx, PROCUREMENTS, (ids) => this.repository.findByIds(ids), id);
    if (!procurement) return null;
    return (await this.allocations.maySee(ctx, procurement.incidentId, procurement.payerOrganisationId))
      ? procurement
      : null;
  }

  async list(ctx: RequestContext, filter: ProcurementFilter, args: PageArgs) {
    const page = readPage(args);
    const allocationId = optionalUuid(filter.allocationId, 'filter.allocationId');
    const query: ProcurementQuery = {
      allocationIds: allocationId ? [allocationId] : undefined,
      fundId: optionalUuid(filter.fundId, 'filter.fundId'),
      incidentId: optionalUuid(filter.incidentId, 'filter.incidentId'),
      regionPrefix: jurisdictionPrefix(ctx.identity),
    };
    const { identity } = ctx;
    if (!hasRole(identity, 'admin', 'auditor') && identity.organisationId) {
      query.payerOrganisationId = identity.organisationId;
    }
    const rows = await this.repository.list(query, page, readTimeKey(page));
    return toConnection(rows, page, recordedKey);
  }

  /** How much of an allocation is known, spent, returned and left; null when unknown here or not the caller's. */
  async balance(ctx: RequestContext, allocationId: string) {
    const allocation = await this.allocations.visible(ctx, allocationId);
    return allocation ? balanceOf(allocation) : null;
  }

  /** What has been spent from an allocation net of refunds; 0 when unknown or not visible. */
  async spentFrom(ctx: RequestContext, allocationId: string): Promise<bigint> {
    return (await this.allocations.visible(ctx, allocationId))?.spentFen ?? 0n;
  }

  /** What an allocation (as the incidents subgraph's entity) has paid for; empty when unknown or not visible. */
  async ofAllocation(ctx: RequestContext, allocationId: string, args: PageArgs) {
    const page = readPage(args);
    const allocation = await this.allocations.visible(ctx, allocationId);
    if (!allocation) return toConnection([], page, recordedKey);
    const rows = await loadPage(ctx, PROCUREMENTS_OF_ALLOCATION, page, allocation.id, {
      firstPages: (allocationIds, limit) => this.repository.newestOfAllocations(allocationIds, limit),
      isOf: (row, parentId) => row.allocationIds.includes(parentId),
      nextPage: async () =>
        (await this.repository.list({ allocationIds: [allocation.id] }, page, readTimeKey(page))).map(
          (procurement) => ({ procurement, allocationIds: [allocation.id] }),
        ),
    });
    return toConnection(
      rows.map((r) => r.procurement),
      page,
      recordedKey,
    );
  }

  /** The payments of a procurement in the order stated, each with the contributions it drew on. */
  async paymentsOf(ctx: RequestContext, procurementId: string): Promise<PaymentView[]> {
    const [payments, origins] = await Promise.all([
      loadGroup(
        ctx,
        PAYMENTS,
        (ids) => this.repository.paymentsOf(ids),
        (p) => p.procurementId,
        procurementId,
      ),
      loadGroup(
        ctx,
        PAYMENT_ORIGINS,
        (ids) => this.repository.originsOf(ids),
        (o) => o.procurementId,
        procurementId,
      ),
    ]);
    return payments.map((p) => ({ ...p, origins: origins.filter((o) => o.allocationId === p.allocationId) }));
  }

  /** The refunds of a procurement, oldest first, each with what it gave back. */
  async refundsOf(ctx: RequestContext, procurementId: string): Promise<RefundView[]> {
    const refunds = await loadGroup(
      ctx,
      REFUNDS,
      (ids) => this.repository.refundsOf(ids),
      (r) => r.procurementId,
      procurementId,
    );
    return Promise.all(
      refunds.map(async (r) => ({
        ...r,
        givenBack: await loadGroup(
          ctx,
          REFUND_ORIGINS,
          (ids) => this.repository.refundOriginsOf(ids),
          (o) => o.refundId,
          r.id,
        ),
      })),
    );
  }

  /** The invoices of a procurement, by date. */
  invoicesOf(ctx: RequestContext, procurementId: string): Promise<ProcurementInvoiceEntity[]> {
    return loadGroup(
      ctx,
      INVOICES,
      (ids) => this.repository.invoicesOf(ids),
      (i) => i.procurementId,
      procurementId,
    );
  }

  async record(ctx: RequestContext, input: RecordProcurementInput): Promise<ProcurementEntity> {
    requireWriter(ctx);
    const allocationId = optionalUuid(input.allocationId, 'allocationId');
    const supplierName = requiredText(input.supplierName, 'supplierName', 200);
    const itemDescription = requiredText(input.itemDescription, 'itemDescription', 500);
    const amountFen = purchaseAmount(input.quantity, input.unitPriceFen);
    const stated = input.payments?.map((p, i) => ({
      allocationId: requiredUuid(p.allocationId, `payments.${i}.allocationId`),
      amountFen: p.amountFen,
    }));
    const payments = paymentsOf(amountFen, allocationId, stated);
    const field = stated ? 'payments' : 'allocationId';
    const itemCode = input.itemCode ? (await this.journal.item(input.itemCode, 'itemCode')).code : null;

    const change = async (manager: EntityManager) => {
      const { payer, allocations, drawn } = await this.allocations.spend(ctx, manager, payments, field);
      const first = allocations[0];
      const single = payments.length === 1 ? first.id : null;
      const created = await this.repository.insert(
        manager,
        {
          id: randomUUID(),
          allocationId: single,
          fundId: first.fundId,
          incidentId: first.incidentId,
          payerOrganisationId: payer,
          supplierName,
          itemDescription,
          quantity: input.quantity,
          itemCode,
          unitPriceFen: input.unitPriceFen,
          amountFen,
        },
        drawn,
      );
      await this.outbox.publish(
        manager,
        ProcurementRecorded,
        created.fundId,
        {
          procurementId: created.id,
          itemDescription,
          quantity: input.quantity,
          unitPriceFen: input.unitPriceFen.toString(),
          payments: payments.map((p) => ({
            allocationId: p.allocationId,
            amountFen: p.amountFen.toString(),
          })),
          money: this.money(created, {
            flowId: created.id,
            stage: 'DISBURSED',
            reverses: null,
            amountFen,
            sources: moneySources(drawn.flatMap((d) => d.origins)),
            description: `${input.quantity} × ${itemDescription}`,
          }),
        },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: KNOWN_ALLOCATIONS, ids: payments.map((p) => p.allocationId) }],
    });
  }

  /** A refund of part of what a procurement paid: given back to its allocations, last paid first. */
  refund(ctx: RequestContext, input: RefundProcurementInput): Promise<ProcurementEntity> {
    if (input.amountFen <= 0n) {
      throw new ProcurementException(
        CommonErrorCode.InvalidAmount,
        `amountFen must be greater than zero (got ${input.amountFen})`,
        { field: 'amountFen' },
      );
    }
    return this.giveBackOf(ctx, input.procurementId, input.reason, input.amountFen);
  }

  /** Cancels a procurement: everything it still pays is given back to its allocations. */
  cancel(ctx: RequestContext, input: CancelProcurementInput): Promise<ProcurementEntity> {
    return this.giveBackOf(ctx, input.procurementId, input.reason, null);
  }

  /** Gives back `amountFen` (everything still paid when null, a cancellation) of a procurement to its allocations. */
  private async giveBackOf(
    ctx: RequestContext,
    procurementIdArg: string,
    reasonArg: string,
    amountFen: bigint | null,
  ): Promise<ProcurementEntity> {
    requireWriter(ctx);
    const procurementId = requiredUuid(procurementIdArg, 'procurementId');
    const reason = requiredText(reasonArg, 'reason', 500);
    const change = async (manager: EntityManager) => {
      const procurement = await this.lockForChange(ctx, manager, procurementId);
      requireOpen(procurement);
      const net = netPaidFen(procurement);
      const refunded = amountFen ?? net;
      if (refunded > net) {
        throw new ProcurementException(
          CommonErrorCode.RefundExceedsPaid,
          `procurement ${procurement.id} has paid ${net} fen net of refunds; the refund is ${refunded} fen`,
          { field: 'amountFen', paidFen: net.toString(), requestedFen: refunded.toString() },
        );
      }
      const parts = giveBack(await this.repository.paidOrigins(manager, procurement.id), refunded);
      if (!parts) {
        // Recorded before supplies knew which contributions a payment drew on: nothing says where to give it back.
        throw originsUnknown(procurement);
      }
      const cancelled = refunded === net;
      const sources = byAllocation(parts);
      await this.allocations.lockForSpending(
        manager,
        sources.map((s) => s.allocationId),
      );
      for (const source of sources) {
        await this.allocations.addSpending(
          manager,
          source.allocationId,
          source.origins.map((o) => ({ ...o, amountFen: -o.amountFen })),
        );
      }
      const refund = await this.repository.insertRefund(
        manager,
        { id: randomUUID(), procurementId: procurement.id, amountFen: refunded, reason, cancelled },
        parts,
      );
      await this.outbox.publish(
        manager,
        ProcurementRefunded,
        procurement.fundId,
        {
          refundId: refund.id,
          procurementId: procurement.id,
          reason,
          cancelled,
          money: {
            ...this.money(procurement, {
              flowId: refund.id,
              stage: 'DISBURSED',
              reverses: procurement.id,
              amountFen: refunded,
              sources: moneySources(parts),
              description: `${cancelled ? 'Cancelled' : 'Refunded'}: ${procurement.quantity} × ${procurement.itemDescription} (${reason})`,
            }),
            // The supplier pays the money back to the organisation that paid it.
            payer: { organisationId: null, name: procurement.supplierName },
            payee: { organisationId: procurement.payerOrganisationId, name: null },
          },
        },
        eventContext(ctx),
      );
      return procurement.id;
    };
    const id = await write(ctx, this.dataSource, change, {
      forgets: [PROCUREMENTS, KNOWN_ALLOCATIONS, PAYMENTS, PAYMENT_ORIGINS, REFUNDS],
    });
    return (await this.get(ctx, id))!;
  }

  /** Records a supplier's invoice for a procurement. */
  async recordInvoice(ctx: RequestContext, input: RecordProcurementInvoiceInput): Promise<ProcurementEntity> {
    requireWriter(ctx);
    const procurementId = requiredUuid(input.procurementId, 'procurementId');
    const number = requiredText(input.number, 'number', 100);
    const issuedOn = pastOrToday(input.issuedOn, 'issuedOn');
    if (input.amountFen <= 0n) {
      throw new ProcurementException(
        CommonErrorCode.InvalidAmount,
        `amountFen must be greater than zero (got ${input.amountFen})`,
        { field: 'amountFen' },
      );
    }
    const numberTaken = () =>
      new ProcurementException(
        ProcurementErrorCode.InvoiceNumberTaken,
        `the supplier already has an invoice numbered ${number}`,
        { field: 'number' },
      );
    const change = async (manager: EntityManager) => {
      const procurement = await this.lockForChange(ctx, manager, procurementId);
      if (procurement.status === 'CANCELLED') throw cancelledError(procurement);
      const net = netPaidFen(procurement);
      if (procurement.invoicedFen + input.amountFen > net) {
        throw new ProcurementException(
          ProcurementErrorCode.InvoicesExceedAmount,
          `procurement ${procurement.id} has paid ${net} fen net of refunds and ${procurement.invoicedFen} fen is invoiced; this invoice is ${input.amountFen} fen`,
          { field: 'amountFen', netPaidFen: net.toString(), invoicedFen: procurement.invoicedFen.toString() },
        );
      }
      if (await this.repository.invoiceNumberTaken(manager, procurement.supplierName, number))
        throw numberTaken();
      const invoice = await this.repository.insertInvoice(manager, {
        id: randomUUID(),
        procurementId: procurement.id,
        supplierName: procurement.supplierName,
        number,
        issuedOn,
        amountFen: input.amountFen,
      });
      await this.outbox.publish(
        manager,
        ProcurementInvoiceRecorded,
        procurement.fundId,
        {
          invoiceId: invoice.id,
          procurementId: procurement.id,
          fundId: procurement.fundId,
          incidentId: procurement.incidentId,
          supplierName: procurement.supplierName,
          number,
          issuedOn,
          amountFen: input.amountFen.toString(),
          currency: CURRENCY,
        },
        eventContext(ctx),
      );
      return procurement.id;
    };
    const id = await write(ctx, this.dataSource, change, {
      constraints: { procurement_invoice_number_idx: numberTaken },
      forgets: [PROCUREMENTS, INVOICES],
    });
    return (await this.get(ctx, id))!;
  }

  /**
   * Records that a procurement's goods were received and accepted (fewer than bought is a shortfall): the money it
   * paid net of refunds is used.
   */
  async acceptDelivery(
    ctx: RequestContext,
    input: AcceptProcurementDeliveryInput,
  ): Promise<ProcurementEntity> {
    requireWriter(ctx);
    const procurementId = requiredUuid(input.procurementId, 'procurementId');
    const acceptedOn = pastOrToday(input.acceptedOn, 'acceptedOn');
    const note = optionalText(input.note, 'note', 1000);
    const point = input.reservePointId
      ? await this.journal.point(ctx, input.reservePointId, 'reservePointId')
      : null;
    const givenExpiry = input.expiresOn ? requiredCalendarDate(input.expiresOn, 'expiresOn') : null;
    if (givenExpiry && !point) throw badInput('expiresOn is given only with reservePointId', 'expiresOn');
    if (givenExpiry && givenExpiry < acceptedOn)
      throw badInput('expiresOn is before acceptedOn', 'expiresOn');
    const change = async (manager: EntityManager) => {
      const procurement = await this.lockForChange(ctx, manager, procurementId);
      requireOpen(procurement);
      if (point && !procurement.itemCode) {
        throw new ProcurementException(
          ProcurementErrorCode.ItemCodeMissing,
          `procurement ${procurement.id} names no catalogue item: its goods cannot be received into stock`,
          { field: 'reservePointId' },
        );
      }
      const received = input.receivedQuantity;
      if (!Number.isInteger(received) || received < 0 || received > procurement.quantity) {
        throw new ProcurementException(
          ProcurementErrorCode.InvalidQuantity,
          `receivedQuantity must be a whole number from 0 to the ${procurement.quantity} bought (got ${received})`,
          { field: 'receivedQuantity' },
        );
      }
      const net = netPaidFen(procurement);
      const paid = (await this.repository.paidOrigins(manager, procurement.id)).filter(
        (o) => o.amountFen > 0n,
      );
      const origins = mergeByContribution(paid);
      if (totalFen(origins) !== net) {
        throw originsUnknown(procurement);
      }
      const flowId = randomUUID();
      const acceptedAt = new Date();
      await this.repository.accept(manager, procurement.id, {
        acceptedOn,
        receivedQuantity: received,
        acceptanceNote: note,
        acceptanceFlowId: flowId,
        acceptedAt,
      });
      if (point && received > 0)
        await this.receiveIntoStock(ctx, manager, procurement, point, received, acceptedOn, givenExpiry);
      await this.outbox.publish(
        manager,
        ProcurementDeliveryAccepted,
        procurement.fundId,
        {
          procurementId: procurement.id,
          acceptedOn,
          quantity: procurement.quantity,
          receivedQuantity: received,
          shortfallQuantity: procurement.quantity - received,
          note,
          money: this.money(procurement, {
            flowId,
            stage: 'USED',
            reverses: null,
            amountFen: net,
            sources: [{ flowId: procurement.id, amountFen: net.toString(), origins: origins.map(fenText) }],
            description: `Delivery accepted: ${received} of ${procurement.quantity} × ${procurement.itemDescription}`,
            occurredAt: acceptedAt,
          }),
        },
        eventContext(ctx),
      );
      return procurement.id;
    };
    const id = await write(ctx, this.dataSource, change, { forgets: [PROCUREMENTS, STOCK_LOTS] });
    return (await this.get(ctx, id))!;
  }

  /**
   * Receives what was accepted of a procurement into stock as a PURCHASE lot at its unit price, naming the
   * procurement, its fund and the allocation that paid: the one allocation, or the first payment's when several
   * paid (the lot has one allocation; the procurement's payments say how the others shared the cost).
   */
  private async receiveIntoStock(
    ctx: RequestContext,
    manager: EntityManager,
    procurement: ProcurementEntity,
    point: PointRow,
    quantity: number,
    receivedOn: string,
    givenExpiry: string | null,
  ) {
    const item = await this.journal.item(procurement.itemCode!, 'reservePointId');
    const [first] = await this.repository.paymentsOf([procurement.id], manager);
    await this.journal.receive(ctx, manager, {
      point,
      itemCode: item.code,
      quantity,
      unitValueFen: procurement.unitPriceFen,
      receivedOn,
      expiresOn: expiryOf(receivedOn, givenExpiry, item.shelfLifeDays),
      sourceKind: 'PURCHASE',
      procurementId: procurement.id,
      allocationId: procurement.allocationId ?? first.allocationId,
      contributionId: null,
      fundId: procurement.fundId,
    });
  }

  /** The PURCHASE lots a procurement's delivery was received into. */
  stockLotsOf(ctx: RequestContext, procurementId: string): Promise<StockLotEntity[]> {
    return loadGroup(
      ctx,
      STOCK_LOTS,
      (ids) => this.repository.purchaseLotsOf(ids),
      (l) => l.procurementId!,
      procurementId,
    );
  }

  /**
   * Per procurement paid from an allocation (newest first), or for one procurement: what was bought, received into
   * stock, and where those goods went, following the lots made from them by transfer or shipment.
   */
  async goods(
    ctx: RequestContext,
    filter: { allocationId?: string | null; procurementId?: string | null },
    args: PageArgs,
  ) {
    const allocationId = optionalUuid(filter.allocationId, 'allocationId');
    const procurementId = optionalUuid(filter.procurementId, 'procurementId');
    if (!allocationId === !procurementId)
      throw badInput('name either the allocation or the procurement', 'allocationId');
    const page = readPage(args);
    let connection: Connection<ProcurementEntity>;
    if (procurementId) {
      const one = await this.get(ctx, procurementId);
      connection = toConnection(one ? [one] : [], page, recordedKey);
    } else {
      connection = await this.list(ctx, { allocationId }, args);
    }
    const lots = await this.repository.purchaseLotsOf(connection.edges.map((e) => e.node.id));
    const whereabouts = await whereaboutsOf(
      this.dataSource.manager,
      lots.map((l) => ({ lotId: l.id, key: l.procurementId! })),
    );
    const goodsOf = (p: ProcurementEntity): ProcurementGoodsView => ({
      procurement: p,
      whereabouts: whereabouts.get(p.id) ?? noWhereabouts(),
    });
    return {
      edges: connection.edges.map((e) => ({ cursor: e.cursor, node: goodsOf(e.node) })),
      pageInfo: connection.pageInfo,
    };
  }

  /** The procurement row locked for a change; NOT_FOUND when there is none the caller may see. */
  private async lockForChange(ctx: RequestContext, manager: EntityManager, id: string) {
    const procurement = await this.repository.lock(manager, id);
    if (
      !procurement ||
      !(await this.allocations.maySee(ctx, procurement.incidentId, procurement.payerOrganisationId))
    ) {
      throw new ProcurementException(CommonErrorCode.NotFound, `no procurement ${id}`, {
        id,
        field: 'procurementId',
      });
    }
    return procurement;
  }

  /** A procurement's money block: paid by its payer to its supplier, in cash. */
  private money(
    procurement: ProcurementEntity,
    flow: {
      flowId: string;
      stage: 'DISBURSED' | 'USED';
      reverses: string | null;
      amountFen: bigint;
      sources: MoneyBlock['sources'];
      description: string;
      occurredAt?: Date;
    },
  ): MoneyBlock {
    return {
      flowId: flow.flowId,
      stage: flow.stage,
      reverses: flow.reverses,
      fundId: procurement.fundId,
      allocationId: procurement.allocationId,
      projectId: null,
      incidentId: procurement.incidentId,
      amountFen: flow.amountFen.toString(),
      currency: CURRENCY,
      form: 'CASH',
      goods: [],
      valuationBasis: null,
      payer: { organisationId: procurement.payerOrganisationId, name: null },
      payee: { organisationId: null, name: procurement.supplierName },
      sources: flow.sources,
      description: flow.description,
      occurredAt: (flow.occurredAt ?? new Date()).toISOString(),
    };
  }
}

const cancelledError = (procurement: ProcurementEntity) =>
  new ProcurementException(ProcurementErrorCode.Cancelled, `procurement ${procurement.id} was cancelled`, {
    field: 'procurementId',
  });

const originsUnknown = (procurement: ProcurementEntity) =>
  new ProcurementException(
    ProcurementErrorCode.OriginsUnknown,
    `procurement ${procurement.id} was recorded before supplies kept the contributions it drew on`,
    { field: 'procurementId' },
  );

/** PROCUREMENT_ALREADY_ACCEPTED or PROCUREMENT_CANCELLED unless the procurement is paid and open. */
function requireOpen(procurement: ProcurementEntity): void {
  if (procurement.status === 'ACCEPTED') {
    throw new ProcurementException(
      ProcurementErrorCode.AlreadyAccepted,
      `the delivery of procurement ${procurement.id} was accepted`,
      { field: 'procurementId' },
    );
  }
  if (procurement.status === 'CANCELLED') throw cancelledError(procurement);
}
