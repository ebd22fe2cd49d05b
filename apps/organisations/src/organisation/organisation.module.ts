import { Module } from '@nestjs/common';
import { RegionModule } from '../region/region.module';
import { OrganisationDissolutions } from './organisation-dissolutions';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationResolver } from './organisation.resolver';
import { OrganisationService } from './organisation.service';

@Module({
  imports: [RegionModule],
  providers: [OrganisationRepository, OrganisationService, OrganisationResolver, OrganisationDissolutions],
  exports: [OrganisationService, OrganisationDissolutions],
})
export class OrganisationModule {}
