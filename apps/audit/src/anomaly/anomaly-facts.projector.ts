import { Injectable } from '@nestjs/common';
import { OrganisationDissolved } from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';

/**
 * What the anomaly rules need that the ledger and goods records do not keep: the organisations dissolved
 * (organisations topic), once each whatever a redelivery repeats. The donor's direction of a contribution and the
 * purpose of an allocation are kept with the ledger's flows (`audit_contribution`, `audit_allocation`), a lot's
 * expiry with the lot (`goods_lot.expires_on`).
 */
@Injectable()
export class AnomalyFactsProjector implements EventProjector {
  readonly domains = ['organisations'];

  bindings() {
    return [
      on(OrganisationDissolved, async (event, manager) => {
        await manager.query(
          `INSERT INTO anomaly_dissolved_organisation (organisation_id, dissolved_at, source_event_id)
           VALUES ($1, $2, $3) ON CONFLICT (organisation_id) DO NOTHING`,
          [event.data.organisationId, new Date(event.data.dissolvedAt), event.id],
        );
      }),
    ];
  }
}
