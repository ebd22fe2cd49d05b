import { defineFeature } from '@emergency/subgraph';
import { CreatePlans1763856200000 } from '../migrations/1763856200000-CreatePlans';
import { PlanEntity } from './plan.entity';
import { PlanModule } from './plan.module';

export const PLAN_FEATURE = defineFeature({
  module: PlanModule,
  entities: [PlanEntity],
  migrations: [CreatePlans1763856200000],
});
