import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { loadById, loader, loaderKey, type RequestContext } from '@emergency/graphql';
import { inJurisdiction, jurisdictionPrefix, type Origin } from '@emergency/domain';
import { KnownOrganisations } from '@emergency/subgraph';
import { actsFor } from './allocation-rules';
import { AllocationRepository } from './allocation.repository';
import type { KnownAllocationEntity, KnownAllocationSourceEntity } from './known-allocation.entity';

/** Known allocations by id, for this request; a purchase forgets the allocation it spent from. */
export const KNOWN_ALLOCATIONS = loaderKey<KnownAllocationEntity>('KnownAllocation');
const INCIDENT_REGIONS = loaderKey<{ id: string; regionCode: string }>('KnownIncidentRegion');
const ORGANISATION_REGIONS = loaderKey<{ id: string; regionCode: string }>('KnownOrganisationRegion');

/**
 * The known allocations as the rest of the service reads and spends them: which allocations, and which purchases
 * paid from them, a caller may see, and the row a purchase locks and adds to.
 */
@Injectable()
export class AllocationService {
  constructor(
    private readonly repository: AllocationRepository,
    private readonly organisations: KnownOrganisations,
  ) {}

  /**
   * Whether an allocation or purchase lies in the caller's jurisdiction: its incident's region or its recipient's
   * (who pays) region does. The first matches the incidents service, where a fund and its allocations are visible
   * exactly when the incident is; the second lets a county see and spend what a prefecture's fund allocated to it.
   * A caller limited to a region sees nothing whose regions supplies has not learned yet; province-wide callers
   * see all.
   */
  async inCallersJurisdiction(
    ctx: RequestContext,
    incidentId: string,
    recipientOrganisationId: string,
  ): Promise<boolean> {
    if (jurisdictionPrefix(ctx.identity) === undefined) return true;
    const [incident, recipient] = await Promise.all([
      loader(
        ctx,
        INCIDENT_REGIONS,
        (ids) => this.repository.findIncidentRegions(ids),
        (i) => i.id,
      ).load(incidentId),
      loader(
        ctx,
        ORGANISATION_REGIONS,
        (ids) => this.organisations.regionsOf(ids),
        (o) => o.id,
      ).load(recipientOrganisationId),
    ]);
    return [incident, recipient].some((known) => !!known && inJurisdiction(ctx.identity, known.regionCode));
  }

  /** Whether the caller may see a purchase paid by `payerOrganisationId` for `incidentId`. */
  async maySee(ctx: RequestContext, incidentId: string, payerOrganisationId: string): Promise<boolean> {
    if (!actsFor(ctx.identity, payerOrganisationId)) return false;
    return this.inCallersJurisdiction(ctx, incidentId, payerOrganisationId);
  }

  /** The allocation as supplies knows it, or null when unknown here or not the caller's. */
  async visible(ctx: RequestContext, id: string): Promise<KnownAllocationEntity | null> {
    const allocation = await loadById(ctx, KNOWN_ALLOCATIONS, (ids) => this.repository.findByIds(ids), id);
    if (!allocation) return null;
    return (await this.maySee(ctx, allocation.incidentId, allocation.recipientOrganisationId))
      ? allocation
      : null;
  }

  /**
   * The allocation rows, locked in id order until `manager`'s transaction ends: purchases and refunds of one
   * allocation run in turn.
   */
  lockForSpending(manager: EntityManager, ids: readonly string[]): Promise<KnownAllocationEntity[]> {
    return this.repository.lock(manager, [...new Set(ids)].sort());
  }

  /** The contributions of the allocations, in the order each drew them (read under their lock). */
  contributionsOf(manager: EntityManager, ids: readonly string[]): Promise<KnownAllocationSourceEntity[]> {
    return this.repository.sourcesOf(manager, ids);
  }

  /**
   * Adds what a purchase drew of each contribution of an allocation to what has been spent of it, in the purchase's
   * transaction; a refund gives back with negative amounts.
   */
  addSpending(manager: EntityManager, id: string, origins: readonly Origin[]): Promise<void> {
    return this.repository.addSpending(manager, id, origins);
  }
}
