import { Injectable } from '@nestjs/common';
import { FundAllocated, FundContributionRecorded, OrganisationDissolved } from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';

/**
 * What the anomaly rules need that the ledger and goods records do not keep, each in the anomaly feature's own
 * table: the organisations dissolved (organisations topic), the expiry date each receipt of goods stated (supplies
 * topic), the donor's direction of each directed contribution and the purpose of each allocation (incidents topic).
 * Recorded once each, whatever a redelivery repeats.
 */
@Injectable()
export class AnomalyFactsProjector implements EventProjector {
  readonly domains = ['organisations', 'supplies', 'incidents'];

  bindings() {
    return [
      on(OrganisationDissolved, async (event, manager) => {
        await manager.query(
          `INSERT INTO anomaly_dissolved_organisation (organisation_id, dissolved_at, source_event_id)
           VALUES ($1, $2, $3) ON CONFLICT (organisation_id) DO NOTHING`,
          [event.data.organisationId, new Date(event.data.dissolvedAt), event.id],
        );
      }),
      on(FundContributionRecorded, async (event, manager) => {
        const { contributionId, directedPurpose, directedOrganisationId } = event.data;
        if (!directedPurpose && !directedOrganisationId) return;
        await manager.query(
          `INSERT INTO anomaly_contribution_direction
             (contribution_id, directed_purpose, directed_organisation_id, source_event_id)
           VALUES ($1, $2, $3, $4) ON CONFLICT (contribution_id) DO NOTHING`,
          [contributionId, directedPurpose, directedOrganisationId, event.id],
        );
      }),
      on(FundAllocated, async (event, manager) => {
        await manager.query(
          `INSERT INTO anomaly_allocation_purpose (allocation_id, purpose_category, source_event_id)
           VALUES ($1, $2, $3) ON CONFLICT (allocation_id) DO NOTHING`,
          [event.data.allocationId, event.data.purposeCategory, event.id],
        );
      }),
    ];
  }
}
