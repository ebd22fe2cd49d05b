import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PlanDrafted } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  badInput,
  eventContext,
  loadById,
  loadPage,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import { inJurisdiction, regionPrefix, isCalendarDate, REGION_CODE } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import {
  PLAN_CATEGORIES,
  PLAN_LEVELS,
  type PlanCategory,
  type PlanEntity,
  type PlanLevel,
} from './plan.entity';
import { PlansException } from './plan.exception';
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

const createdKey = (p: PlanEntity) => timeKeyOf(p.createdAt, p.id);
/** Request-scoped first pages of `Organisation.plans`. */
const PLANS_OF_ORGANISATION = loaderKey<PlanEntity[]>('Organisation.plans');

function requireRegionCode(value: string, field: string): void {
  if (!REGION_CODE.test(value)) {
    throw new PlansException(
      CommonErrorCode.InvalidRegionCode,
      `${field} must be a 6-digit GB/T 2260 code such as 420000 (got ${value})`,
      { field },
    );
  }
}

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
    if (filter.regionCode) requireRegionCode(filter.regionCode, 'filter.regionCode');
    // The narrower of the requested region and the caller's jurisdiction; none when they do not overlap.
    const requested = filter.regionCode ? regionPrefix(filter.regionCode) : undefined;
    const own = ctx.identity.regionCode ? regionPrefix(ctx.identity.regionCode) : undefined;
    if (requested && own && !requested.startsWith(own) && !own.startsWith(requested)) {
      return toConnection([], page, createdKey);
    }
    const prefix = [requested, own].filter((p): p is string => !!p).sort((a, b) => b.length - a.length)[0];
    const rows = await this.repository.list(
      { regionPrefix: prefix, category: filter.category ?? undefined },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, createdKey);
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
    return toConnection(visible, page, createdKey);
  }

  async draft(ctx: RequestContext, input: DraftContingencyPlanInput): Promise<PlanEntity> {
    requireWriter(ctx);
    const title = requiredText(input.title, 'title', 200);
    if (!PLAN_LEVELS.includes(input.level)) throw badInput(`unknown plan level ${input.level}`, 'level');
    if (!PLAN_CATEGORIES.includes(input.category)) {
      throw badInput(`unknown plan category ${input.category}`, 'category');
    }
    const ownerOrganisationId = requiredUuid(input.ownerOrganisationId, 'ownerOrganisationId');
    requireRegionCode(input.regionCode, 'regionCode');
    this.regions.require(input.regionCode, 'regionCode');
    if (!isCalendarDate(input.reviewDueOn)) {
      throw new PlansException(
        CommonErrorCode.InvalidDate,
        `reviewDueOn must be a calendar date written YYYY-MM-DD (got ${input.reviewDueOn})`,
        { field: 'reviewDueOn' },
      );
    }
    if (!inJurisdiction(ctx.identity, input.regionCode)) {
      throw new PlansException(
        CommonErrorCode.OutsideJurisdiction,
        `region ${input.regionCode} is outside your jurisdiction`,
        { field: 'regionCode' },
      );
    }
    await this.organisations.requireActive(ownerOrganisationId, 'ownerOrganisationId');
    return write(ctx, this.dataSource, async (manager) => {
      const plan = await this.repository.insert(manager, {
        id: randomUUID(),
        title,
        level: input.level,
        category: input.category,
        ownerOrganisationId,
        regionCode: input.regionCode,
        status: 'DRAFT',
        reviewDueOn: input.reviewDueOn,
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
