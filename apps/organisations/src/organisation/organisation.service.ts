import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  OrganisationDissolved,
  OrganisationRegistered,
  OrganisationUpdated,
  type OrganisationUpdatedV1,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  eventContext,
  loadById,
  loadPage,
  notFound,
  oneOf,
  optionalUuid,
  requiredText,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, regionCovers, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import { assertDivisionCode, RegionService } from '../region/region.service';
import {
  ORGANISATION_TYPES,
  SECTORS,
  type OrganisationEntity,
  type OrganisationStatus,
  type OrganisationType,
  type Sector,
} from './organisation.entity';
import { OrganisationErrorCode, OrganisationException } from './organisation.exception';
import { OrganisationDissolutions } from './organisation-dissolutions';
import { organisationKey, OrganisationRepository } from './organisation.repository';

export interface RegisterOrganisationInput {
  name: string;
  type: OrganisationType;
  sector?: Sector | null;
  regionCode: string;
  parentId?: string | null;
}

export interface UpdateOrganisationInput {
  id: string;
  name?: string | null;
  sector?: Sector | null;
  /** Absent: unchanged; null: no parent any more. */
  parentId?: string | null;
}

export interface DissolveOrganisationInput {
  id: string;
  reason: string;
}

export interface OrganisationFilter {
  regionCode?: string | null;
  type?: OrganisationType | null;
  sector?: Sector | null;
  status?: OrganisationStatus | null;
  nameContains?: string | null;
}

/** Request-scoped first pages of `Organisation.children`. */
const CHILDREN = loaderKey<OrganisationEntity[]>('Organisation.children');

/** Organisations by id, for this request. */
const ORGANISATIONS = loaderKey<OrganisationEntity>('Organisation');

