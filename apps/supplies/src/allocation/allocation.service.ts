import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { loadById, loader, loaderKey, requireJurisdiction, type RequestContext } from '@emergency/graphql';
import { inJurisdiction, jurisdictionPrefix, type Origin } from '@emergency/domain';
import { KnownOrganisations } from '@emergency/subgraph';
import { drawOn, type Payment } from '../procurement/procurement-rules';
import { ProcurementErrorCode, ProcurementException } from '../procurement/procurement.exception';
import { actsFor, contributionsLeft } from './allocation-rules';
import { AllocationRepository } from './allocation.repository';
import type { KnownAllocationEntity, KnownAllocationSourceEntity } from './known-allocation.entity';

/** Known allocations by id, for this request; a purchase forgets the allocation it spent from. */
export const KNOWN_ALLOCATIONS = loaderKey<KnownAllocationEntity>('KnownAllocation');
const INCIDENT_REGIONS = loaderKey<{ id: string; regionCode: string }>('KnownIncidentRegion');
const ORGANISATION_REGIONS = loaderKey<{ id: string; regionCode: string }>('KnownOrganisationRegion');

/** A payment from one allocation with the contributions it draws on, first in, first out. */
export interface DrawnPayment extends Payment {
  origins: (Origin & { allocationId: string })[];
}

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

  /**
   * Pays `payments` from their allocations, in `manager`'s transaction: locks the allocations (id order), checks
   * each is known here (ALLOCATION_UNKNOWN) and the caller's to spend (ALLOCATION_NOT_YOURS), all of one fund and
   * one recipient, the recipient active and in the caller's jurisdiction, and draws each payment on its
   * allocation's contributions first in, first out (ALLOCATION_EXCEEDED when it does not hold that much). Adds what
   * was drawn to what has been spent of each allocation. Returns the payer (the recipient), the allocations in the
   * order stated and what each payment drew. `field` names the argument at fault in refusals.
   */
  async spend(ctx: RequestContext, manager: EntityManager, payments: readonly Payment[], field: string) {
    const { payer, allocations } = await this.payerOf(ctx, manager, payments, field);
    const sources = await this.contributionsOf(
      manager,
      payments.map((p) => p.allocationId),
    );
    const drawn: DrawnPayment[] = payments.map((payment, i) => {
      const allocation = allocations[i];
      const left = contributionsLeft(sources.filter((s) => s.allocationId === allocation.id));
      const origins = drawOn(allocation, left, payment.amountFen).map((o) => ({
        allocationId: allocation.id,
        ...o,
      }));
      return { ...payment, origins };
    });
    for (const payment of drawn) {
      await this.addSpending(manager, payment.allocationId, payment.origins);
    }
    return { payer, allocations, drawn };
  }

  /**
   * The allocations that pay, locked in id order and in the order stated, and the organisation that pays: each
   * known here and the caller's to spend, all of one fund and one recipient, the recipient active and in the
   * caller's jurisdiction.
   */
  private async payerOf(
    ctx: RequestContext,
    manager: EntityManager,
    payments: readonly Payment[],
    field: string,
  ) {
    const locked = await this.lockForSpending(
      manager,
      payments.map((p) => p.allocationId),
    );
    const allocations = payments.map(({ allocationId }) => {
      const allocation = locked.find((a) => a.id === allocationId);
      if (!allocation) {
        throw new ProcurementException(
          ProcurementErrorCode.AllocationUnknown,
          `allocation ${allocationId} is not known to supplies; allocations arrive moments after they are made, so retry shortly if it was just made`,
          { field },
        );
      }
      if (!actsFor(ctx.identity, allocation.recipientOrganisationId)) {
        throw new ProcurementException(
          ProcurementErrorCode.AllocationNotYours,
          `allocation ${allocationId} was made to another organisation`,
          { field },
        );
      }
      return allocation;
    });
    const [first] = allocations;
    if (allocations.some((a) => a.fundId !== first.fundId)) {
      throw new ProcurementException(
        ProcurementErrorCode.AllocationsOfDifferentFunds,
        'a payment is made from allocations of one fund only',
        { field },
      );
    }
    if (allocations.some((a) => a.recipientOrganisationId !== first.recipientOrganisationId)) {
      throw new ProcurementException(
        ProcurementErrorCode.AllocationsOfDifferentRecipients,
        'a payment has one payer; these allocations were made to different organisations',
        { field },
      );
    }
    // The payer is the allocations' recipient, checked when they were made; it may have been dissolved since.
    // Spending is the recipient's act, so the recipient must lie in the caller's jurisdiction.
    const payer = await this.organisations.requireActive(first.recipientOrganisationId, field, manager);
    requireJurisdiction(ctx, payer.regionCode, field);
    return { payer: first.recipientOrganisationId, allocations };
  }
}
