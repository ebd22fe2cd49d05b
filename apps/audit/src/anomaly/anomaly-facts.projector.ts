import { Injectable } from '@nestjs/common';
import { OrganisationDissolved, StockReceived } from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';

/**
 * What the anomaly rules need that the ledger and goods records do not keep, each in the anomaly feature's own
 * table: the organisations dissolved (organisations topic), the expiry date each receipt of goods stated (supplies
 * topic). Recorded once each, whatever a redelivery repeats. (The donor's direction of a contribution and the
 * purpose of an allocation are kept with the ledger's flows: `audit_contribution`, `audit_allocation`.)
 */
@Injectable()
export class AnomalyFactsProjector implements EventProjector {
  readonly domains = ['organisations', 'supplies'];

  bindings() {
    return [
      on(OrganisationDissolved, async (event, manager) => {
        await manager.query(
          `INSERT INTO anomaly_dissolved_organisation (organisation_id, dissolved_at, source_event_id)
           VALUES ($1, $2, $3) ON CONFLICT (organisation_id) DO NOTHING`,
          [event.data.organisationId, new Date(event.data.dissolvedAt), event.id],
        );
      }),
      on(StockReceived, async (event, manager) => {
        if (!event.data.expiresOn) return;
        await manager.query(
          `INSERT INTO anomaly_lot_expiry (lot_id, expires_on, source_event_id) VALUES ($1, $2, $3)
           ON CONFLICT (lot_id) DO NOTHING`,
          [event.data.lotId, event.data.expiresOn, event.id],
        );
      }),
    ];
  }
}
