import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentReported } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  eventContext,
  loadById,
  notFound,
  badInput,
  oneOf,
  optionalUuid,
  requiredRegionCode,
  requiredText,
  requireWriter,
  toConnection,
  requireJurisdiction,
  type RequestContext,
} from '@emergency/graphql';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import { categoryOfSubcategory, inJurisdiction, visibleRegionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_SEVERITIES,
  type IncidentCategory,
  type IncidentEntity,
  type IncidentSeverity,
} from './incident.entity';
import { figuresForEvent, hasFigures, requiredFigures, type IncidentFiguresInput } from './incident-figures';
import { requireOccurred } from './incident-rules';
import { IncidentErrorCode, IncidentException } from './incident.exception';
import { IncidentRepository } from './incident.repository';
import { ReportDeadlines } from '../report/report-deadlines';

export interface ReportIncidentInput {
  title: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  regionCode: string;
  occurredAt: Date;
  subcategory?: string | null;
  reportingOrganisationId?: string | null;
  figures?: IncidentFiguresInput | null;
}

export interface IncidentFilter {
  regionCode?: string | null;
  category?: IncidentCategory | null;
  subcategory?: string | null;
}

const keyOf = (incident: IncidentEntity) => [incident.occurredAt.toISOString(), incident.id];

/** Incidents by id, for this request. */
export const INCIDENTS = loaderKey<IncidentEntity>('Incident');

@Injectable()
export class IncidentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: IncidentRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
    /** Opens the reports an incident owes (optional only so the unit spec can leave it out). */
    private readonly reportDeadlines: ReportDeadlines,
  ) {}

  /** Loads an incident for the caller; batched per request, hidden when outside the caller's jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<IncidentEntity | null> {
    const incident = await loadById(ctx, INCIDENTS, (ids) => this.repository.findByIds(ids), id);
    return incident && inJurisdiction(ctx.identity, incident.regionCode) ? incident : null;
  }

  /**
   * An incident another subgraph points at (`_entities`): null when outside the caller's jurisdiction, as root
   * fields answer; NOT_FOUND when no incident has that id, so the gateway reports the dangling reference at the one
   * field holding it.
   */
  async reference(ctx: RequestContext, id: string): Promise<IncidentEntity | null> {
    const incident = await loadById(ctx, INCIDENTS, (ids) => this.repository.findByIds(ids), id);
    if (!incident) throw notFound('Incident', id);
    return inJurisdiction(ctx.identity, incident.regionCode) ? incident : null;
  }

  /** {@link get}, or INCIDENT_NOT_FOUND (which also covers incidents outside the caller's jurisdiction). */
  async require(ctx: RequestContext, id: string, field = 'incidentId'): Promise<IncidentEntity> {
    const incident = await this.get(ctx, id);
    if (!incident) {
      throw new IncidentException(
        IncidentErrorCode.IncidentNotFound,
        `incident ${id} does not exist or is outside your jurisdiction`,
        { field, id },
      );
    }
    return incident;
  }

  async list(ctx: RequestContext, filter: IncidentFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    const key = readTimeKey(page);
    const after = key && { occurredAt: key.at, id: key.id };
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        category: filter.category ?? undefined,
        subcategory: filter.subcategory ?? undefined,
        after,
      },
      page,
    );
    return toConnection(rows, page, keyOf);
  }

  async report(ctx: RequestContext, input: ReportIncidentInput): Promise<IncidentEntity> {
    requireWriter(ctx);
    const title = requiredText(input.title, 'title', 200);
    const category = oneOf(INCIDENT_CATEGORIES, input.category, 'category');
    const subcategory = requiredSubcategory(category, input.subcategory);
    const severity = oneOf(INCIDENT_SEVERITIES, input.severity, 'severity');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const occurredAt = requireOccurred(input.occurredAt, this.clock.now().getTime());
    const figures = requiredFigures(input.figures, 'figures');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const reportingOrganisationId =
      optionalUuid(input.reportingOrganisationId, 'reportingOrganisationId') ?? null;
    if (reportingOrganisationId) {
      await this.organisations.requireActive(reportingOrganisationId, 'reportingOrganisationId');
    }
    return write(ctx, this.dataSource, async (manager) => {
      const incident = await this.repository.insert(manager, {
        id: randomUUID(),
        title,
        category,
        severity,
        regionCode,
        occurredAt,
        status: 'REPORTED',
        subcategory,
        reportingOrganisationId,
        figures,
        figuresUpdatedAt: hasFigures(figures) ? this.clock.now() : null,
      });
      await this.reportDeadlines.openFor(manager, incident);
      await this.outbox.publish(
        manager,
        IncidentReported,
        incident.id,
        {
          incidentId: incident.id,
          title,
          category: incident.category,
          subcategory,
          severity: incident.severity,
          regionCode: incident.regionCode,
          occurredAt: incident.occurredAt.toISOString(),
          reportingOrganisationId,
          figures: figuresForEvent(figures),
        },
        eventContext(ctx),
      );
      return incident;
    });
  }
}

/** The subcategory when it is one of `category`'s in the shared tree (BAD_USER_INPUT otherwise); null when not given. */
export function requiredSubcategory(category: IncidentCategory, subcategory: string | null | undefined) {
  if (subcategory === null || subcategory === undefined) return null;
  if (categoryOfSubcategory(subcategory) !== category) {
    throw badInput(
      `subcategory ${JSON.stringify(subcategory)} is not a subcategory of ${category}`,
      'subcategory',
    );
  }
  return subcategory as IncidentEntity['subcategory'];
}
