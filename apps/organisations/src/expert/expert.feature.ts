import type { Feature } from '../feature';
import { ExpertModule } from './expert.module';

export const EXPERT_FEATURE: Feature = {
  module: ExpertModule,
  entities: [],
  migrations: [],
};
