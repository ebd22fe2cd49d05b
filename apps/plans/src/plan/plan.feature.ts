import { defineFeature } from '@emergency/subgraph';
import { CreatePlans1763856200000 } from '../migrations/1763856200000-CreatePlans';
import { ClassifyPlansInTheSharedTree1796900000000 } from '../migrations/1796900000000-ClassifyPlansInTheSharedTree';
import { PlanEntity } from './plan.entity';
import { PlanModule } from './plan.module';

export const PLAN_FEATURE = defineFeature({
  module: PlanModule,
  entities: [PlanEntity],
  migrations: [CreatePlans1763856200000, ClassifyPlansInTheSharedTree1796900000000],
});
