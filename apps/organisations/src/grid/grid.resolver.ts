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
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import type { RegionEntity } from '../region/region.entity';
import { RegionService } from '../region/region.service';
import type { GridAssignmentEntity, GridRole } from './grid-assignment.entity';
import {
  GridService,
  type AssignGridWorkerInput,
  type EndGridAssignmentInput,
  type GridAssignmentFilter,
} from './grid.service';

@Resolver('GridAssignment')
export class GridAssignmentResolver {
  constructor(
    private readonly grid: GridService,
    private readonly people: PersonService,
    private readonly regions: RegionService,
  ) {}

  @Query('gridAssignments')
  list(
    @Args('filter') filter: GridAssignmentFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.grid.list(ctx, filter ?? {}, { first, after });
  }

  @Query('villagesWithoutInformationOfficer')
  villagesWithoutInformationOfficer(
    @Args('regionCode') regionCode: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.grid.villagesWithoutInformationOfficer(ctx, regionCode, { first, after });
  }

  @Mutation('assignGridWorker')
  assign(@Args('input') input: AssignGridWorkerInput, @Context() ctx: RequestContext) {
    return this.grid.assign(ctx, input);
  }

  @Mutation('endGridAssignment')
  end(@Args('input') input: EndGridAssignmentInput, @Context() ctx: RequestContext) {
    return this.grid.end(ctx, input);
  }

  @ResolveField('person')
  person(@Parent() assignment: GridAssignmentEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, assignment.personId);
  }

  @ResolveField('village')
  village(@Parent() assignment: GridAssignmentEntity, @Context() ctx: RequestContext) {
    return this.regions.get(ctx, assignment.villageCode);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.grid.get(ctx, reference.id);
  }
}

@Resolver('Person')
export class PersonGridAssignmentsResolver {
  constructor(private readonly grid: GridService) {}

  @ResolveField('gridAssignments')
  gridAssignments(
    @Parent() person: PersonEntity,
    @Args('role') role: GridRole | undefined,
    @Args('includeEnded') includeEnded: boolean | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.grid.forPerson(ctx, person, { role, includeEnded }, { first, after });
  }
}

@Resolver('Region')
export class RegionGridAssignmentsResolver {
  constructor(private readonly grid: GridService) {}

  @ResolveField('gridAssignments')
  gridAssignments(
    @Parent() region: RegionEntity,
    @Args('role') role: GridRole | undefined,
    @Args('includeEnded') includeEnded: boolean | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.grid.forRegion(ctx, region, { role, includeEnded }, { first, after });
  }
}
