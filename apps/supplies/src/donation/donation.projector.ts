import { Injectable } from '@nestjs/common';
import {
  FundAllocated,
  FundContributionPaid,
  FundContributionRecorded,
  type MoneyBlock,
} from '@emergency/contracts';
import { on, PermanentEventError } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { DonationRepository, type LearnedLine } from './donation.repository';

const linesOf = (money: MoneyBlock): LearnedLine[] =>
  money.goods.map((g, position) => ({
    position,
    description: g.description,
    unit: g.unit,
    quantity: g.quantity,
    unitValueFen: BigInt(g.unitValueFen),
  }));

/**
 * Learns of goods given in kind from the incidents topic: allocations of goods in kind (received by their recipient)
 * and in-kind contributions (received by their receiving organisation), with their goods lines, donors and
 * directions. Each is remembered once, by its id; a contribution paid later is marked paid.
 */
@Injectable()
export class DonationProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(private readonly repository: DonationRepository) {}

  bindings() {
    return [
      on(FundAllocated, async (event, manager) => {
        const { money } = event.data;
        // A reconstruction project's goods are the project's; supplies receives an organisation's.
        if (money.form !== 'IN_KIND' || money.projectId || money.goods.length === 0) return;
        const contributionId = money.sources[0]?.origins[0]?.contributionId;
        if (!contributionId || !money.payee.organisationId) {
          throw new PermanentEventError(
            `allocation ${event.data.allocationId} of goods in kind names no contribution or no recipient`,
          );
        }
        await this.repository.remember(
          manager,
          {
            id: event.data.allocationId,
            kind: 'ALLOCATION',
            fundId: money.fundId,
            incidentId: money.incidentId,
            organisationId: money.payee.organisationId,
            contributionId,
            paid: true,
            contributorType: null,
            channel: null,
            donorName: null,
            donorOrganisationId: null,
            directedPurpose: null,
            directedOrganisationId: null,
            description: event.data.purpose,
            valuationBasis: money.valuationBasis,
            sourceEventId: event.id,
          },
          linesOf(money),
        );
      }),
      on(FundContributionRecorded, async (event, manager) => {
        const { data } = event;
        const { money } = data;
        if (money.form !== 'IN_KIND' || money.goods.length === 0) return;
        await this.repository.remember(
          manager,
          {
            id: data.contributionId,
            kind: 'CONTRIBUTION',
            fundId: money.fundId,
            incidentId: money.incidentId,
            organisationId: data.receivingOrganisationId ?? money.payee.organisationId,
            contributionId: data.contributionId,
            paid: data.status === 'PAID',
            contributorType: data.contributorType,
            channel: data.channel,
            donorName: money.payer.name,
            donorOrganisationId: money.payer.organisationId,
            directedPurpose: data.directedPurpose,
            directedOrganisationId: data.directedOrganisationId,
            description: money.description,
            valuationBasis: money.valuationBasis,
            sourceEventId: event.id,
          },
          linesOf(money),
        );
      }),
      on(FundContributionPaid, async (event, manager) => {
        if (event.data.money.form !== 'IN_KIND') return;
        await this.repository.markPaid(manager, event.data.contributionId);
      }),
    ];
  }
}
