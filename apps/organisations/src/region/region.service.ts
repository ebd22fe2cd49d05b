import { Injectable } from '@nestjs/common';
import {
  loaderKey,
  loader,
  loadPage,
  toConnection,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { regionPrefix, DIVISION_CODE } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import type { RegionEntity, RegionLevel } from './region.entity';
import { RegionException } from './region.exception';
import { ancestorsOf } from './region-level';
import { RegionRepository } from './region.repository';

export interface RegionFilter {
  within?: string | null;
  level?: RegionLevel | null;
  nameContains?: string | null;
}

/**
 * The administrative tree. It is public reference data: every caller reads all of it; jurisdiction applies to
 * what is attached to regions (organisations, people, teams), not to the regions themselves.
 */
/** Regions by code, for this request. */
const REGIONS = loaderKey<RegionEntity>('Region');
const CHILDREN = loaderKey<RegionEntity[]>('Region.children');

@Injectable()
export class RegionService {
  constructor(private readonly repository: RegionRepository) {}

  /** A region by code, batched per request; null when the code is not a division code or not loaded. */
  get(ctx: RequestContext, code: string): Promise<RegionEntity | null> {
    if (!DIVISION_CODE.test(code)) return Promise.resolve(null);
    return loader(
      ctx,
      REGIONS,
      (codes) => this.repository.findByCodes(codes),
      (r) => r.code,
    ).load(code);
  }

  /** The region `code` names, or INVALID_REGION_CODE / REGION_NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, code: string, field: string): Promise<RegionEntity> {
    assertDivisionCode(code, field);
    const region = await this.get(ctx, code);
    if (!region) {
      throw new RegionException(
        CommonErrorCode.RegionNotFound,
        `region ${code} is not in the administrative tree (is it loaded? see REGION_DATA_SCOPE)`,
        { field },
      );
    }
    return region;
  }

  async ancestors(ctx: RequestContext, region: RegionEntity): Promise<RegionEntity[]> {
    const found = await Promise.all(ancestorsOf(region.code).map((code) => this.get(ctx, code)));
    return found.filter((r): r is RegionEntity => r !== null);
  }

  async list(filter: RegionFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.within) assertDivisionCode(filter.within, 'filter.within');
    const nameContains = filter.nameContains?.trim();
    const rows = await this.repository.list(
      {
        codePrefix: filter.within ? regionPrefix(filter.within) : undefined,
        excludeCode: filter.within ?? undefined,
        level: filter.level ?? undefined,
        nameContains: nameContains || undefined,
      },
      page,
    );
    return toConnection(rows, page, (r) => [r.code]);
  }

  /** A region's divisions, in code order; the first page of every region in the request in one statement. */
  async children(ctx: RequestContext, region: RegionEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, CHILDREN, page, region.code, {
      firstPages: (parentCodes, limit) => this.repository.firstChildren({ parentCodes }, limit),
      parentOf: (r) => r.parentCode ?? '',
      nextPage: () => this.repository.list({ parentCodes: [region.code] }, page),
    });
    return toConnection(rows, page, (r) => [r.code]);
  }
}

/** INVALID_REGION_CODE naming `field` unless `code` is a division code at some level. */
export function assertDivisionCode(code: string, field: string): void {
  if (!DIVISION_CODE.test(code)) {
    throw new RegionException(
      CommonErrorCode.InvalidRegionCode,
      `${field} must be a division code: 6 digits (GB/T 2260, e.g. 420000), 9 for a township or 12 for a village (got ${JSON.stringify(code)})`,
      { field },
    );
  }
}
