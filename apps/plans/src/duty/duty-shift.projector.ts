import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DutyShiftCancelled, DutyShiftScheduled, type DutyShiftScheduledV1 } from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';

/** Keeps the organisations' duty shifts, scheduled and cancelled, from the organisations topic. */
@Injectable()
export class DutyShiftProjector implements EventProjector {
  readonly domains = ['organisations'];

  bindings() {
    return [
      on(DutyShiftScheduled, (event, manager) => remember(manager, event.data, null)),
      // The cancellation carries the shift as scheduled: it is kept even if its scheduling was never seen.
      on(DutyShiftCancelled, (event, manager) => remember(manager, event.data, event.data.cancelledAt)),
    ];
  }
}

async function remember(manager: EntityManager, shift: DutyShiftScheduledV1, cancelledAt: string | null) {
  await manager.query(
    `INSERT INTO duty_shift (shift_id, organisation_id, role, starts_at, ends_at, cancelled_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (shift_id) DO UPDATE SET cancelled_at = COALESCE(EXCLUDED.cancelled_at, duty_shift.cancelled_at)`,
    [shift.shiftId, shift.organisationId, shift.role, shift.startsAt, shift.endsAt, cancelledAt],
  );
}
