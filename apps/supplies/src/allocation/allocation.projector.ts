import { Injectable } from '@nestjs/common';
import { FundAllocated, FundAllocatedV1Contract, IncidentReported } from '@emergency/contracts';
import { on, PermanentEventError } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { AllocationRepository } from './allocation.repository';

/**
 * Learns of the allocations supplies may spend from, and of the region of each incident (whose jurisdiction its
 * allocations and purchases lie in), by reading the incidents topic.
 */
@Injectable()
export class AllocationProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(private readonly repository: AllocationRepository) {}

  bindings() {
    return [
      on(IncidentReported, (event, manager) =>
        this.repository.rememberIncident(manager, {
          id: event.data.incidentId,
          regionCode: event.data.regionCode,
          sourceEventId: event.id,
        }),
      ),
      on(FundAllocated, (event, manager) => {
        const { money } = event.data;
        if (!money.payee.organisationId) {
          throw new PermanentEventError(
            `allocation ${event.data.allocationId} names no recipient organisation`,
          );
        }
        return this.repository.remember(manager, {
          id: event.data.allocationId,
          fundId: money.fundId,
          incidentId: money.incidentId,
          recipientOrganisationId: money.payee.organisationId,
          amountFen: BigInt(money.amountFen),
          sourceEventId: event.id,
          allocatedAt: new Date(event.time),
        });
      }),
      // Published before the money block; kept so the allocations already on the topic are still learned.
      on(FundAllocatedV1Contract, (event, manager) =>
        this.repository.remember(manager, {
          id: event.data.allocationId,
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          recipientOrganisationId: event.data.payeeOrganisationId,
          amountFen: BigInt(event.data.amountFen),
          sourceEventId: event.id,
          allocatedAt: new Date(event.time),
        }),
      ),
    ];
  }
}
