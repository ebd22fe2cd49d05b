import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import {
  PropertyRequisitionEntity,
  StockRequisitionEntity,
  StockRequisitionOwnerEntity,
  StockRequisitionRepaymentEntity,
  type StockRequisitionStatus,
} from './requisition.entity';

/** What a list of stock requisitions is narrowed to (the region prefix already cut to the caller's jurisdiction). */
export interface StockRequisitionQuery {
  prefix?: string;
  status?: StockRequisitionStatus | null;
  incidentId?: string | null;
  outstanding?: boolean | null;
}

export interface PropertyRequisitionQuery {
  prefix?: string;
  incidentId?: string | null;
  notReturned?: boolean | null;
  notCompensated?: boolean | null;
}

/** Newest first, keyset paged on (recorded_at, id). */
function paged<T extends { id: string }>(qb: SelectQueryBuilder<T>, page: Page, after?: TimeKey) {
  qb.orderBy('r.recorded_at', 'DESC')
    .addOrderBy('r.id', 'DESC')
    .limit(page.limit + 1);
  if (after) qb.andWhere('(r.recorded_at, r.id) < (:at, :id)', { at: after.at, id: after.id });
  return qb.getMany();
}

@Injectable()
export class RequisitionRepository {
  constructor(private readonly dataSource: DataSource) {}

  stockByIds(ids: readonly string[]): Promise<StockRequisitionEntity[]> {
    return this.dataSource
      .getRepository(StockRequisitionEntity)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The owners of the requisitions, each's in the order its goods were first taken. */
  ownersOf(ids: readonly string[], manager?: EntityManager): Promise<StockRequisitionOwnerEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(StockRequisitionOwnerEntity)
      .createQueryBuilder('o')
      .where('o.requisition_id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('o.requisition_id')
      .addOrderBy('o.position')
      .getMany();
  }

  /** The repayments of the requisitions, oldest first. */
  repaymentsOf(ids: readonly string[]): Promise<StockRequisitionRepaymentEntity[]> {
    return this.dataSource
      .getRepository(StockRequisitionRepaymentEntity)
      .createQueryBuilder('p')
      .where('p.requisition_id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('p.recorded_at')
      .addOrderBy('p.id')
      .getMany();
  }

  /** The requisition row locked until the transaction ends: its repayments run in turn. */
  lockStock(manager: EntityManager, id: string): Promise<StockRequisitionEntity | null> {
    return manager
      .getRepository(StockRequisitionEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  stockList(query: StockRequisitionQuery, page: Page, after?: TimeKey): Promise<StockRequisitionEntity[]> {
    const qb = this.dataSource.getRepository(StockRequisitionEntity).createQueryBuilder('r').where('true');
    if (query.prefix !== undefined) {
      // The requisitioner's records, and those that took goods from a point within the prefix.
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`r.region_code LIKE :prefix || '%'`, { prefix: query.prefix })
            .orWhere(
              `EXISTS (SELECT 1 FROM stock_requisition_owner o WHERE o.requisition_id = r.id AND o.region_code LIKE :prefix || '%')`,
            ),
        ),
      );
    }
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.incidentId) qb.andWhere('r.incident_id = :incidentId', { incidentId: query.incidentId });
    if (query.outstanding === true) qb.andWhere(`r.status <> 'REPAID'`);
    if (query.outstanding === false) qb.andWhere(`r.status = 'REPAID'`);
    return paged(qb, page, after);
  }

  propertyByIds(ids: readonly string[]): Promise<PropertyRequisitionEntity[]> {
    return this.dataSource
      .getRepository(PropertyRequisitionEntity)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lockProperty(manager: EntityManager, id: string): Promise<PropertyRequisitionEntity | null> {
    return manager
      .getRepository(PropertyRequisitionEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  propertyList(
    query: PropertyRequisitionQuery,
    page: Page,
    after?: TimeKey,
  ): Promise<PropertyRequisitionEntity[]> {
    const qb = this.dataSource.getRepository(PropertyRequisitionEntity).createQueryBuilder('r').where('true');
    if (query.prefix !== undefined)
      qb.andWhere(`r.region_code LIKE :prefix || '%'`, { prefix: query.prefix });
    if (query.incidentId) qb.andWhere('r.incident_id = :incidentId', { incidentId: query.incidentId });
    if (query.notReturned === true) qb.andWhere(`r.status = 'REQUISITIONED'`);
    if (query.notReturned === false) qb.andWhere(`r.status <> 'REQUISITIONED'`);
    if (query.notCompensated === true) qb.andWhere(`r.status <> 'COMPENSATED'`);
    if (query.notCompensated === false) qb.andWhere(`r.status = 'COMPENSATED'`);
    return paged(qb, page, after);
  }
}
