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
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { ReservePointEntity } from './reserve-point.entity';
import {
  ReserveService,
  type ChangeReservePointInput,
  type CloseReservePointInput,
  type RegisterReservePointInput,
  type ReservePointFilter,
  type SetReserveDeliveryRulesInput,
} from './reserve.service';

@Resolver('ReservePoint')
export class ReservePointResolver {
  constructor(private readonly reserves: ReserveService) {}

  @Query('reservePoint')
  reservePoint(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.reserves.get(ctx, id);
  }

  @Query('reservePoints')
  list(
    @Args('filter') filter: ReservePointFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.reserves.list(ctx, filter ?? {}, { first, after });
  }

  @Query('reservePointsNear')
  near(
    @Args('latitude') latitude: number,
    @Args('longitude') longitude: number,
    @Args('radiusKm') radiusKm: number,
    @Args('first') first: number | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.reserves.near(ctx, latitude, longitude, radiusKm, first);
  }

  @Query('reserveDeliveryRules')
  rules(@Args('regionCode') regionCode: string) {
    return this.reserves.rulesInForce(regionCode);
  }

  @Mutation('registerReservePoint')
  register(@Args('input') input: RegisterReservePointInput, @Context() ctx: RequestContext) {
    return this.reserves.register(ctx, input);
  }

  @Mutation('changeReservePoint')
  change(@Args('input') input: ChangeReservePointInput, @Context() ctx: RequestContext) {
    return this.reserves.change(ctx, input);
  }

  @Mutation('closeReservePoint')
  close(@Args('input') input: CloseReservePointInput, @Context() ctx: RequestContext) {
    return this.reserves.close(ctx, input);
  }

  @Mutation('setReserveDeliveryRules')
  setRules(@Args('input') input: SetReserveDeliveryRulesInput, @Context() ctx: RequestContext) {
    return this.reserves.setRules(ctx, input);
  }

  @ResolveField('owner')
  owner(@Parent() point: ReservePointEntity) {
    return entityRef('Organisation', point.ownerOrganisationId);
  }

  @ResolveField('holder')
  holder(@Parent() point: ReservePointEntity) {
    return entityRef('Organisation', point.holderOrganisationId);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.reserves.get(ctx, reference.id);
  }
}

/** Supplies' field on the organisations subgraph's `Organisation`: the reserve points it owns. */
@Resolver('Organisation')
export class OrganisationReservePointsResolver {
  constructor(private readonly reserves: ReserveService) {}

  @ResolveField('reservePoints')
  reservePoints(
    @Parent() organisation: { id: string },
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.reserves.ofOrganisation(ctx, organisation.id, { first, after });
  }

  /** Any organisation id resolves: one with no reserve point here owns none. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }) {
    return { id: reference.id };
  }
}
