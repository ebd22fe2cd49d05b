import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DemonstrationSiteDesignated, DemonstrationSiteInspected } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  badInput,
  eventContext,
  loader,
  loadById,
  loadPage,
  notFound,
  oneOf,
  pastOrToday,
  requiredCalendarDate,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, regionCovers, chinaToday, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import { OrganisationService } from '../organisation/organisation.service';
import { PersonService } from '../person/person.service';
import { assertDivisionCode, RegionService } from '../region/region.service';
import {
  INSPECTION_RESULTS,
  type DemonstrationSiteInspectionEntity,
  type InspectionResult,
} from './demonstration-site-inspection.entity';
import {
  DEMONSTRATION_SITE_KINDS,
  DEMONSTRATION_SITE_STATUSES,
  DESIGNATION_LEVELS,
  type DemonstrationSiteEntity,
  type DemonstrationSiteKind,
  type DemonstrationSiteStatus,
  type DesignationLevel,
} from './demonstration-site.entity';
import { DemonstrationSiteErrorCode, DemonstrationSiteException } from './demonstration-site.exception';
import { DemonstrationSiteRepository, inspectionKey, siteKey } from './demonstration-site.repository';
import {
  applyInspection,
  checkRectificationDue,
  isInspectionOverdue,
  overdueCutoff,
} from './demonstration-site-rules';

export interface DesignateDemonstrationSiteInput {
  name: string;
  kind: DemonstrationSiteKind;
  level: DesignationLevel;
  regionCode: string;
  organisationId: string;
  designatedOn: string;
}

export interface RecordDemonstrationSiteInspectionInput {
  siteId: string;
  inspectedOn: string;
  inspectorId: string;
  result: InspectionResult;
  findings: string;
  rectificationDueOn?: string | null;
}

export interface DemonstrationSiteFilter {
  regionCode?: string | null;
  kind?: DemonstrationSiteKind | null;
  level?: DesignationLevel | null;
  status?: DemonstrationSiteStatus | null;
  inspectionOverdue?: boolean | null;
}

/**
 * Emergency-management demonstration sites (综合减灾示范社区, 安全发展示范城市, 应急管理示范点) and their
 * inspections. Jurisdiction applies to the site's region.
 */
/** Request-scoped first pages of the list fields of sites. */
const PAGES = {
  ofOrganisation: loaderKey<DemonstrationSiteEntity[]>('Organisation.demonstrationSites'),
  inspections: loaderKey<DemonstrationSiteInspectionEntity[]>('DemonstrationSite.inspections'),
} as const;

/** The request-scoped loaders of sites: by id, and each site's latest inspection. */
const SITES = loaderKey<DemonstrationSiteEntity>('DemonstrationSite');
const LAST_INSPECTIONS = loaderKey<DemonstrationSiteInspectionEntity>('DemonstrationSiteLastInspection');