@Injectable()
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OrganisationRepository,
    private readonly regions: RegionService,
    private readonly outbox: Outbox,
    private readonly dissolutions: OrganisationDissolutions,
  ) {}

  /** Loads an organisation for the caller; batched per request, hidden when outside the caller's jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<OrganisationEntity | null> {
    const organisation = await this.load(ctx, id);
    return organisation && inJurisdiction(ctx.identity, organisation.regionCode) ? organisation : null;
  }

  /**
   * An organisation another subgraph points at (`_entities`): null when outside the caller's jurisdiction, as root
   * fields answer; NOT_FOUND when no organisation has that id, a dangling reference. The gateway then reports the
   * error at the one field that holds the reference and nulls only that field, never the list around it.
   */
  async reference(ctx: RequestContext, id: string): Promise<OrganisationEntity | null> {
    const organisation = await this.load(ctx, id);
    if (!organisation) throw notFound('Organisation', id);
    return inJurisdiction(ctx.identity, organisation.regionCode) ? organisation : null;
  }

  /**
   * Loads an organisation whatever the caller's jurisdiction: for rules that look at organisations above the
   * caller's region (a county bureau's parent is the prefecture's), never for returning them.
   */
  load(ctx: RequestContext, id: string): Promise<OrganisationEntity | null> {
    return loadById(ctx, ORGANISATIONS, (ids) => this.repository.findByIds(ids), id);
  }

  /** The organisation `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<OrganisationEntity> {
    const organisation = await this.get(ctx, id);
    if (!organisation) throw notFound('Organisation', id, field);
    return organisation;
  }

  /** {@link require}, and the caller may change things in its region and it is not dissolved. */
  async requireActiveForWriting(ctx: RequestContext, id: string, field: string): Promise<OrganisationEntity> {
    const organisation = await this.require(ctx, id, field);
    requireJurisdiction(ctx, organisation.regionCode, field);
    if (organisation.status !== 'ACTIVE') {
      throw new OrganisationException(
        CommonErrorCode.OrganisationDissolved,
        `organisation ${organisation.name} was dissolved on ${organisation.dissolvedAt?.toISOString()}`,
        { field },
      );
    }
    return organisation;
  }

  /**
   * Holds the organisation's row until the transaction ends and refuses it with ORGANISATION_DISSOLVED (naming
   * `field`) if it was dissolved since it was read. A dissolution holds the row FOR UPDATE while it counts what
   * still uses the organisation, so it either committed first and is seen here, or waits and counts what this
   * transaction adds.
   */
  async holdActive(manager: EntityManager, organisation: OrganisationEntity, field: string): Promise<void> {
    if ((await this.repository.holdStatus(manager, organisation.id)) !== 'ACTIVE') {
      throw new OrganisationException(
        CommonErrorCode.OrganisationDissolved,
        `${organisation.name} was dissolved`,
        {
          field,
        },
      );
    }
  }

  async list(ctx: RequestContext, filter: OrganisationFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, organisationKey);
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        type: filter.type ?? undefined,
        sector: filter.sector ?? undefined,
        status: filter.status ?? undefined,
        nameContains: filter.nameContains?.trim() || undefined,
      },
      page,
    );
    return toConnection(rows, page, organisationKey);
  }

  async children(ctx: RequestContext, parent: OrganisationEntity, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity);
    const regionPrefix = prefix ?? undefined;
    const rows = await loadPage(ctx, CHILDREN, page, parent.id, {
      firstPages: (parentIds, limit) => this.repository.firstChildren({ parentIds, regionPrefix }, limit),
      parentOf: (o) => o.parentId ?? '',
      nextPage: () => this.repository.list({ parentIds: [parent.id], regionPrefix }, page),
    });
    return toConnection(rows, page, organisationKey);
  }

  async register(ctx: RequestContext, input: RegisterOrganisationInput): Promise<OrganisationEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    oneOf(ORGANISATION_TYPES, input.type, 'type');
    const sector = checkSector(input.type, input.sector);
    const region = await this.regions.require(ctx, input.regionCode, 'regionCode');
    requireJurisdiction(ctx, region.code, 'regionCode');
    const parentId = optionalUuid(input.parentId, 'parentId');
    return write(ctx, this.dataSource, async (manager) => {
      if (parentId) await this.checkParent(manager, parentId, region.code);
      const organisation = await this.repository.insert(manager, {
        id: randomUUID(),
        name,
        type: input.type,
        sector,
        regionCode: region.code,
        parentId: parentId ?? null,
        status: 'ACTIVE',
        dissolvedAt: null,
        dissolutionReason: null,
      });
      await this.outbox.publish(
        manager,
        OrganisationRegistered,
        organisation.id,
        {
          organisationId: organisation.id,
          name,
          type: organisation.type,
          sector,
          regionCode: organisation.regionCode,
          parentId: organisation.parentId,
        },
        eventContext(ctx),
      );
      return organisation;
    });
  }

  async update(ctx: RequestContext, input: UpdateOrganisationInput): Promise<OrganisationEntity> {
    requireWriter(ctx);
    await this.requireActiveForWriting(ctx, input.id, 'id');
    const change = async (manager: EntityManager) => {
      const organisation = (await this.repository.findForUpdate(manager, input.id.toLowerCase()))!;
      const changes: OrganisationUpdatedV1['changes'] = [];
      if (input.name !== undefined && input.name !== null) {
        const name = requiredText(input.name, 'name', 200);
        if (name !== organisation.name) changes.push('name');
        organisation.name = name;
      }
      if (input.sector !== undefined) {
        const sector = checkSector(organisation.type, input.sector);
        if (sector !== organisation.sector) changes.push('sector');
        organisation.sector = sector;
      }
      if (input.parentId !== undefined) {
        const parentId = optionalUuid(input.parentId, 'parentId') ?? null;
        if (parentId) {
          await this.checkParent(manager, parentId, organisation.regionCode);
          if (await this.repository.isSelfOrDescendant(manager, organisation.id, parentId)) {
            throw new OrganisationException(
              OrganisationErrorCode.ParentCycle,
              `organisation ${parentId} is ${organisation.name} itself or below it; it cannot be its parent`,
              { field: 'parentId' },
            );
          }
        }
        if (parentId !== organisation.parentId) changes.push('parentId');
        organisation.parentId = parentId;
      }
      if (changes.length === 0) return organisation;
      const saved = await this.repository.save(manager, organisation);
      await this.outbox.publish(
        manager,
        OrganisationUpdated,
        saved.id,
        {
          organisationId: saved.id,
          name: saved.name,
          type: saved.type,
          sector: saved.sector,
          regionCode: saved.regionCode,
          parentId: saved.parentId,
          changes,
        },
        eventContext(ctx),
      );
      return saved;
    };
    return write(ctx, this.dataSource, change, {
      forgets: (saved) => [{ key: ORGANISATIONS, ids: [saved.id] }],
    });
  }

  async dissolve(ctx: RequestContext, input: DissolveOrganisationInput): Promise<OrganisationEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason, 'reason', 500);
    await this.requireActiveForWriting(ctx, input.id, 'id');
    const change = async (manager: EntityManager) => {
      const organisation = (await this.repository.findForUpdate(manager, input.id.toLowerCase()))!;
      if (organisation.status !== 'ACTIVE') {
        throw new OrganisationException(
          CommonErrorCode.OrganisationDissolved,
          `${organisation.name} is already dissolved`,
          {
            field: 'id',
          },
        );
      }
      const children = await this.repository.countActiveChildren(manager, organisation.id);
      if (children > 0) {
        throw new OrganisationException(
          OrganisationErrorCode.HasActiveChildren,
          `${organisation.name} still has ${children} active organisation(s) under it; move or dissolve them first`,
          { field: 'id', activeChildren: children },
        );
      }
      const uses = await this.dissolutions.stillInUse(manager, organisation);
      if (Object.keys(uses).length > 0) {
        const listed = Object.entries(uses).map(([name, count]) => `${count} ${name}`);
        throw new OrganisationException(
          OrganisationErrorCode.StillInUse,
          `${organisation.name} is still in use (${listed.join(', ')}); end or move them first`,
          { field: 'id', ...uses },
        );
      }
      organisation.status = 'DISSOLVED';
      organisation.dissolvedAt = new Date();
      organisation.dissolutionReason = reason;
      const saved = await this.repository.save(manager, organisation);
      await this.outbox.publish(
        manager,
        OrganisationDissolved,
        saved.id,
        { organisationId: saved.id, reason, dissolvedAt: saved.dissolvedAt!.toISOString() },
        eventContext(ctx),
      );
      return saved;
    };
    return write(ctx, this.dataSource, change, {
      forgets: (saved) => [{ key: ORGANISATIONS, ids: [saved.id] }],
    });
  }

  /**
   * A parent must exist, be active, and cover the child's region: a county bureau can sit under the prefecture's
   * bureau, not under another county's. The parent may lie above the caller's jurisdiction.
   */
  private async checkParent(manager: EntityManager, parentId: string, regionCode: string) {
    const parent = await this.repository.findForUpdate(manager, parentId);
    if (!parent) {
      throw new OrganisationException(
        OrganisationErrorCode.ParentNotFound,
        `parent organisation ${parentId} does not exist`,
        { field: 'parentId' },
      );
    }
    if (parent.status !== 'ACTIVE') {
      throw new OrganisationException(
        CommonErrorCode.OrganisationDissolved,
        `parent ${parent.name} is dissolved`,
        {
          field: 'parentId',
        },
      );
    }
    if (!regionCovers(parent.regionCode, regionCode)) {
      throw new OrganisationException(
        OrganisationErrorCode.ParentOutsideRegion,
        `parent ${parent.name} (region ${parent.regionCode}) does not cover region ${regionCode}`,
        { field: 'parentId' },
      );
    }
  }
}

/** Functional departments must say which sector they serve; the sector is checked against the known ones. */
function checkSector(type: OrganisationType, sector: Sector | null | undefined): Sector | null {
  if (sector) oneOf(SECTORS, sector, 'sector');
  if (type === 'FUNCTIONAL_DEPARTMENT' && !sector) {
    throw new OrganisationException(
      OrganisationErrorCode.SectorRequired,
      'a functional department needs its sector (PUBLIC_SECURITY, FIRE_AND_RESCUE, WATER_RESOURCES, ...)',
      { field: 'sector' },
    );
  }
  return sector ?? null;
}
