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
import type { ShelterEntity, ShelterOccupancyEntity } from './shelter.entity';
import {
  ShelterService,
  type ChangeShelterInput,
  type CloseShelterInput,
  type OpenShelterInput,
  type RegisterShelterInput,
  type ReportShelterOccupancyInput,
  type SetRegionPopulationInput,
  type SetShelterPlanningRatioInput,
  type ShelterFilter,
} from './shelter.service';

@Resolver('Shelter')
export class ShelterResolver {
  constructor(private readonly shelters: ShelterService) {}

  @Query('shelter')
  shelter(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.shelters.get(ctx, id);
  }

  @Query('shelters')
  list(
    @Args('filter') filter: ShelterFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.shelters.list(ctx, filter ?? {}, { first, after });
  }

  @Query('sheltersWithRoomNear')
  withRoomNear(
    @Args('latitude') latitude: number,
    @Args('longitude') longitude: number,
    @Args('radiusMetres') radiusMetres: number,
    @Args('minFreePlaces') minFreePlaces: number | undefined,
    @Args('first') first: number | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.shelters.withRoomNear(ctx, { latitude, longitude, radiusMetres, minFreePlaces, first });
  }

  @Query('shelterCoverage')
  coverage(@Args('regionCode') regionCode: string, @Context() ctx: RequestContext) {
    return this.shelters.coverage(ctx, regionCode);
  }

  @Query('shelterPlanningRatios')
  ratios() {
    return this.shelters.ratios();
  }

  @Query('shelterPlanningRatioInForce')
  ratioInForce(@Args('regionCode') regionCode: string) {
    return this.shelters.ratioInForce(regionCode);
  }

  @Query('regionPopulation')
  population(@Args('regionCode') regionCode: string) {
    return this.shelters.population(regionCode);
  }

  @Mutation('registerShelter')
  register(@Args('input') input: RegisterShelterInput, @Context() ctx: RequestContext) {
    return this.shelters.register(ctx, input);
  }

  @Mutation('changeShelter')
  change(@Args('input') input: ChangeShelterInput, @Context() ctx: RequestContext) {
    return this.shelters.change(ctx, input);
  }

  @Mutation('openShelter')
  open(@Args('input') input: OpenShelterInput, @Context() ctx: RequestContext) {
    return this.shelters.open(ctx, input);
  }

  @Mutation('closeShelter')
  close(@Args('input') input: CloseShelterInput, @Context() ctx: RequestContext) {
    return this.shelters.close(ctx, input);
  }

  @Mutation('reportShelterOccupancy')
  reportOccupancy(@Args('input') input: ReportShelterOccupancyInput, @Context() ctx: RequestContext) {
    return this.shelters.reportOccupancy(ctx, input);
  }

  @Mutation('setShelterPlanningRatio')
  setRatio(@Args('input') input: SetShelterPlanningRatioInput, @Context() ctx: RequestContext) {
    return this.shelters.setRatio(ctx, input);
  }

  @Mutation('setRegionPopulation')
  setPopulation(@Args('input') input: SetRegionPopulationInput, @Context() ctx: RequestContext) {
    return this.shelters.setPopulation(ctx, input);
  }

  @ResolveField('managingOrganisation')
  managingOrganisation(@Parent() shelter: ShelterEntity) {
    return entityRef('Organisation', shelter.managingOrganisationId);
  }

  @ResolveField('openedForIncident')
  openedForIncident(@Parent() shelter: ShelterEntity) {
    return shelter.openedForIncidentId ? entityRef('Incident', shelter.openedForIncidentId) : null;
  }

  @ResolveField('freeCapacity')
  freeCapacity(@Parent() shelter: ShelterEntity) {
    return this.shelters.freeCapacity(shelter);
  }

  @ResolveField('occupancy')
  occupancy(
    @Parent() shelter: ShelterEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.shelters.occupancy(ctx, shelter, { first, after });
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.shelters.get(ctx, reference.id);
  }
}

@Resolver('ShelterOccupancy')
export class ShelterOccupancyResolver {
  @ResolveField('incident')
  incident(@Parent() occupancy: ShelterOccupancyEntity) {
    return occupancy.incidentId ? entityRef('Incident', occupancy.incidentId) : null;
  }
}
