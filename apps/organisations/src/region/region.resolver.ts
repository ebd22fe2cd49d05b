import { Args, Context, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import type { PageArgs } from '@emergency/paging';
import type { RegionEntity } from './region.entity';
import { RegionService, type RegionFilter } from './region.service';

@Resolver('Region')
export class RegionResolver {
  constructor(private readonly regions: RegionService) {}

  @Query('region')
  region(@Args('code') code: string, @Context() ctx: RequestContext) {
    return this.regions.get(ctx, code);
  }

  @Query('regions')
  list(
    @Args('filter') filter: RegionFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
  ) {
    const page: PageArgs = { first, after };
    return this.regions.list(filter ?? {}, page);
  }

  @ResolveField('parent')
  parent(@Parent() region: RegionEntity, @Context() ctx: RequestContext) {
    return region.parentCode ? this.regions.get(ctx, region.parentCode) : null;
  }

  @ResolveField('ancestors')
  ancestors(@Parent() region: RegionEntity, @Context() ctx: RequestContext) {
    return this.regions.ancestors(ctx, region);
  }

  @ResolveField('children')
  children(
    @Parent() region: RegionEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.regions.children(ctx, region, { first, after });
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { code: string }, @Context() ctx: RequestContext) {
    return this.regions.get(ctx, reference.code);
  }
}
