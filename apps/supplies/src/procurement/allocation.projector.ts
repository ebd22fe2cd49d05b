import { Injectable } from '@nestjs/common';
import { FundAllocated } from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { ProcurementRepository } from './procurement.repository';

/** Learns of the allocations supplies may spend from, by reading the incidents topic. */
@Injectable()
export class AllocationProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(private readonly repository: ProcurementRepository) {}

  bindings() {
    return [
      on(FundAllocated, (event, manager) =>
        this.repository.rememberAllocation(manager, {
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
