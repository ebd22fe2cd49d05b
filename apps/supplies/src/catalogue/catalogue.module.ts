import { Module } from '@nestjs/common';
import { CatalogueRepository } from './catalogue.repository';
import { SupplyItemResolver } from './catalogue.resolver';
import { CatalogueService } from './catalogue.service';

/** The supply catalogue; other features import it to refer to items (`CatalogueService.require`). */
@Module({
  providers: [CatalogueRepository, CatalogueService, SupplyItemResolver],
  exports: [CatalogueService],
})
export class CatalogueModule {}
