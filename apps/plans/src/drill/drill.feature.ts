import { defineFeature } from '@emergency/subgraph';
import { RecordDrills1796930000000 } from '../migrations/1796930000000-RecordDrills';
import {
  AnnualDrillPlanEntity,
  DrillEntity,
  DrillFindingEntity,
  DrillRegimeEntity,
  DrillRuleEntity,
  ImprovementActionEntity,
  PlanRevisionTaskEntity,
} from './drill.entity';
import { DrillModule } from './drill.module';

export const DRILL_FEATURE = defineFeature({
  module: DrillModule,
  entities: [
    DrillRuleEntity,
    DrillRegimeEntity,
    AnnualDrillPlanEntity,
    DrillEntity,
    DrillFindingEntity,
    ImprovementActionEntity,
    PlanRevisionTaskEntity,
  ],
  migrations: [RecordDrills1796930000000],
});
