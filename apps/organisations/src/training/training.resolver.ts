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
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import type { TrainingRecordEntity } from './training-record.entity';
import { TrainingService, type RecordTrainingInput, type TrainingRecordFilter } from './training.service';

@Resolver('TrainingRecord')
export class TrainingRecordResolver {
  constructor(
    private readonly training: TrainingService,
    private readonly people: PersonService,
    private readonly organisations: OrganisationService,
  ) {}

  @Query('trainingRecords')
  list(
    @Args('filter') filter: TrainingRecordFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.training.list(ctx, filter ?? {}, { first, after });
  }

  @Query('trainingSummary')
  summary(
    @Args('organisationId') organisationId: string,
    @Args('year') year: number,
    @Context() ctx: RequestContext,
  ) {
    return this.training.summary(ctx, organisationId, year);
  }

  @Mutation('recordTraining')
  record(@Args('input') input: RecordTrainingInput, @Context() ctx: RequestContext) {
    return this.training.record(ctx, input);
  }

  @Mutation('voidTrainingRecord')
  void(@Args('input') input: { id: string; reason: string }, @Context() ctx: RequestContext) {
    return this.training.void(ctx, input.id, input.reason);
  }

  @ResolveField('person')
  person(@Parent() record: TrainingRecordEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, record.personId);
  }

  @ResolveField('organisation')
  organisation(@Parent() record: TrainingRecordEntity, @Context() ctx: RequestContext) {
    return this.organisations.load(ctx, record.organisationId);
  }

  @ResolveField('voided')
  voided(@Parent() record: TrainingRecordEntity) {
    return record.voidedAt !== null;
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.training.get(ctx, reference.id);
  }
}

@Resolver('Person')
export class PersonTrainingResolver {
  constructor(private readonly training: TrainingService) {}

  @ResolveField('trainingRecords')
  trainingRecords(
    @Parent() person: PersonEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.training.ofPerson(ctx, person, { first, after });
  }
}
