import { Injectable } from '@nestjs/common';
import {
  FundAllocated,
  FundContributionRecorded,
  FundContributionRecordedV1Contract,
  FundContributionRecordedV2Contract,
} from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { AnnouncementRepository } from './announcement.repository';

/**
 * Keeps what the announcement table needs of contributions and allocations that the ledger's flows do not carry:
 * a contribution's kind, fiscal level and programme, channel, direction and receiving organisation, and an
 * allocation's purpose category. Each once, by contribution or allocation id and by event id.
 */
@Injectable()
export class AnnouncementSourceProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(private readonly repository: AnnouncementRepository) {}

  bindings() {
    return [
      on(FundContributionRecorded, (event, manager) => {
        const c = event.data;
        return this.repository.insertContribution(manager, {
          contributionId: c.contributionId,
          fundId: c.money.fundId,
          incidentId: c.money.incidentId,
          kind: c.kind,
          fiscalLevel: c.fiscalLevel,
          programme: c.programme,
          channel: c.channel,
          directed: c.directedPurpose !== null || c.directedOrganisationId !== null,
          receiverOrganisationId: c.receivingOrganisationId ?? c.money.payee.organisationId,
          sourceEventId: event.id,
        });
      }),
      // Published before levels, channels and directions were recorded: the kind and the payee are all they tell.
      on(FundContributionRecordedV2Contract, (event, manager) =>
        this.repository.insertContribution(manager, {
          contributionId: event.data.contributionId,
          fundId: event.data.money.fundId,
          incidentId: event.data.money.incidentId,
          kind: event.data.kind,
          fiscalLevel: null,
          programme: null,
          channel: null,
          directed: false,
          receiverOrganisationId: event.data.money.payee.organisationId,
          sourceEventId: event.id,
        }),
      ),
      on(FundContributionRecordedV1Contract, (event, manager) =>
        this.repository.insertContribution(manager, {
          contributionId: event.data.contributionId,
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          kind: event.data.kind,
          fiscalLevel: null,
          programme: null,
          channel: null,
          directed: false,
          receiverOrganisationId: event.data.payeeOrganisationId,
          sourceEventId: event.id,
        }),
      ),
      on(FundAllocated, (event, manager) =>
        this.repository.insertAllocation(manager, {
          allocationId: event.data.allocationId,
          fundId: event.data.money.fundId,
          incidentId: event.data.money.incidentId,
          purposeCategory: event.data.purposeCategory,
          sourceEventId: event.id,
        }),
      ),
    ];
  }
}
