import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  IncidentGraded,
  IncidentReported,
  IncidentReportedV1Contract,
  IncidentResponseDeclared,
  IncidentResponseLifted,
} from '@emergency/contracts';
import { on, type CloudEvent } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import type { IncidentView } from './activation-rules';
import { ActivationMatcher } from './activation-matcher';
import type { KnownIncidentEntity } from './activation.entity';
import { ActivationRepository } from './activation.repository';

/** Where and what an incident is, as every incidents event carries it. */
interface IncidentKey {
  incidentId: string;
  regionCode: string;
  category: string;
  subcategory: string | null;
}

/**
 * Keeps the plans service's view of each incident from the incidents topic, and starts the plans in force that the
 * incident reaches (category, region, level against the activation thresholds) or stands down those it no longer
 * reaches, each with its event, in the transaction that applies the incidents event. The consumer applies an event
 * once; an event that changes nothing (a repeat of the same level) starts nothing, since a plan in force for an
 * incident is not started again.
 */
@Injectable()
export class ActivationProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(
    private readonly repository: ActivationRepository,
    private readonly matcher: ActivationMatcher,
  ) {}

  bindings() {
    return [
      on(IncidentReported, (event, manager) =>
        this.apply(manager, event, event.data, event.time, (known) => ({
          grade: event.data.severity,
          responseLevel: known?.responseLevel ?? null,
          status: known?.status ?? 'REPORTED',
        })),
      ),
      // The first version carries no subcategory: plans naming subcategories do not match it.
      on(IncidentReportedV1Contract, (event, manager) =>
        this.apply(manager, event, { ...event.data, subcategory: null }, event.time, (known) => ({
          grade: event.data.severity,
          responseLevel: known?.responseLevel ?? null,
          status: known?.status ?? 'REPORTED',
        })),
      ),
      on(IncidentGraded, (event, manager) =>
        this.apply(manager, event, event.data, event.data.decidedAt, (known) => ({
          grade: event.data.grade,
          responseLevel: known?.responseLevel ?? null,
          status: known?.status ?? 'REPORTED',
        })),
      ),
      on(IncidentResponseDeclared, (event, manager) =>
        this.apply(manager, event, event.data, event.data.declaredAt, (known) => ({
          grade: known?.grade ?? null,
          responseLevel: event.data.level,
          status: 'RESPONDING',
        })),
      ),
      on(IncidentResponseLifted, (event, manager) =>
        this.apply(manager, event, event.data, event.data.liftedAt, (known) => ({
          grade: known?.grade ?? null,
          responseLevel: null,
          status: 'RECOVERY',
        })),
      ),
    ];
  }

  private async apply(
    manager: EntityManager,
    event: CloudEvent<unknown>,
    key: IncidentKey,
    at: string,
    change: (known: KnownIncidentEntity | null) => Pick<IncidentView, 'grade' | 'responseLevel' | 'status'>,
  ): Promise<void> {
    const known = await this.repository.findIncidentForUpdate(manager, key.incidentId);
    const incident: KnownIncidentEntity = {
      id: key.incidentId,
      regionCode: key.regionCode,
      category: key.category,
      subcategory: key.subcategory,
      ...change(known),
    };
    await this.repository.saveIncident(manager, incident);

    await this.matcher.rematch(manager, incident, {
      eventId: event.id,
      eventType: eventName(event.type),
      at: new Date(at),
      context: { correlationId: event.correlationid, causationId: event.id },
    });
  }
}

/** `IncidentGraded` of the event type `incidents.IncidentGraded.v1`. */
function eventName(type: string): string {
  return type.split('.')[1] ?? type;
}
