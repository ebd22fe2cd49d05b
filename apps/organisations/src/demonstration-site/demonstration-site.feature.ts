import type { Feature } from '../feature';
import { DemonstrationSiteModule } from './demonstration-site.module';

export const DEMONSTRATION_SITE_FEATURE: Feature = {
  module: DemonstrationSiteModule,
  entities: [],
  migrations: [],
};
