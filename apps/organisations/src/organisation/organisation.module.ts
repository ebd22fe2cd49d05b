import { Module } from '@nestjs/common';
import { RegionModule } from '../region/region.module';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationResolver } from './organisation.resolver';
import { OrganisationService } from './organisation.service';

@Module({
  imports: [RegionModule],
  providers: [OrganisationRepository, OrganisationService, OrganisationResolver],
  exports: [OrganisationService],
})
export class OrganisationModule {}
