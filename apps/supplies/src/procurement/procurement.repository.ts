import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { ProcurementEntity } from './procurement.entity';

export interface ProcurementQuery {
  allocationIds?: string[];
  fundId?: string;
  incidentId?: string;
  payerOrganisationId?: string;
  /** Only purchases for an incident, or by a payer, whose region code starts with this prefix. */
  regionPrefix?: string;
}

@Injectable()
export class ProcurementRepository {
  constructor(private readonly dataSource: DataSource) {}

  private procurements(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProcurementEntity);
  }

  findByIds(ids: readonly string[]): Promise<ProcurementEntity[]> {
    return this.procurements()
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Keyset page, newest first. */
  list(query: ProcurementQuery, page: Page, after?: TimeKey): Promise<ProcurementEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(p.recorded_at, p.id) < (:at, :id)', { at: after.at, id: after.id });
    }
    return qb.getMany();
  }

  /** The newest `limit` purchases from each of `allocationIds`, newest first, in one statement. */
  newestOfAllocations(allocationIds: readonly string[], limit: number): Promise<ProcurementEntity[]> {
    return firstRowsOfEach(
      this.query({ allocationIds: [...allocationIds] }),
      'p.allocation_id',
      limit,
    ).getMany();
  }

  private query(query: ProcurementQuery) {
    const qb = this.procurements()
      .createQueryBuilder('p')
      .orderBy('p.recorded_at', 'DESC')
      .addOrderBy('p.id', 'DESC');
    if (query.allocationIds)
      qb.andWhere('p.allocation_id = ANY(:allocations::uuid[])', { allocations: query.allocationIds });
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

  insert(
    manager: EntityManager,
    procurement: Omit<ProcurementEntity, 'recordedAt'>,
  ): Promise<ProcurementEntity> {
    return this.procurements(manager).save(this.procurements(manager).create(procurement));
  }
}
