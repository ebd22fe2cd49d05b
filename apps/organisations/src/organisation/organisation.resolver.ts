import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import { levelOf } from '../region/region-level';
import { RegionService } from '../region/region.service';
import type { OrganisationEntity } from './organisation.entity';
import {
  OrganisationService,
  type DissolveOrganisationInput,
  type OrganisationFilter,
  type RegisterOrganisationInput,
  type UpdateOrganisationInput,
} from './organisation.service';

@Resolver('Organisation')
export class OrganisationResolver {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly regions: RegionService,
  ) {}

  @Query('organisation')
  organisation(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.organisations.get(ctx, id);
  }

  @Query('organisations')
  list(
    @Args('filter') filter: OrganisationFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.organisations.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('registerOrganisation')
  register(@Args('input') input: RegisterOrganisationInput, @Context() ctx: RequestContext) {
    return this.organisations.register(ctx, input);
  }

  @Mutation('updateOrganisation')
  update(@Args('input') input: UpdateOrganisationInput, @Context() ctx: RequestContext) {
    return this.organisations.update(ctx, input);
  }

  @Mutation('dissolveOrganisation')
  dissolve(@Args('input') input: DissolveOrganisationInput, @Context() ctx: RequestContext) {
    return this.organisations.dissolve(ctx, input);
  }

  @ResolveField('parent')
  parent(@Parent() organisation: OrganisationEntity, @Context() ctx: RequestContext) {
    return organisation.parentId ? this.organisations.load(ctx, organisation.parentId) : null;
  }

  @ResolveField('children')
  children(
    @Parent() organisation: OrganisationEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.organisations.children(ctx, organisation, { first, after });
  }

  @ResolveField('region')
  region(@Parent() organisation: OrganisationEntity, @Context() ctx: RequestContext) {
    return this.regions.get(ctx, organisation.regionCode);
  }

  @ResolveField('level')
  level(@Parent() organisation: OrganisationEntity) {
    return levelOf(organisation.regionCode);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. NOT_FOUND when dangling. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.organisations.reference(ctx, reference.id);
  }
}
