import { defineFeature } from '@emergency/subgraph';
import { CreateRegionTree1795444100000 } from '../migrations/1795444100000-CreateRegionTree';
import { RegionEntity } from './region.entity';
import { RegionModule } from './region.module';

export const REGION_FEATURE = defineFeature({
  module: RegionModule,
  entities: [RegionEntity],
  migrations: [CreateRegionTree1795444100000],
});
