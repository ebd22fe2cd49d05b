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
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity, PersonStatus } from './person.entity';
import { maskIdNumber, maskPhone, maySeePersonalData } from './personal-data';
import {
  PersonService,
  type PersonFilter,
  type RegisterPersonInput,
  type UpdatePersonInput,
} from './person.service';

@Resolver('Person')
export class PersonResolver {
  constructor(
    private readonly people: PersonService,
    private readonly organisations: OrganisationService,
  ) {}

  @Query('person')
  person(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.people.get(ctx, id);
  }

  @Query('people')
  list(
    @Args('filter') filter: PersonFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.people.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('registerPerson')
  register(@Args('input') input: RegisterPersonInput, @Context() ctx: RequestContext) {
    return this.people.register(ctx, input);
  }

  @Mutation('updatePerson')
  update(@Args('input') input: UpdatePersonInput, @Context() ctx: RequestContext) {
    return this.people.update(ctx, input);
  }

  @ResolveField('organisation')
  organisation(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    return this.organisations.get(ctx, person.organisationId);
  }

  @ResolveField('phone')
  phone(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    if (!person.phone) return null;
    return maySeePersonalData(ctx.identity, person.regionCode) ? person.phone : maskPhone(person.phone);
  }

  @ResolveField('idNumber')
  idNumber(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    if (!person.idNumber) return null;
    return maySeePersonalData(ctx.identity, person.regionCode)
      ? person.idNumber
      : maskIdNumber(person.idNumber);
  }

  @ResolveField('personalDataMasked')
  personalDataMasked(@Parent() person: PersonEntity, @Context() ctx: RequestContext) {
    return !maySeePersonalData(ctx.identity, person.regionCode);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.people.get(ctx, reference.id);
  }
}

@Resolver('Organisation')
export class OrganisationPeopleResolver {
  constructor(private readonly persons: PersonService) {}

  @ResolveField('people')
  people(
    @Parent() organisation: OrganisationEntity,
    @Args('status') status: PersonStatus | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.persons.ofOrganisation(ctx, organisation, status, { first, after });
  }
}
