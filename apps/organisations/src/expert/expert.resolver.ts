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
import type { ExpertEntity } from './expert.entity';
import {
  ExpertService,
  type AdmitExpertInput,
  type ExpertFilter,
  type UpdateExpertInput,
  type WithdrawExpertInput,
} from './expert.service';

@Resolver('Expert')
export class ExpertResolver {
  constructor(
    private readonly experts: ExpertService,
    private readonly people: PersonService,
  ) {}

  @Query('expert')
  expert(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.experts.get(ctx, id);
  }

  @Query('experts')
  list(
    @Args('filter') filter: ExpertFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.experts.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('admitExpert')
  admit(@Args('input') input: AdmitExpertInput, @Context() ctx: RequestContext) {
    return this.experts.admit(ctx, input);
  }

  @Mutation('updateExpert')
  update(@Args('input') input: UpdateExpertInput, @Context() ctx: RequestContext) {
    return this.experts.update(ctx, input);
  }

  @Mutation('withdrawExpert')
  withdraw(@Args('input') input: WithdrawExpertInput, @Context() ctx: RequestContext) {
    return this.experts.withdraw(ctx, input);
  }

  @ResolveField('person')
  person(@Parent() expert: ExpertEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, expert.personId);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.experts.get(ctx, reference.id);
  }
}

@Resolver('Person')
export class PersonExpertResolver {
  constructor(private readonly experts: ExpertService) {}

  @ResolveField('expert')
  expert(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    return this.experts.forPerson(ctx, person);
  }
}
