import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PlanActivated, PlanDeactivated } from '@emergency/contracts';
import { Outbox, type EventContext } from '@emergency/events';
import { deactivationReason, levelInForce, plansToActivate, type IncidentLevel } from './activation-rules';
import type { KnownIncidentEntity } from './activation.entity';
import { ActivationRepository } from './activation.repository';

/** What made the plans be matched again: an incidents event, or a change of a plan (its issue, its retirement). */
export interface MatchTrigger {
  /** The id of the event that caused it (the incidents event, or the plan event published in the same write). */
  eventId: string;
  /** Its name: IncidentReported, IncidentResponseDeclared, PlanIssued, ... */
  eventType: string;
  at: Date;
  context: EventContext;
}

/**
 * Brings an incident's activations in line with the plans in force and the thresholds: starts the plans it now
 * reaches and stands down those it no longer does, each with its event, in the caller's transaction. Matching the
 * same state twice changes nothing.
 */
@Injectable()
export class ActivationMatcher {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly outbox: Outbox,
  ) {}

  async rematch(manager: EntityManager, incident: KnownIncidentEntity, trigger: MatchTrigger): Promise<void> {
    // One connection serves the transaction: the reads go one after another.
    const plans = await this.repository.plansInForce(manager, incident.category);
    const rules = await this.repository.thresholds(manager);
    const inForce = await this.repository.inForceOf([incident.id], manager);
    const started = plansToActivate(plans, incident, rules);
    const startedIds = new Set(started.map((p) => p.id));
    const { at: when, context } = trigger;
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
      await this.repository.deactivate(manager, activation.id, when, reason, trigger.eventId);
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
        triggeredBy: trigger.eventType,
        triggeringEventId: trigger.eventId,
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

  /**
   * For the plan lifecycle: once a plan was issued (or retired, or changed) in `manager`'s transaction, starts it for
   * every known incident with a level in force that it reaches, and stands it down where it no longer applies.
   */
  async planChanged(manager: EntityManager, planId: string, trigger: MatchTrigger): Promise<void> {
    for (const incident of await this.repository.incidentsToRematch(manager, planId)) {
      await this.rematch(manager, incident, trigger);
    }
  }
}
