import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  FundAllocated,
  FundAllocatedV1Contract,
  FundAllocatedV2Contract,
  FundAllocationReturned,
  IncidentReported,
  IncidentReportedV1Contract,
  type FundAllocatedV2,
  type FundAllocatedV3,
} from '@emergency/contracts';
import { totalFen } from '@emergency/domain';
import { on, PermanentEventError, type CloudEvent } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { allocationContributions } from './allocation-rules';
import { AllocationRepository, type KnownReturn } from './allocation.repository';

interface LearnedAllocation {
  allocationId: string;
  fundId: string;
  incidentId: string;
  recipientOrganisationId: string;
  amountFen: string;
  sources: { flowId: string; amountFen: string; origins?: { contributionId: string; amountFen: string }[] }[];
}

/**
 * Learns of the allocations supplies may spend from, with the contributions each is made of, of what is returned
 * of them, and of the region of each incident (whose jurisdiction its allocations and purchases lie in), by reading
 * the incidents topic.
 */
@Injectable()
export class AllocationProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(private readonly repository: AllocationRepository) {}

  bindings() {
    return [
      // Both versions carry the id and region, all this service keeps of an incident.
      ...[IncidentReported, IncidentReportedV1Contract].map((contract) =>
        on(contract, (event, manager) =>
          this.repository.rememberIncident(manager, {
            id: event.data.incidentId,
            regionCode: event.data.regionCode,
            sourceEventId: event.id,
          }),
        ),
      ),
      on(FundAllocated, (event, manager) => {
        const { money } = event.data;
        // Goods in kind are not money supplies pays with, and an allocation to a reconstruction project is paid out
        // by the incidents service as the project's stage payments: supplies never spends either.
        if (money.form !== 'CASH' || money.projectId) return Promise.resolve();
        return this.rememberAllocation(manager, event);
      }),
      // Published before the money model: each source is a contribution, its own origin.
      on(FundAllocatedV2Contract, (event, manager) => this.rememberAllocation(manager, event)),
      // Published before the money block; kept so the allocations already on the topic are still learned.
      on(FundAllocatedV1Contract, (event, manager) =>
        this.remember(manager, event.id, event.time, {
          allocationId: event.data.allocationId,
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          recipientOrganisationId: event.data.payeeOrganisationId,
          amountFen: event.data.amountFen,
          sources: event.data.sources,
        }),
      ),
      on(FundAllocationReturned, (event, manager) => {
        const { money } = event.data;
        const origins = allocationContributions(BigInt(money.amountFen), money.sources);
        if (!origins) {
          throw new PermanentEventError(
            `return ${event.data.returnId} gives back contributions that do not add up to ${money.amountFen} fen`,
          );
        }
        return this.rememberReturn(manager, {
          id: event.data.returnId,
          allocationId: event.data.allocationId,
          amountFen: totalFen(origins),
          revoked: event.data.revoked,
          origins,
          sourceEventId: event.id,
        });
      }),
    ];
  }

  /** An allocation of the money block (v2 or v3): its recipient organisation pays from it. */
  private rememberAllocation(
    manager: EntityManager,
    event: CloudEvent<FundAllocatedV3 | FundAllocatedV2>,
  ): Promise<void> {
    const { money } = event.data;
    if (!money.payee.organisationId) {
      throw new PermanentEventError(`allocation ${event.data.allocationId} names no recipient organisation`);
    }
    return this.remember(manager, event.id, event.time, {
      allocationId: event.data.allocationId,
      fundId: money.fundId,
      incidentId: money.incidentId,
      recipientOrganisationId: money.payee.organisationId,
      amountFen: money.amountFen,
      sources: money.sources,
    });
  }

  /**
   * Applies a return once, when it gives back no more of any contribution than the allocation drew of it and has
   * not given back already (what supplies spent of it is not checked: the two services cannot lock each other, and
   * the audit shows an allocation over-drawn that way).
   */
  private async rememberReturn(manager: EntityManager, returned: KnownReturn) {
    if (await this.repository.isReturnKnown(manager, returned.id)) return;
    const [allocation] = await this.repository.findKnown(manager, [returned.allocationId]);
    if (allocation && allocation.returnedFen + returned.amountFen > allocation.amountFen) {
      throw new PermanentEventError(
        `return ${returned.id} gives back more of allocation ${allocation.id} than was allocated`,
      );
    }
    const sources = await this.repository.sourcesOf(manager, [returned.allocationId]);
    if (sources.length > 0) {
      for (const origin of returned.origins) {
        const source = sources.find((s) => s.contributionId === origin.contributionId);
        if (!source || source.returnedFen + origin.amountFen > source.amountFen) {
          throw new PermanentEventError(
            `return ${returned.id} gives back more of contribution ${origin.contributionId} than allocation ${returned.allocationId} drew of it`,
          );
        }
      }
    }
    await this.repository.rememberReturn(manager, returned);
  }

  private async remember(
    manager: EntityManager,
    eventId: string,
    time: string,
    allocation: LearnedAllocation,
  ) {
    const amountFen = BigInt(allocation.amountFen);
    const contributions = allocationContributions(amountFen, allocation.sources);
    if (!contributions) {
      // A repeat of a known allocation changes nothing, whatever it says.
      if (await this.repository.isKnown(manager, allocation.allocationId)) return;
      throw new PermanentEventError(
        `allocation ${allocation.allocationId} draws on contributions that do not add up to ${allocation.amountFen} fen`,
      );
    }
    return this.repository.remember(
      manager,
      {
        id: allocation.allocationId,
        fundId: allocation.fundId,
        incidentId: allocation.incidentId,
        recipientOrganisationId: allocation.recipientOrganisationId,
        amountFen,
        sourceEventId: eventId,
        allocatedAt: new Date(time),
      },
      contributions,
    );
  }
}
