import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { KnownAllocationEntity } from './known-allocation.entity';

/** The allocations and incident regions supplies has learned from the incidents topic. */
@Injectable()
export class AllocationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private allocations(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(KnownAllocationEntity);
  }

  findByIds(ids: readonly string[]): Promise<KnownAllocationEntity[]> {
    return this.allocations()
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The allocation row, locked until `manager`'s transaction ends: purchases from one allocation run in turn. */
  lock(manager: EntityManager, id: string): Promise<KnownAllocationEntity | null> {
    return this.allocations(manager)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  /** Adds a purchase's amount to what has been spent from the allocation. */
  async addSpending(manager: EntityManager, id: string, amountFen: bigint): Promise<void> {
    await this.allocations(manager)
      .createQueryBuilder()
      .update()
      .set({ spentFen: () => 'spent_fen + :amount::bigint' })
      .setParameter('amount', amountFen.toString())
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Records an allocation learned from an event; a second delivery of the same allocation changes nothing. One
   * statement written out, as the projection runs once per event: no query builder to assemble it each time.
   */
  async remember(manager: EntityManager, allocation: Omit<KnownAllocationEntity, 'spentFen'>) {
    await manager.query(
      `INSERT INTO known_allocation (id, fund_id, incident_id, recipient_organisation_id, amount_fen, spent_fen,
         source_event_id, allocated_at)
       VALUES ($1, $2, $3, $4, $5, 0, $6, $7) ON CONFLICT DO NOTHING`,
      [
        allocation.id,
        allocation.fundId,
        allocation.incidentId,
        allocation.recipientOrganisationId,
        allocation.amountFen.toString(),
        allocation.sourceEventId,
        allocation.allocatedAt,
      ],
    );
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
}
