import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PlanDrafted } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  eventContext,
  loadById,
  loaderKey,
  loadPage,
  oneOf,
  requiredCalendarDate,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import { inJurisdiction, visibleRegionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, createdAtKey, type PageArgs } from '@emergency/paging';
import {
  PLAN_CATEGORIES,
  PLAN_LEVELS,
  type PlanCategory,
  type PlanEntity,
  type PlanLevel,
} from './plan.entity';
import { PlanRepository } from './plan.repository';

export interface DraftContingencyPlanInput {
  title: string;
  level: PlanLevel;
  category: PlanCategory;
  ownerOrganisationId: string;
  regionCode: string;
  reviewDueOn: string;
}

export interface PlanFilter {
  regionCode?: string | null;
  category?: PlanCategory | null;
}

/** Request-scoped first pages of `Organisation.plans`. */
const PLANS_OF_ORGANISATION = loaderKey<PlanEntity[]>('Organisation.plans');

/** Plans by id, for this request. */
const PLANS = loaderKey<PlanEntity>('ContingencyPlan');

@Injectable()
export class PlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PlanRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<PlanEntity | null> {
    const plan = await loadById(ctx, PLANS, (ids) => this.repository.findByIds(ids), id);
    return plan && inJurisdiction(ctx.identity, plan.regionCode) ? plan : null;
  }

  async list(ctx: RequestContext, filter: PlanFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    // The requested region lies wholly outside the caller's jurisdiction.
    if (prefix === null) return toConnection([], page, createdAtKey);
    const rows = await this.repository.list(
      { regionPrefix: prefix, category: filter.category ?? undefined },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, createdAtKey);
  }

  /** An organisation's plans; the first page of every organisation in the request is loaded in one statement. */
  async ofOrganisation(ctx: RequestContext, organisationId: string, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, PLANS_OF_ORGANISATION, page, organisationId, {
      firstPages: (ownerIds, limit) => this.repository.newestOf(ownerIds, limit),
      parentOf: (p) => p.ownerOrganisationId,
      nextPage: () =>
        this.repository.list({ ownerOrganisationIds: [organisationId] }, page, readTimeKey(page)),
    });
    const visible = rows.filter((p) => inJurisdiction(ctx.identity, p.regionCode));
    return toConnection(visible, page, createdAtKey);
  }

  async draft(ctx: RequestContext, input: DraftContingencyPlanInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const title = requiredText(input.title, 'title', 200);
    const level = oneOf(PLAN_LEVELS, input.level, 'level');
    const category = oneOf(PLAN_CATEGORIES, input.category, 'category');
    const ownerOrganisationId = requiredUuid(input.ownerOrganisationId, 'ownerOrganisationId');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const reviewDueOn = requiredCalendarDate(input.reviewDueOn, 'reviewDueOn');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    await this.organisations.requireActive(ownerOrganisationId, 'ownerOrganisationId');
    return write(ctx, this.dataSource, async (manager) => {
      const plan = await this.repository.insert(manager, {
        id: randomUUID(),
        title,
        level,
        category,
        ownerOrganisationId,
        regionCode,
        status: 'DRAFT',
        reviewDueOn,
      });
      await this.outbox.publish(
        manager,
        PlanDrafted,
        plan.id,
        {
          planId: plan.id,
          title,
          category: plan.category,
          ownerOrganisationId: plan.ownerOrganisationId,
          regionCode: plan.regionCode,
        },
        eventContext(ctx),
      );
      return plan;
    });
  }
}
