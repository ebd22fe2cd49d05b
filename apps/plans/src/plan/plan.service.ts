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
  badInput,
  optionalText,
  optionalUuid,
  requiredCalendarDate,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import {
  categoryOfSubcategory,
  chinaDateOf,
  EMERGENCY_CATEGORIES,
  inJurisdiction,
  regionCovers,
  visibleRegionPrefix,
  type EmergencyCategory,
} from '@emergency/domain';
import { readPage, readTimeKey, createdAtKey, type PageArgs } from '@emergency/paging';
import {
  PLAN_LEVELS,
  PLAN_STATUSES,
  PLAN_TYPES,
  type PlanEntity,
  type PlanLevel,
  type PlanStatus,
  type PlanType,
} from './plan.entity';
import { PlanErrorCode, PlanException } from './plan.exception';
import { PlanRepository } from './plan.repository';
import { PLAN_OVERDUE_KINDS, type PlanOverdueKind } from '../plan-version/plan-version.entity';
import {
  readAttachments,
  readSections,
  type PlanAttachmentInput,
  type PlanSectionsInput,
} from '../plan-version/plan-version-input';
import { PlanVersionWriter } from '../plan-version/plan-version.writer';

export interface DraftContingencyPlanInput {
  title: string;
  planType: PlanType;
  level: PlanLevel;
  category?: EmergencyCategory | null;
  subcategories?: string[] | null;
  ownerOrganisationId: string;
  leadOrganisationId?: string | null;
  commandBody?: string | null;
  parentPlanId?: string | null;
  regionCode: string;
  jointRegionCodes?: string[] | null;
  reviewDueOn?: string | null;
  sections?: PlanSectionsInput | null;
  attachments?: PlanAttachmentInput[] | null;
}

export interface PlanFilter {
  regionCode?: string | null;
  planType?: PlanType | null;
  category?: EmergencyCategory | null;
  subcategory?: string | null;
  ownerOrganisationId?: string | null;
  status?: PlanStatus | null;
  level?: PlanLevel | null;
  parentPlanId?: string | null;
  titleContains?: string | null;
  overdue?: PlanOverdueKind | null;
}

