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
import { PersonService } from '../person/person.service';
import { RegionService } from '../region/region.service';
import type { DemonstrationSiteInspectionEntity } from './demonstration-site-inspection.entity';
import type { DemonstrationSiteEntity } from './demonstration-site.entity';
import {
  DemonstrationSiteService,
  type DemonstrationSiteFilter,
  type DesignateDemonstrationSiteInput,
  type RecordDemonstrationSiteInspectionInput,
} from './demonstration-site.service';

@Resolver('DemonstrationSite')
export class DemonstrationSiteResolver {
  constructor(
    private readonly sites: DemonstrationSiteService,
    private readonly regions: RegionService,
    private readonly organisations: OrganisationService,
  ) {}

  @Query('demonstrationSite')
  site(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.sites.get(ctx, id);
  }

  @Query('demonstrationSites')
  list(
    @Args('filter') filter: DemonstrationSiteFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.sites.list(ctx, filter ?? {}, { first, after });
  }

  @Mutation('designateDemonstrationSite')
  designate(@Args('input') input: DesignateDemonstrationSiteInput, @Context() ctx: RequestContext) {
    return this.sites.designate(ctx, input);
  }

  @Mutation('recordDemonstrationSiteInspection')
  inspect(@Args('input') input: RecordDemonstrationSiteInspectionInput, @Context() ctx: RequestContext) {
    return this.sites.inspect(ctx, input);
  }

  @ResolveField('region')
  region(@Parent() site: DemonstrationSiteEntity, @Context() ctx: RequestContext) {
    return this.regions.get(ctx, site.regionCode);
  }

  @ResolveField('organisation')
  organisation(@Parent() site: DemonstrationSiteEntity, @Context() ctx: RequestContext) {
    return this.organisations.load(ctx, site.organisationId);
  }

  @ResolveField('lastInspection')
  lastInspection(@Parent() site: DemonstrationSiteEntity, @Context() ctx: RequestContext) {
    return this.sites.lastInspection(ctx, site);
  }

  @ResolveField('inspections')
  inspections(
    @Parent() site: DemonstrationSiteEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.sites.inspections(ctx, site, { first, after });
  }

  @ResolveField('inspectionOverdue')
  inspectionOverdue(@Parent() site: DemonstrationSiteEntity) {
    return this.sites.inspectionOverdue(site);
  }

  /** Batched: every reference in one `_entities` call is loaded by one SQL statement. */
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.sites.get(ctx, reference.id);
  }
}

@Resolver('DemonstrationSiteInspection')
export class DemonstrationSiteInspectionResolver {
  constructor(
    private readonly sites: DemonstrationSiteService,
    private readonly people: PersonService,
  ) {}

  @ResolveField('site')
  site(@Parent() inspection: DemonstrationSiteInspectionEntity, @Context() ctx: RequestContext) {
    return this.sites.get(ctx, inspection.siteId);
  }

  @ResolveField('inspector')
  inspector(@Parent() inspection: DemonstrationSiteInspectionEntity, @Context() ctx: RequestContext) {
    return this.people.load(ctx, inspection.inspectorId);
  }
}

@Resolver('Organisation')
export class OrganisationDemonstrationSitesResolver {
  constructor(private readonly sites: DemonstrationSiteService) {}

  @ResolveField('demonstrationSites')
  demonstrationSites(
    @Parent() organisation: OrganisationEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.sites.ofOrganisation(ctx, organisation.id, { first, after });
  }
}
