import { Args, Context, Mutation, Parent, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import {
  CatalogueService,
  type AddSupplyItemInput,
  type ChangeSupplyItemInput,
  type SupplyItemFilter,
} from './catalogue.service';

@Resolver('SupplyItem')
export class SupplyItemResolver {
  constructor(private readonly catalogue: CatalogueService) {}

  @Query('supplyItem')
  supplyItem(@Args('code') code: string, @Context() ctx: RequestContext) {
    return this.catalogue.get(ctx, code);
  }

  @Query('supplyItems')
  list(
    @Args('filter') filter: SupplyItemFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
  ) {
    return this.catalogue.list(filter ?? {}, { first, after });
  }

  @Query('supplyClasses')
  classes(@Args('parent') parent: string | undefined) {
    return this.catalogue.classes(parent);
  }

  @Mutation('addSupplyItem')
  add(@Args('input') input: AddSupplyItemInput, @Context() ctx: RequestContext) {
    return this.catalogue.add(ctx, input);
  }

  @Mutation('changeSupplyItem')
  change(@Args('input') input: ChangeSupplyItemInput, @Context() ctx: RequestContext) {
    return this.catalogue.change(ctx, input);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { code: string }, @Context() ctx: RequestContext) {
    return this.catalogue.get(ctx, reference.code);
  }
}
