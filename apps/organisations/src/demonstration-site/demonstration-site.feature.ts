import { defineFeature } from '@emergency/subgraph';
import { CreateDemonstrationSites1795444900000 } from '../migrations/1795444900000-CreateDemonstrationSites';
import { DemonstrationSiteInspectionEntity } from './demonstration-site-inspection.entity';
import { DemonstrationSiteEntity } from './demonstration-site.entity';
import { DemonstrationSiteModule } from './demonstration-site.module';

export const DEMONSTRATION_SITE_FEATURE = defineFeature({
  module: DemonstrationSiteModule,
  entities: [DemonstrationSiteEntity, DemonstrationSiteInspectionEntity],
  migrations: [CreateDemonstrationSites1795444900000],
});
