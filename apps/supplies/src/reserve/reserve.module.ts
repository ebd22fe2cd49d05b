import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReserveRepository } from './reserve.repository';
import { OrganisationReservePointsResolver, ReservePointResolver } from './reserve.resolver';
import { ReserveService } from './reserve.service';

/** Reserve points and delivery rules; imports the catalogue, whose service the stock feature uses too. */
@Module({
  imports: [CatalogueModule],
  providers: [
    ReserveRepository,
    ReserveService,
    ReservePointResolver,
    OrganisationReservePointsResolver,
    regionScopeProvider,
  ],
  exports: [ReserveRepository, ReserveService, CatalogueModule],
})
export class ReserveModule {}
