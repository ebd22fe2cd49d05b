import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inJurisdiction, regionPrefix } from '@emergency/auth';
import { OrganisationRegistered } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loader,
  notFound,
  readPage,
  REGION_CODE,
  requireWriter,
  toConnection,
  UUID,
  type PageArgs,
  type RequestContext,
} from '@emergency/graphql';
import { ORGANISATION_TYPES, type OrganisationEntity, type OrganisationType } from './organisation.entity';
import { OrganisationErrorCode, OrganisationException } from './organisation.exception';
import { OrganisationRepository } from './organisation.repository';

export interface RegisterOrganisationInput {
  name: string;
  type: OrganisationType;
  regionCode: string;
  parentId?: string | null;
}

@Injectable()
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OrganisationRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Loads an organisation for the caller; batched per request, hidden when outside the caller's jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<OrganisationEntity | null> {
    if (!UUID.test(id)) return null;
    const organisation = await loader(
      ctx,
      'Organisation',
      (ids) => this.repository.findByIds(ids),
      (o) => o.id,
    ).load(id);
    return organisation && inJurisdiction(ctx.identity, organisation.regionCode) ? organisation : null;
  }

  async list(
    ctx: RequestContext,
    filter: { regionCode?: string | null; type?: OrganisationType | null },
    args: PageArgs,
  ) {
    const page = readPage(args);
    if (filter.regionCode && !REGION_CODE.test(filter.regionCode)) {
      throw new OrganisationException(
        OrganisationErrorCode.InvalidRegionCode,
        `regionCode must be a 6-digit GB/T 2260 code (got ${filter.regionCode})`,
        { field: 'filter.regionCode' },
      );
    }
    // The narrower of the requested region and the caller's jurisdiction.
    const requested = filter.regionCode ? regionPrefix(filter.regionCode) : undefined;
    const own = ctx.identity.regionCode ? regionPrefix(ctx.identity.regionCode) : undefined;
    const prefix = [requested, own].filter((p): p is string => !!p).sort((a, b) => b.length - a.length)[0];
    if (requested && own && !requested.startsWith(own) && !own.startsWith(requested)) {
      return toConnection([], page, (o: OrganisationEntity) => [o.id]);
    }
    const rows = await this.repository.list({ regionPrefix: prefix, type: filter.type ?? undefined }, page);
    return toConnection(rows, page, (o) => [o.id]);
  }

  async register(ctx: RequestContext, input: RegisterOrganisationInput): Promise<OrganisationEntity> {
    requireWriter(ctx);
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) throw badInput('name must have 1 to 200 characters', 'name');
    if (!ORGANISATION_TYPES.includes(input.type))
      throw badInput(`unknown organisation type ${input.type}`, 'type');
    if (!REGION_CODE.test(input.regionCode)) {
      throw new OrganisationException(
        OrganisationErrorCode.InvalidRegionCode,
        `regionCode must be a 6-digit GB/T 2260 code such as 420000 (got ${input.regionCode})`,
        { field: 'regionCode' },
      );
    }
    if (!inJurisdiction(ctx.identity, input.regionCode)) {
      throw new OrganisationException(
        OrganisationErrorCode.OutsideJurisdiction,
        `region ${input.regionCode} is outside your jurisdiction`,
        { field: 'regionCode' },
      );
    }
    return this.dataSource.transaction(async (manager) => {
      if (input.parentId) {
        const parent = UUID.test(input.parentId)
          ? await this.repository.findById(input.parentId, manager)
          : null;
        if (!parent) {
          throw new OrganisationException(
            OrganisationErrorCode.ParentNotFound,
            `parent organisation ${input.parentId} does not exist`,
            { field: 'parentId' },
          );
        }
      }
      const organisation = await this.repository.insert(manager, {
        id: randomUUID(),
        name,
        type: input.type,
        regionCode: input.regionCode,
        parentId: input.parentId ?? null,
        status: 'ACTIVE',
      });
      await this.outbox.publish(
        manager,
        OrganisationRegistered,
        organisation.id,
        {
          organisationId: organisation.id,
          name,
          type: organisation.type,
          regionCode: organisation.regionCode,
          parentId: organisation.parentId,
        },
        eventContext(ctx),
      );
      return organisation;
    });
  }

  async require(ctx: RequestContext, id: string): Promise<OrganisationEntity> {
    const organisation = await this.get(ctx, id);
    if (!organisation) throw notFound('Organisation', id);
    return organisation;
  }
}
