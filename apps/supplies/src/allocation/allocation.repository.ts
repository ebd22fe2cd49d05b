import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Origin } from '@emergency/domain';
import { KnownAllocationEntity, KnownAllocationSourceEntity } from './known-allocation.entity';

/** A return of (part of) an allocation, as the incidents service announced it. */
export interface KnownReturn {
  id: string;
  allocationId: string;
  amountFen: bigint;
  revoked: boolean;
  /** The contributions given back and how much of each. */
  origins: Origin[];
  sourceEventId: string;
}

/** The allocations and incident regions supplies has learned from the incidents topic. */
@Injectable()
export class AllocationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private allocations(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(KnownAllocationEntity);
  }

  private sources(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(KnownAllocationSourceEntity);
  }

  findByIds(ids: readonly string[]): Promise<KnownAllocationEntity[]> {
    return this.allocations()
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The allocations as `manager`'s transaction sees them, unlocked. */
  findKnown(manager: EntityManager, ids: readonly string[]): Promise<KnownAllocationEntity[]> {
    return this.allocations(manager)
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Whether supplies has applied the return. */
  async isReturnKnown(manager: EntityManager, id: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM known_allocation_return WHERE id = $1`, [
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Whether supplies has learned of the allocation. */
  async isKnown(manager: EntityManager, id: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM known_allocation WHERE id = $1`, [id])) as unknown[];
    return rows.length > 0;
  }

  /**
   * The allocation rows, locked until `manager`'s transaction ends, in id order (so two purchases from the same
   * allocations never wait on each other in a circle): purchases and refunds of one allocation run in turn.
   */
  lock(manager: EntityManager, ids: readonly string[]): Promise<KnownAllocationEntity[]> {
    return this.allocations(manager)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('a.id')
      .getMany();
  }

  /** The contributions of the allocations, in the order each drew them. */
  sourcesOf(manager: EntityManager, ids: readonly string[]): Promise<KnownAllocationSourceEntity[]> {
    return this.sources(manager)
      .createQueryBuilder('s')
      .where('s.allocation_id = ANY(:ids::uuid[])', { ids: [...ids] })
      .orderBy('s.allocation_id')
      .addOrderBy('s.position')
      .getMany();
  }

  /**
   * Adds what a purchase drew on an allocation (a refund's give-back as negative amounts): to what has been spent of
   * the allocation, and of each contribution.
   */
  async addSpending(manager: EntityManager, id: string, origins: readonly Origin[]): Promise<void> {
    const total = origins.reduce((sum, o) => sum + o.amountFen, 0n);
    await manager.query(`UPDATE known_allocation SET spent_fen = spent_fen + $2::bigint WHERE id = $1`, [
      id,
      total.toString(),
    ]);
    await manager.query(
      `UPDATE known_allocation_source s SET used_fen = s.used_fen + o.fen
       FROM unnest($2::uuid[], $3::bigint[]) AS o (contribution_id, fen)
       WHERE s.allocation_id = $1 AND s.contribution_id = o.contribution_id`,
      [id, origins.map((o) => o.contributionId), origins.map((o) => o.amountFen.toString())],
    );
  }

  /**
   * Records an allocation learned from an event with the contributions it is made of, in order; a second delivery
   * of the same allocation changes nothing. Statements written out, as the projection runs once per event.
   */
  async remember(
    manager: EntityManager,
    allocation: Omit<KnownAllocationEntity, 'spentFen' | 'returnedFen'>,
    contributions: readonly Origin[],
  ) {
    const inserted = (await manager.query(
      `INSERT INTO known_allocation (id, fund_id, incident_id, recipient_organisation_id, amount_fen, spent_fen,
         source_event_id, allocated_at)
       VALUES ($1, $2, $3, $4, $5, 0, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [
        allocation.id,
        allocation.fundId,
        allocation.incidentId,
        allocation.recipientOrganisationId,
        allocation.amountFen.toString(),
        allocation.sourceEventId,
        allocation.allocatedAt,
      ],
    )) as unknown[];
    if (inserted.length === 0) return;
    await manager.query(
      `INSERT INTO known_allocation_source (allocation_id, position, contribution_id, amount_fen)
       SELECT $1, c.position - 1, c.contribution_id, c.fen
       FROM unnest($2::uuid[], $3::bigint[]) WITH ORDINALITY AS c (contribution_id, fen, position)`,
      [
        allocation.id,
        contributions.map((c) => c.contributionId),
        contributions.map((c) => c.amountFen.toString()),
      ],
    );
  }

  /**
   * Records a return of (part of) an allocation: what is left of it, and of each contribution given back, shrinks.
   * A second delivery of the same return changes nothing; a return of an allocation supplies never learned of is
   * kept and changes no balance. Whether it holds together is checked by the caller.
   */
  async rememberReturn(manager: EntityManager, returned: KnownReturn): Promise<void> {
    const inserted = (await manager.query(
      `INSERT INTO known_allocation_return (id, allocation_id, amount_fen, revoked, source_event_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [
        returned.id,
        returned.allocationId,
        returned.amountFen.toString(),
        returned.revoked,
        returned.sourceEventId,
      ],
    )) as unknown[];
    if (inserted.length === 0) return;
    await manager.query(
      `UPDATE known_allocation SET returned_fen = returned_fen + $2::bigint WHERE id = $1`,
      [returned.allocationId, returned.amountFen.toString()],
    );
    await manager.query(
      `UPDATE known_allocation_source s SET returned_fen = s.returned_fen + o.fen
       FROM unnest($2::uuid[], $3::bigint[]) AS o (contribution_id, fen)
       WHERE s.allocation_id = $1 AND s.contribution_id = o.contribution_id`,
      [
        returned.allocationId,
        returned.origins.map((o) => o.contributionId),
        returned.origins.map((o) => o.amountFen.toString()),
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