@Injectable()
export class DemonstrationSiteService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DemonstrationSiteRepository,
    private readonly regions: RegionService,
    private readonly organisations: OrganisationService,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
  ) {}

  /** A site for the caller, batched per request; hidden when its region is outside the jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<DemonstrationSiteEntity | null> {
    const site = await loadById(ctx, SITES, (ids) => this.repository.findByIds(ids), id);
    return site && inJurisdiction(ctx.identity, site.regionCode) ? site : null;
  }

  /** The site `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<DemonstrationSiteEntity> {
    const site = await this.get(ctx, requiredUuid(id, field));
    if (!site) throw notFound('DemonstrationSite', id, field);
    return site;
  }

  /** The site's latest inspection, batched: listing N sites with it costs one statement, not N. */
  lastInspection(ctx: RequestContext, site: DemonstrationSiteEntity) {
    if (site.lastInspectedOn === null) return Promise.resolve(null);
    return loader(
      ctx,
      LAST_INSPECTIONS,
      (siteIds) => this.repository.latestInspections(siteIds),
      (i) => i.siteId,
    ).load(site.id);
  }

  inspectionOverdue(site: DemonstrationSiteEntity): boolean {
    return isInspectionOverdue(site, chinaToday());
  }

  async list(ctx: RequestContext, filter: DemonstrationSiteFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.kind && !DEMONSTRATION_SITE_KINDS.includes(filter.kind))
      throw badInput('unknown kind', 'filter.kind');
    if (filter.level && !DESIGNATION_LEVELS.includes(filter.level))
      throw badInput('unknown level', 'filter.level');
    if (filter.status && !DEMONSTRATION_SITE_STATUSES.includes(filter.status))
      throw badInput('unknown status', 'filter.status');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, siteKey);
    const overdue =
      filter.inspectionOverdue === null || filter.inspectionOverdue === undefined
        ? undefined
        : { is: filter.inspectionOverdue, cutoff: overdueCutoff(chinaToday()) };
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        kind: filter.kind ?? undefined,
        level: filter.level ?? undefined,
        status: filter.status ?? undefined,
        overdue,
      },
      page,
    );
    return toConnection(rows, page, siteKey);
  }

  /** The sites an organisation is responsible for, by name. */
  async ofOrganisation(ctx: RequestContext, organisationId: string, args: PageArgs) {
    const page = readPage(args);
    const regionPrefix = visibleRegionPrefix(ctx.identity) ?? undefined;
    const rows = await loadPage(ctx, PAGES.ofOrganisation, page, organisationId, {
      firstPages: (organisationIds, limit) =>
        this.repository.firstOfOrganisations({ organisationIds, regionPrefix }, limit),
      parentOf: (s) => s.organisationId,
      nextPage: () => this.repository.list({ organisationIds: [organisationId], regionPrefix }, page),
    });
    return toConnection(rows, page, siteKey);
  }

  /** A site's inspections, newest first; the first page of every site in the request in one statement. */
  async inspections(ctx: RequestContext, site: DemonstrationSiteEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, PAGES.inspections, page, site.id, {
      firstPages: (siteIds, limit) => this.repository.newestInspections(siteIds, limit),
      parentOf: (i) => i.siteId,
      nextPage: () => this.repository.listInspections(site.id, page),
    });
    return toConnection(rows, page, inspectionKey);
  }

  async designate(
    ctx: RequestContext,
    input: DesignateDemonstrationSiteInput,
  ): Promise<DemonstrationSiteEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    oneOf(DEMONSTRATION_SITE_KINDS, input.kind, 'kind');
    oneOf(DESIGNATION_LEVELS, input.level, 'level');
    const region = await this.regions.require(ctx, input.regionCode, 'regionCode');
    requireJurisdiction(ctx, region.code, 'regionCode');
    const organisation = await this.organisations.requireActiveForWriting(
      ctx,
      input.organisationId,
      'organisationId',
    );
    if (!regionCovers(organisation.regionCode, region.code)) {
      throw new DemonstrationSiteException(
        DemonstrationSiteErrorCode.OrganisationOutsideRegion,
        `${organisation.name} (region ${organisation.regionCode}) does not cover the site's region ${region.code}`,
        { field: 'organisationId' },
      );
    }
    const designatedOn = pastOrToday(input.designatedOn, 'designatedOn');
    return write(ctx, this.dataSource, async (manager) => {
      const site = await this.repository.insertSite(manager, {
        id: randomUUID(),
        name,
        kind: input.kind,
        level: input.level,
        regionCode: region.code,
        organisationId: organisation.id,
        designatedOn,
        status: 'DESIGNATED',
        revokedOn: null,
        lastInspectedOn: null,
      });
      await this.outbox.publish(
        manager,
        DemonstrationSiteDesignated,
        site.id,
        {
          siteId: site.id,
          name,
          kind: site.kind,
          level: site.level,
          regionCode: site.regionCode,
          organisationId: site.organisationId,
          designatedOn,
        },
        eventContext(ctx),
      );
      return site;
    });
  }

  /**
   * Records an inspection and moves the site to the status its result gives. The site row is locked first, so
   * concurrent inspections of one site queue: each sees the status and latest day the one before it left.
   */
  async inspect(
    ctx: RequestContext,
    input: RecordDemonstrationSiteInspectionInput,
  ): Promise<DemonstrationSiteInspectionEntity> {
    requireWriter(ctx);
    const current = await this.require(ctx, input.siteId, 'siteId');
    requireJurisdiction(ctx, current.regionCode, 'siteId');
    const inspector = await this.people.requireActive(ctx, input.inspectorId, 'inspectorId');
    const inspectedOn = requiredCalendarDate(input.inspectedOn, 'inspectedOn');
    oneOf(INSPECTION_RESULTS, input.result, 'result');
    const findings = requiredText(input.findings, 'findings', 4000);
    const rectificationDueOn = checkRectificationDue(input.result, inspectedOn, input.rectificationDueOn);
    const change = async (manager: EntityManager) => {
      const site = (await this.repository.findForUpdate(manager, current.id))!;
      const statusBefore = site.status;
      const after = applyInspection(site, inspectedOn, input.result, chinaToday());
      const inspection = await this.repository.insertInspection(manager, {
        id: randomUUID(),
        siteId: site.id,
        number: (await this.repository.lastInspectionNumber(manager, site.id)) + 1,
        inspectedOn,
        inspectorId: inspector.id,
        result: input.result,
        findings,
        rectificationDueOn,
        statusBefore,
        statusAfter: after.status,
      });
      site.status = after.status;
      site.revokedOn = after.revokedOn;
      site.lastInspectedOn = after.lastInspectedOn;
      const saved = await this.repository.saveSite(manager, site);
      await this.outbox.publish(
        manager,
        DemonstrationSiteInspected,
        site.id,
        {
          siteId: site.id,
          inspectionId: inspection.id,
          number: inspection.number,
          inspectedOn,
          inspectorId: inspector.id,
          result: inspection.result,
          rectificationDueOn,
          statusBefore,
          statusAfter: after.status,
          revokedOn: after.revokedOn,
        },
        eventContext(ctx),
      );
      return { inspection, site: saved };
    };
    // The request's loaders still hold the site as read before the lock; what the caller reads next is the new one.
    const forgets = ({ site }: { site: DemonstrationSiteEntity }) => [
      { key: SITES, ids: [site.id] },
      { key: LAST_INSPECTIONS, ids: [site.id] },
    ];
    const { inspection } = await write(ctx, this.dataSource, change, { forgets });
    return inspection;
  }
}
