import { Injectable } from '@nestjs/common';
import {
  FundAllocated,
  FundContributionRecorded,
  IncidentReported,
  ProcurementRecorded,
  ReconstructionFundEstablished,
  type FlowSource,
} from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { LedgerService } from '../ledger/ledger.service';

const links = (sources: FlowSource[]) =>
  sources.map((s) => ({ sourceFlowId: s.flowId, amountFen: BigInt(s.amountFen) }));

/** Turns the incidents and supplies services' money events into audit flows. */
@Injectable()
export class MoneyFlowProjector implements EventProjector {
  readonly domains = ['incidents', 'supplies'];

  constructor(private readonly ledger: LedgerService) {}

  bindings() {
    return [
      on(IncidentReported, (event, manager) => this.ledger.rememberIncident(manager, event)),
      on(ReconstructionFundEstablished, (event, manager) => this.ledger.rememberFund(manager, event)),
      on(FundContributionRecorded, async (event, manager) => {
        const c = event.data;
        // A pledge is a promise, not money: only a paid contribution is raised.
        if (c.status !== 'PAID') return;
        await this.ledger.record(manager, event, {
          id: c.contributionId,
          stage: 'RAISED',
          fundId: c.fundId,
          incidentId: c.incidentId,
          amountFen: BigInt(c.amountFen),
          payerOrganisationId: c.payerOrganisationId,
          payerName: c.contributorName,
          payeeOrganisationId: c.payeeOrganisationId,
          payeeName: null,
          description: `${c.kind === 'APPROPRIATION' ? 'Appropriation' : 'Donation'} from ${c.contributorName}`,
          occurredAt: new Date(event.time),
          links: [],
        });
      }),
      on(FundAllocated, (event, manager) =>
        this.ledger.record(manager, event, {
          id: event.data.allocationId,
          stage: 'ALLOCATED',
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          amountFen: BigInt(event.data.amountFen),
          payerOrganisationId: event.data.payerOrganisationId,
          payerName: null,
          payeeOrganisationId: event.data.payeeOrganisationId,
          payeeName: null,
          description: event.data.purpose,
          occurredAt: new Date(event.time),
          links: links(event.data.sources),
        }),
      ),
      on(ProcurementRecorded, (event, manager) =>
        this.ledger.record(manager, event, {
          id: event.data.procurementId,
          stage: 'SPENT',
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          amountFen: BigInt(event.data.amountFen),
          payerOrganisationId: event.data.payerOrganisationId,
          payerName: null,
          payeeOrganisationId: null,
          payeeName: event.data.supplierName,
          description: `${event.data.quantity} × ${event.data.itemDescription}`,
          occurredAt: new Date(event.time),
          links: links(event.data.sources),
        }),
      ),
    ];
  }
}
