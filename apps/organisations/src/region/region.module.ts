import { Module } from '@nestjs/common';
import { settingsProvider } from '../settings';
import { RegionDataLoader } from './region.loader';
import { RegionRepository } from './region.repository';
import { RegionResolver } from './region.resolver';
import { RegionService } from './region.service';

@Module({
  providers: [settingsProvider, RegionRepository, RegionService, RegionResolver, RegionDataLoader],
  exports: [RegionService],
})
export class RegionModule {}
