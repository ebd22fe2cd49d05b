import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { KnownAllocationEntity } from './known-allocation.entity';
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

  private allocations(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(KnownAllocationEntity);
  }

  findProcurementsByIds(ids: readonly string[]): Promise<ProcurementEntity[]> {
    return this.procurements()
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  findAllocationsByIds(ids: readonly string[]): Promise<KnownAllocationEntity[]> {
    return this.allocations()
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids::uuid[])', { ids: [...ids] })
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

  async findIncidentRegions(
    ids: readonly string[],
    manager?: EntityManager,
  ): Promise<{ id: string; regionCode: string }[]> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT id, region_code FROM known_incident WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    )) as { id: string; region_code: string }[];
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code }));
  }

  /** The regions of organisations supplies has learned of from the organisations' events. */
  async findOrganisationRegions(ids: readonly string[]): Promise<{ id: string; regionCode: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, region_code FROM known_organisation WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    )) as { id: string; region_code: string }[];
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code }));
  }

  /** Records an incident's region learned from an event; a second delivery changes nothing. */
  async rememberIncident(
    manager: EntityManager,
    incident: { id: string; regionCode: string; sourceEventId: string },
  ) {
    await manager.query(
      `INSERT INTO known_incident (id, region_code, source_event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [incident.id, incident.regionCode, incident.sourceEventId],
    );
  }

  /** The allocation row, locked until `manager`'s transaction ends: purchases from one allocation run in turn. */
  lockAllocation(manager: EntityManager, id: string): Promise<KnownAllocationEntity | null> {
    return this.allocations(manager)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  /** Records an allocation learned from an event; a second delivery of the same allocation changes nothing. */
  async rememberAllocation(manager: EntityManager, allocation: Omit<KnownAllocationEntity, 'spentFen'>) {
    await this.allocations(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...allocation, spentFen: 0n })
      .orIgnore()
      .execute();
  }

  async insertProcurement(
    manager: EntityManager,
    procurement: Omit<ProcurementEntity, 'recordedAt'>,
  ): Promise<ProcurementEntity> {
    const created = await this.procurements(manager).save(this.procurements(manager).create(procurement));
    await this.allocations(manager)
      .createQueryBuilder()
      .update()
      .set({ spentFen: () => 'spent_fen + :amount::bigint' })
      .setParameter('amount', procurement.amountFen.toString())
      .where('id = :id', { id: procurement.allocationId })
      .execute();
    return created;
  }
}
