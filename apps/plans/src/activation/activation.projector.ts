import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  IncidentGraded,
  IncidentReported,
  IncidentReportedV1Contract,
  IncidentResponseDeclared,
  IncidentResponseLifted,
  PlanActivated,
  PlanDeactivated,
} from '@emergency/contracts';
import { on, Outbox, type CloudEvent } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import {
  deactivationReason,
  levelInForce,
  plansToActivate,
  type IncidentLevel,
  type IncidentView,
} from './activation-rules';
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
    private readonly outbox: Outbox,
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

    // One connection serves the transaction: the reads go one after another.
    const plans = await this.repository.plansInForce(manager, incident.category);
    const rules = await this.repository.thresholds(manager);
    const inForce = await this.repository.inForceOf([incident.id], manager);
    const started = plansToActivate(plans, incident, rules);
    const startedIds = new Set(started.map((p) => p.id));
    const when = new Date(at);
    const context = { correlationId: event.correlationid, causationId: event.id };
    const level = levelInForce(incident);

    const ending = inForce.filter((a) => !startedIds.has(a.planId));
    const endingPlans =
      ending.length > 0
        ? await this.repository.findPlans(
            ending.map((a) => a.planId),
            manager,
          )
        : [];
    for (const activation of ending) {
      const reason = deactivationReason(
        endingPlans.find((p) => p.id === activation.planId),
        incident,
      );
      await this.repository.deactivate(manager, activation.id, when, reason, event.id);
      await this.outbox.publish(
        manager,
        PlanDeactivated,
        incident.id,
        {
          activationId: activation.id,
          planId: activation.planId,
          incidentId: incident.id,
          regionCode: incident.regionCode,
          level,
          reason,
          deactivatedAt: when.toISOString(),
        },
        context,
      );
    }

    const alreadyInForce = new Set(inForce.map((a) => a.planId));
    for (const plan of started.filter((p) => !alreadyInForce.has(p.id))) {
      const id = randomUUID();
      await this.repository.insertActivation(manager, {
        id,
        incidentId: incident.id,
        planId: plan.id,
        regionCode: incident.regionCode,
        level: level as IncidentLevel,
        activatedAt: when,
        triggeredBy: eventName(event.type),
        triggeringEventId: event.id,
        deactivatedAt: null,
        deactivationReason: null,
        deactivatingEventId: null,
      });
      await this.outbox.publish(
        manager,
        PlanActivated,
        incident.id,
        {
          activationId: id,
          planId: plan.id,
          incidentId: incident.id,
          regionCode: incident.regionCode,
          category: incident.category,
          subcategory: incident.subcategory,
          level: level as IncidentLevel,
          leadOrganisationId: plan.leadOrganisationId,
          activatedAt: when.toISOString(),
        },
        context,
      );
    }
  }
}

/** `IncidentGraded` of the event type `incidents.IncidentGraded.v1`. */
function eventName(type: string): string {
  return type.split('.')[1] ?? type;
}
