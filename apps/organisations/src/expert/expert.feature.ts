import { defineFeature } from '@emergency/subgraph';
import { CreateExpertPool1795444700000 } from '../migrations/1795444700000-CreateExpertPool';
import { ExpertEntity } from './expert.entity';
import { ExpertModule } from './expert.module';

export const EXPERT_FEATURE = defineFeature({
  module: ExpertModule,
  entities: [ExpertEntity],
  migrations: [CreateExpertPool1795444700000],
});