/** Levels of government that make overall plans (YAB13 art. 7: county level and above). */
const OVERALL_PLAN_LEVELS: readonly PlanLevel[] = ['PROVINCIAL', 'PREFECTURAL', 'COUNTY'];
/** Types bound to one level. */
const LEVEL_OF_TYPE: Partial<Record<PlanType, PlanLevel>> = { TOWNSHIP: 'TOWNSHIP', COMMUNITY: 'VILLAGE' };

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
    private readonly versions: PlanVersionWriter,
    private readonly clock: Clock,
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
      {
        regionPrefix: prefix,
        planType: filter.planType ? oneOf(PLAN_TYPES, filter.planType, 'filter.planType') : undefined,
        category: filter.category
          ? oneOf(EMERGENCY_CATEGORIES, filter.category, 'filter.category')
          : undefined,
        subcategory: filter.subcategory ?? undefined,
        ownerOrganisationIds: filter.ownerOrganisationId
          ? [requiredUuid(filter.ownerOrganisationId, 'filter.ownerOrganisationId')]
          : undefined,
        status: filter.status ? oneOf(PLAN_STATUSES, filter.status, 'filter.status') : undefined,
        level: filter.level ? oneOf(PLAN_LEVELS, filter.level, 'filter.level') : undefined,
        parentPlanId: filter.parentPlanId
          ? requiredUuid(filter.parentPlanId, 'filter.parentPlanId')
          : undefined,
        titleContains: filter.titleContains
          ? requiredText(filter.titleContains, 'filter.titleContains', 200)
          : undefined,
        overdue: filter.overdue
          ? {
              kind: oneOf(PLAN_OVERDUE_KINDS, filter.overdue, 'filter.overdue'),
              today: chinaDateOf(this.clock.now()),
            }
          : undefined,
      },
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
    const planType = oneOf(PLAN_TYPES, input.planType, 'planType');
    const level = oneOf(PLAN_LEVELS, input.level, 'level');
    const { category, subcategories } = planCoverage(planType, input.category, input.subcategories);
    requireLevelOfType(planType, level);
    const ownerOrganisationId = requiredUuid(input.ownerOrganisationId, 'ownerOrganisationId');
    const leadOrganisationId =
      optionalUuid(input.leadOrganisationId, 'leadOrganisationId') ?? ownerOrganisationId;
    const commandBody = optionalText(input.commandBody, 'commandBody', 200);
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const jointRegionCodes = this.jointRegions(planType, regionCode, input.jointRegionCodes ?? []);
    const reviewDueOn = input.reviewDueOn ? requiredCalendarDate(input.reviewDueOn, 'reviewDueOn') : null;
    const sections = readSections(input.sections, null, 'sections');
    const attachments = readAttachments(input.attachments, [], 'attachments');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const parentPlanId = optionalUuid(input.parentPlanId, 'parentPlanId') ?? null;
    if (parentPlanId) await this.requireParent(ctx, parentPlanId, regionCode);
    await this.organisations.requireActive(ownerOrganisationId, 'ownerOrganisationId');
    if (leadOrganisationId !== ownerOrganisationId)
      await this.organisations.requireActive(leadOrganisationId, 'leadOrganisationId');
    return write(ctx, this.dataSource, async (manager) => {
      const plan = await this.repository.insert(manager, {
        id: randomUUID(),
        title,
        planType,
        level,
        category,
        subcategories,
        ownerOrganisationId,
        leadOrganisationId,
        commandBody,
        parentPlanId,
        regionCode,
        jointRegionCodes,
        status: 'DRAFT',
        reviewDueOn,
        evaluationOverdueAt: null,
        retiredOn: null,
        retiredReason: null,
      });
      await this.outbox.publish(
        manager,
        PlanDrafted,
        plan.id,
        {
          planId: plan.id,
          title,
          planType,
          level,
          category,
          subcategories,
          ownerOrganisationId,
          leadOrganisationId,
          parentPlanId,
          regionCode,
          jointRegionCodes,
        },
        eventContext(ctx),
      );
      await this.versions.open(manager, ctx, plan, {
        version: 1,
        sections,
        attachments,
        trigger: null,
        note: null,
        major: true,
      });
      return plan;
    });
  }

  /** A plan the caller may see, or PLAN_NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field: string): Promise<PlanEntity> {
    const plan = await this.get(ctx, requiredUuid(id, field));
    if (!plan)
      throw new PlanException(
        PlanErrorCode.PlanNotFound,
        `contingency plan ${id} does not exist or is outside your jurisdiction`,
        { field, id },
      );
    return plan;
  }

  private async requireParent(ctx: RequestContext, parentPlanId: string, regionCode: string) {
    const parent = await this.require(ctx, parentPlanId, 'parentPlanId');
    if (parent.status === 'RETIRED' || !regionCovers(parent.regionCode, regionCode))
      throw new PlanException(
        PlanErrorCode.PlanParentOutsideRegion,
        `plan ${parentPlanId} (${parent.regionCode}, ${parent.status}) cannot be the higher plan of a plan for ${regionCode}`,
        { field: 'parentPlanId', parentPlanId, parentRegionCode: parent.regionCode },
      );
  }

  /** A joint plan's other regions: at least one, each known, none its own region; none for other types. */
  private jointRegions(planType: PlanType, regionCode: string, given: readonly string[]): string[] {
    const codes = [...new Set(given)];
    if ((planType === 'JOINT') !== codes.length > 0)
      throw new PlanException(
        PlanErrorCode.PlanTypeMismatch,
        planType === 'JOINT'
          ? 'a joint plan names the other regions it is made with'
          : `only a joint plan names other regions, not a ${planType} plan`,
        { field: 'jointRegionCodes', planType },
      );
    codes.forEach((code, i) => {
      const field = `jointRegionCodes[${i}]`;
      requiredRegionCode(code, field);
      this.regions.require(code, field);
      if (code === regionCode) throw badInput(`${code} is the plan's own region`, field);
    });
    return codes;
  }
}

/**
 * What a plan of `planType` covers: an overall plan every category (none may be given); a special plan one
 * category, all of it or the subcategories named; other types a category when they name one, every category
 * otherwise. Subcategories must be the category's in the shared tree.
 */
export function planCoverage(
  planType: PlanType,
  category: string | null | undefined,
  subcategories: readonly string[] | null | undefined,
): { category: EmergencyCategory | null; subcategories: string[] } {
  const subs = [...new Set(subcategories ?? [])];
  if (planType === 'OVERALL' && (category || subs.length > 0))
    throw new PlanException(PlanErrorCode.PlanTypeMismatch, 'an overall plan covers every category', {
      field: category ? 'category' : 'subcategories',
      planType,
    });
  if (planType === 'SPECIAL' && !category)
    throw new PlanException(PlanErrorCode.PlanTypeMismatch, 'a special plan is written for one category', {
      field: 'category',
      planType,
    });
  if (!category) {
    if (subs.length > 0) throw badInput('subcategories need the category they belong to', 'category');
    return { category: null, subcategories: [] };
  }
  const checked = oneOf(EMERGENCY_CATEGORIES, category, 'category');
  subs.forEach((sub, i) => {
    if (categoryOfSubcategory(sub) !== checked)
      throw badInput(`${JSON.stringify(sub)} is not a subcategory of ${checked}`, `subcategories[${i}]`);
  });
  return { category: checked, subcategories: subs };
}

function requireLevelOfType(planType: PlanType, level: PlanLevel) {
  const fixed = LEVEL_OF_TYPE[planType];
  const fits = fixed ? level === fixed : planType !== 'OVERALL' || OVERALL_PLAN_LEVELS.includes(level);
  if (!fits)
    throw new PlanException(
      PlanErrorCode.PlanTypeMismatch,
      `a ${planType} plan is not made at ${level} level`,
      { field: 'level', planType },
    );
}
