import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { HazardsRectifiedOnTime } from './hazard-compliance.indicator';
import { HazardOverdueScan } from './hazard-overdue.scan';
import { HazardRepository } from './hazard.repository';
import { HazardResolver } from './hazard.resolver';
import { HazardService } from './hazard.service';

@Module({
  providers: [
    regionScopeProvider,
    HazardRepository,
    HazardService,
    HazardResolver,
    HazardOverdueScan,
    HazardsRectifiedOnTime,
  ],
})
export class HazardModule {}
