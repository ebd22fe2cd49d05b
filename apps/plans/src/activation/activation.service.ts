import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanActivationRulesSet } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loadById,
  loaderKey,
  loadGroup,
  loadPage,
  oneOf,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireRole,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { Clock, RegionScope, write } from '@emergency/subgraph';
import {
  inJurisdiction,
  jurisdictionPrefix,
  regionPrefix,
  rulesOfMostSpecificPrefix,
} from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { PLAN_LEVELS, type PlanEntity } from '../plan/plan.entity';
import { INCIDENT_LEVELS, leadingPlan } from './activation-rules';
import type { ActivationThresholdEntity, PlanActivationEntity } from './activation.entity';
import { ActivationRepository } from './activation.repository';

export interface SetPlanActivationThresholdsInput {
  regionCode?: string | null;
  thresholds: { planLevel: string; fromLevel: string; source: string }[];
}

export interface IncidentLead {
  activation: PlanActivationEntity;
  planLevel: PlanEntity['level'];
  planType: PlanEntity['planType'];
  leadOrganisationId: string;
  commandBody: string | null;
}

/** The activations in force of an incident, for this request. */
const IN_FORCE_OF_INCIDENT = loaderKey<PlanActivationEntity[]>('Incident.activatedPlans');
/** Plans by id as activation reads them (jurisdiction applied by the caller). */
const ACTIVATED_PLANS = loaderKey<PlanEntity>('PlanActivation.plan');
/** First pages of `ContingencyPlan.activations`. */
const ACTIVATIONS_OF_PLAN = loaderKey<PlanActivationEntity[]>('ContingencyPlan.activations');

const activatedAtKey = (a: PlanActivationEntity) => timeKeyOf(a.activatedAt, a.id);

/**
 * Which plans incidents started (the activations the projector records), who leads, and the activation thresholds
 * per jurisdiction.
 */
@Injectable()
export class ActivationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ActivationRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly clock: Clock,
  ) {}

  /** The activations in force of an incident the caller may see (its region in the caller's jurisdiction). */
  async inForce(ctx: RequestContext, incidentId: string): Promise<PlanActivationEntity[]> {
    const rows = await loadGroup(
      ctx,
      IN_FORCE_OF_INCIDENT,
      (ids) => this.repository.inForceOf(ids),
      (a) => a.incidentId,
      incidentId,
    );
    return rows.filter((a) => inJurisdiction(ctx.identity, a.regionCode));
  }

  async forIncident(ctx: RequestContext, incidentId: string) {
    const id = requiredUuid(incidentId, 'incidentId');
    const activations = await this.inForce(ctx, id);
    return { incidentId: id, activations, lead: await this.lead(activations) };
  }

  /** The lead of the highest-level plan started (see {@link leadingPlan}). */
  private async lead(activations: PlanActivationEntity[]): Promise<IncidentLead | null> {
    if (activations.length === 0) return null;
    const plans = await this.repository.findPlans(activations.map((a) => a.planId));
    const withPlans = activations.flatMap((a) => {
      const plan = plans.find((p) => p.id === a.planId);
      return plan ? [{ id: a.id, activatedAt: a.activatedAt, activation: a, plan }] : [];
    });
    const leading = leadingPlan(withPlans);
    return (
      leading && {
        activation: leading.activation,
        planLevel: leading.plan.level,
        planType: leading.plan.planType,
        leadOrganisationId: leading.plan.leadOrganisationId,
        commandBody: leading.plan.commandBody,
      }
    );
  }

  /** The activated plan, when the caller may see it. */
  async planOf(ctx: RequestContext, activation: PlanActivationEntity): Promise<PlanEntity | null> {
    const plan = await loadById(
      ctx,
      ACTIVATED_PLANS,
      (ids) => this.repository.findPlans(ids),
      activation.planId,
    );
    return plan && inJurisdiction(ctx.identity, plan.regionCode) ? plan : null;
  }

  /** A plan's activations by incidents within the caller's jurisdiction, newest first. */
  async ofPlan(ctx: RequestContext, planId: string, args: PageArgs) {
    const page = readPage(args);
    const prefix = jurisdictionPrefix(ctx.identity) ?? '';
    const rows = await loadPage(ctx, ACTIVATIONS_OF_PLAN, page, planId, {
      firstPages: (planIds, limit) => this.repository.newestOfPlans(planIds, prefix, limit),
      parentOf: (a) => a.planId,
      nextPage: () => this.repository.ofPlan(planId, prefix, page, readTimeKey(page)),
    });
    return toConnection(rows, page, activatedAtKey);
  }

  async thresholds(regionCode: string): Promise<ActivationThresholdEntity[]> {
    const code = requiredRegionCode(regionCode, 'regionCode');
    return rulesOfMostSpecificPrefix(await this.repository.thresholds(), code);
  }

  async setThresholds(ctx: RequestContext, input: SetPlanActivationThresholdsInput) {
    requireRole(ctx, 'admin');
    let prefix = '';
    if (input.regionCode) {
      const code = requiredRegionCode(input.regionCode, 'regionCode');
      this.regions.require(code, 'regionCode');
      prefix = regionPrefix(code);
    }
    const seen = new Set<string>();
    const rows: ActivationThresholdEntity[] = input.thresholds.map((t, i) => {
      const field = `thresholds[${i}]`;
      const planLevel = oneOf(PLAN_LEVELS, t.planLevel, `${field}.planLevel`);
      if (seen.has(planLevel)) throw badInput(`${planLevel} is given twice`, `${field}.planLevel`);
      seen.add(planLevel);
      return {
        regionPrefix: prefix,
        planLevel,
        fromLevel: oneOf(INCIDENT_LEVELS, t.fromLevel, `${field}.fromLevel`),
        source: requiredText(t.source, `${field}.source`, 500),
        systemDefault: false,
      };
    });
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      await this.repository.replaceThresholds(manager, prefix, rows);
      await this.outbox.publish(
        manager,
        PlanActivationRulesSet,
        // One key per jurisdiction, so its replacements stay in order.
        `plan-activation-thresholds:${prefix}`,
        {
          regionPrefix: prefix,
          thresholds: rows.map((r) => ({ planLevel: r.planLevel, fromLevel: r.fromLevel, source: r.source })),
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return rows;
    });
  }
}
