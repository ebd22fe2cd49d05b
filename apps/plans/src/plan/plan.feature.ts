import { defineFeature } from '@emergency/subgraph';
import { CreatePlans1763856200000 } from '../migrations/1763856200000-CreatePlans';
import { ClassifyPlansInTheSharedTree1796900000000 } from '../migrations/1796900000000-ClassifyPlansInTheSharedTree';
import { PlanVersionsFilingAndEvaluation1796910000000 } from '../migrations/1796910000000-PlanVersionsFilingAndEvaluation';
import {
  PlanCycleRuleEntity,
  PlanEvaluationEntity,
  PlanVersionEntity,
} from '../plan-version/plan-version.entity';
import { PlanEntity } from './plan.entity';
import { PlanModule } from './plan.module';

export const PLAN_FEATURE = defineFeature({
  module: PlanModule,
  entities: [PlanEntity, PlanVersionEntity, PlanEvaluationEntity, PlanCycleRuleEntity],
  migrations: [
    CreatePlans1763856200000,
    ClassifyPlansInTheSharedTree1796900000000,
    PlanVersionsFilingAndEvaluation1796910000000,
  ],
});
