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
import type { PageArgs, RequestContext } from '@emergency/graphql';
import type { OrganisationEntity, OrganisationType } from './organisation.entity';
import { OrganisationService, type RegisterOrganisationInput } from './organisation.service';

@Resolver('Organisation')
export class OrganisationResolver {
  constructor(private readonly organisations: OrganisationService) {}

  @Query('organisation')
  organisation(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.organisations.get(ctx, id);
  }

  @Query('organisations')
  list(
    @Args('filter') filter: { regionCode?: string; type?: OrganisationType } | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    const page: PageArgs = { first, after };
    return this.organisations.list(ctx, filter ?? {}, page);
  }

  @Mutation('registerOrganisation')
  register(@Args('input') input: RegisterOrganisationInput, @Context() ctx: RequestContext) {
    return this.organisations.register(ctx, input);
  }

  @ResolveField('parent')
  parent(@Parent() organisation: OrganisationEntity, @Context() ctx: RequestContext) {
    return organisation.parentId ? this.organisations.get(ctx, organisation.parentId) : null;
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.organisations.get(ctx, reference.id);
  }
}
