import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonModule } from '../person/person.module';
import { RegionModule } from '../region/region.module';
import { DemonstrationSiteRepository } from './demonstration-site.repository';
import {
  DemonstrationSiteInspectionResolver,
  DemonstrationSiteResolver,
  OrganisationDemonstrationSitesResolver,
} from './demonstration-site.resolver';
import { DemonstrationSiteService } from './demonstration-site.service';

@Module({
  imports: [RegionModule, OrganisationModule, PersonModule],
  providers: [
    DemonstrationSiteRepository,
    DemonstrationSiteService,
    DemonstrationSiteResolver,
    DemonstrationSiteInspectionResolver,
    OrganisationDemonstrationSitesResolver,
  ],
})
export class DemonstrationSiteModule {}
