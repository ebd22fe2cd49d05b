import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { StockLotEntity } from '../stock/stock.entity';
import type { PaidOrigin } from './procurement-rules';
import {
  ProcurementEntity,
  ProcurementInvoiceEntity,
  ProcurementPaymentEntity,
  ProcurementPaymentOriginEntity,
  ProcurementRefundEntity,
  ProcurementRefundOriginEntity,
} from './procurement.entity';

export interface ProcurementQuery {
  /** Only purchases paid (wholly or in part) from one of these allocations. */
  allocationIds?: string[];
  fundId?: string;
  incidentId?: string;
  payerOrganisationId?: string;
  /** Only purchases for an incident, or by a payer, whose region code starts with this prefix. */
  regionPrefix?: string;
}

/** A procurement with the allocations that paid for it: a row of several allocations' lists. */
export interface PaidProcurement {
  procurement: ProcurementEntity;
  allocationIds: string[];
}

@Injectable()
export class ProcurementRepository {
  constructor(private readonly dataSource: DataSource) {}

  private procurements(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProcurementEntity);
  }

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  findByIds(ids: readonly string[]): Promise<ProcurementEntity[]> {
    return this.procurements()
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The procurement row, locked until `manager`'s transaction ends: its refunds, invoices and acceptance in turn. */
  lock(manager: EntityManager, id: string): Promise<ProcurementEntity | null> {
    return this.procurements(manager)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  /** Keyset page, newest first. */
  list(query: ProcurementQuery, page: Page, after?: TimeKey): Promise<ProcurementEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(p.recorded_at, p.id) < (:at, :id)', { at: after.at, id: after.id });
    }
    return qb.getMany();
  }

  /**
   * The newest `limit` purchases paid from each of `allocationIds`, newest first, in one statement, each with the
   * allocations that paid for it (a split purchase is on the list of each).
   */
  async newestOfAllocations(allocationIds: readonly string[], limit: number): Promise<PaidProcurement[]> {
    const qb = this.procurements()
      .createQueryBuilder('p')
      .innerJoin(ProcurementPaymentEntity, 'pp', 'pp.procurement_id = p.id')
      .where('pp.allocation_id = ANY(:allocations::uuid[])', { allocations: [...allocationIds] })
      .orderBy('p.recorded_at', 'DESC')
      .addOrderBy('p.id', 'DESC');
    const rows = await firstRowsOfEach(qb, 'pp.allocation_id', limit).getMany();
    return this.withAllocations(rows);
  }

  /** `rows` with the allocations that paid for each. */
  async withAllocations(rows: ProcurementEntity[]): Promise<PaidProcurement[]> {
    const payments = await this.paymentsOf(rows.map((p) => p.id));
    return rows.map((procurement) => ({
      procurement,
      allocationIds: payments.filter((p) => p.procurementId === procurement.id).map((p) => p.allocationId),
    }));
  }

  private query(query: ProcurementQuery) {
    const qb = this.procurements()
      .createQueryBuilder('p')
      .orderBy('p.recorded_at', 'DESC')
      .addOrderBy('p.id', 'DESC');
    if (query.allocationIds)
      qb.andWhere(
        `p.id IN (SELECT pp.procurement_id FROM procurement_payment pp
          WHERE pp.allocation_id = ANY(:allocations::uuid[]))`,
        { allocations: query.allocationIds },
      );
    if (query.fundId) qb.andWhere('p.fund_id = :fund', { fund: query.fundId });
    if (query.incidentId) qb.andWhere('p.incident_id = :incident', { incident: query.incidentId });
    if (query.payerOrganisationId)
      qb.andWhere('p.payer_organisation_id = :payer', { payer: query.payerOrganisationId });
    if (query.regionPrefix !== undefined) {
      qb.andWhere(
        `(p.incident_id IN (SELECT i.id FROM known_incident i WHERE i.region_code LIKE :region)
          OR p.payer_organisation_id IN (SELECT o.id FROM known_organisation o WHERE o.region_code LIKE :region))`,
        { region: `${query.regionPrefix}%` },
      );
    }
    return qb;
  }

  /** The payments of the procurements, each's in the order stated. */
  paymentsOf(
    procurementIds: readonly string[],
    manager?: EntityManager,
  ): Promise<ProcurementPaymentEntity[]> {
    return this.manager(manager)
      .getRepository(ProcurementPaymentEntity)
      .createQueryBuilder('pp')
      .where('pp.procurement_id = ANY(:ids::uuid[])', { ids: [...procurementIds] })
      .orderBy('pp.procurement_id')
      .addOrderBy('pp.position')
      .getMany();
  }

  /** The contributions the procurements' payments drew on, each payment's first in first. */
  originsOf(
    procurementIds: readonly string[],
    manager?: EntityManager,
  ): Promise<ProcurementPaymentOriginEntity[]> {
    return this.manager(manager)
      .getRepository(ProcurementPaymentOriginEntity)
      .createQueryBuilder('o')
      .where('o.procurement_id = ANY(:ids::uuid[])', { ids: [...procurementIds] })
      .orderBy('o.procurement_id')
      .addOrderBy('o.allocation_id')
      .addOrderBy('o.position')
      .getMany();
  }

  /**
   * What a procurement still pays of each contribution from each allocation, in the order it paid: its payments in
   * the order stated, each's contributions first in first.
   */
  async paidOrigins(manager: EntityManager, procurementId: string): Promise<PaidOrigin[]> {
    const rows = (await manager.query(
      `SELECT o.allocation_id, o.contribution_id, (o.amount_fen - o.refunded_fen)::text AS left_fen
       FROM procurement_payment_origin o
       JOIN procurement_payment p ON p.procurement_id = o.procurement_id AND p.allocation_id = o.allocation_id
       WHERE o.procurement_id = $1
       ORDER BY p.position, o.position`,
      [procurementId],
    )) as { allocation_id: string; contribution_id: string; left_fen: string }[];
    return rows.map((r) => ({
      allocationId: r.allocation_id,
      contributionId: r.contribution_id,
      amountFen: BigInt(r.left_fen),
    }));
  }

  refundsOf(procurementIds: readonly string[]): Promise<ProcurementRefundEntity[]> {
    return this.dataSource
      .getRepository(ProcurementRefundEntity)
      .createQueryBuilder('r')
      .where('r.procurement_id = ANY(:ids::uuid[])', { ids: [...procurementIds] })
      .orderBy('r.refunded_at')
      .addOrderBy('r.id')
      .getMany();
  }

  refundOriginsOf(refundIds: readonly string[]): Promise<ProcurementRefundOriginEntity[]> {
    return this.dataSource
      .getRepository(ProcurementRefundOriginEntity)
      .createQueryBuilder('o')
      .where('o.refund_id = ANY(:ids::uuid[])', { ids: [...refundIds] })
      .orderBy('o.refund_id')
      .addOrderBy('o.position')
      .getMany();
  }

  invoicesOf(procurementIds: readonly string[]): Promise<ProcurementInvoiceEntity[]> {
    return this.dataSource
      .getRepository(ProcurementInvoiceEntity)
      .createQueryBuilder('i')
      .where('i.procurement_id = ANY(:ids::uuid[])', { ids: [...procurementIds] })
      .orderBy('i.issued_on')
      .addOrderBy('i.recorded_at')
      .addOrderBy('i.id')
      .getMany();
  }

  /** Whether the supplier (by name, as procurements write it) already has an invoice numbered `number`. */
  async invoiceNumberTaken(manager: EntityManager, supplierName: string, number: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM procurement_invoice WHERE lower(supplier_name) = lower($1) AND number = $2`,
      [supplierName, number],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Records a procurement with its payments and the contributions each drew on. */
  async insert(
    manager: EntityManager,
    procurement: Omit<
      ProcurementEntity,
      | 'recordedAt'
      | 'status'
      | 'refundedFen'
      | 'invoicedFen'
      | 'acceptedOn'
      | 'receivedQuantity'
      | 'acceptanceNote'
      | 'acceptanceFlowId'
      | 'acceptedAt'
    >,
    payments: readonly { allocationId: string; amountFen: bigint; origins: readonly PaidOrigin[] }[],
  ): Promise<ProcurementEntity> {
    const created = await this.procurements(manager).save(
      this.procurements(manager).create({ ...procurement, status: 'PAID', refundedFen: 0n, invoicedFen: 0n }),
    );
    await manager.getRepository(ProcurementPaymentEntity).insert(
      payments.map((p, position) => ({
        procurementId: created.id,
        allocationId: p.allocationId,
        position,
        amountFen: p.amountFen,
        refundedFen: 0n,
      })),
    );
    await manager.getRepository(ProcurementPaymentOriginEntity).insert(
      payments.flatMap((p) =>
        p.origins.map((o, position) => ({
          procurementId: created.id,
          allocationId: p.allocationId,
          position,
          contributionId: o.contributionId,
          amountFen: o.amountFen,
          refundedFen: 0n,
        })),
      ),
    );
    return created;
  }

  /**
   * Records a refund and what it gave back of each contribution to each allocation; the procurement's refunded
   * amount grows and, for a cancellation, its status becomes CANCELLED.
   */
  async insertRefund(
    manager: EntityManager,
    refund: Omit<ProcurementRefundEntity, 'refundedAt'>,
    parts: readonly PaidOrigin[],
  ): Promise<ProcurementRefundEntity> {
    const created = await manager
      .getRepository(ProcurementRefundEntity)
      .save(manager.getRepository(ProcurementRefundEntity).create(refund));
    await manager.getRepository(ProcurementRefundOriginEntity).insert(
      parts.map((p, position) => ({
        refundId: created.id,
        position,
        allocationId: p.allocationId,
        contributionId: p.contributionId,
        amountFen: p.amountFen,
      })),
    );
    const args = [
      refund.procurementId,
      parts.map((p) => p.allocationId),
      parts.map((p) => p.contributionId),
      parts.map((p) => p.amountFen.toString()),
    ];
    await manager.query(
      `UPDATE procurement_payment_origin o SET refunded_fen = o.refunded_fen + g.fen
       FROM unnest($2::uuid[], $3::uuid[], $4::bigint[]) AS g (allocation_id, contribution_id, fen)
       WHERE o.procurement_id = $1 AND o.allocation_id = g.allocation_id AND o.contribution_id = g.contribution_id`,
      args,
    );
    await manager.query(
      `UPDATE procurement_payment p SET refunded_fen = p.refunded_fen + g.fen
       FROM (SELECT allocation_id, sum(fen) AS fen
             FROM unnest($2::uuid[], $3::bigint[]) AS u (allocation_id, fen) GROUP BY allocation_id) g
       WHERE p.procurement_id = $1 AND p.allocation_id = g.allocation_id`,
      [refund.procurementId, args[1], args[3]],
    );
    await manager.query(
      `UPDATE procurement SET refunded_fen = refunded_fen + $2::bigint,
         status = CASE WHEN $3 THEN 'CANCELLED' ELSE status END
       WHERE id = $1`,
      [refund.procurementId, refund.amountFen.toString(), refund.cancelled],
    );
    return created;
  }

  /** Records an invoice and adds it to the procurement's invoiced total. */
  async insertInvoice(
    manager: EntityManager,
    invoice: Omit<ProcurementInvoiceEntity, 'recordedAt'>,
  ): Promise<ProcurementInvoiceEntity> {
    const created = await manager
      .getRepository(ProcurementInvoiceEntity)
      .save(manager.getRepository(ProcurementInvoiceEntity).create(invoice));
    await manager.query(`UPDATE procurement SET invoiced_fen = invoiced_fen + $2::bigint WHERE id = $1`, [
      invoice.procurementId,
      invoice.amountFen.toString(),
    ]);
    return created;
  }

  /** The PURCHASE lots the procurements' deliveries were received into, oldest first. */
  purchaseLotsOf(procurementIds: readonly string[]): Promise<StockLotEntity[]> {
    return this.dataSource
      .getRepository(StockLotEntity)
      .createQueryBuilder('l')
      .where('l.procurement_id = ANY(:ids::uuid[])', { ids: [...procurementIds] })
      .andWhere(`l.source_kind = 'PURCHASE'`)
      .orderBy('l.created_at')
      .addOrderBy('l.id')
      .getMany();
  }

  /** Records the acceptance of a procurement's delivery. */
  async accept(
    manager: EntityManager,
    id: string,
    acceptance: Pick<
      ProcurementEntity,
      'acceptedOn' | 'receivedQuantity' | 'acceptanceNote' | 'acceptanceFlowId' | 'acceptedAt'
    >,
  ): Promise<void> {
    await this.procurements(manager).update({ id }, { ...acceptance, status: 'ACCEPTED' });
  }
}
