import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { PlanModule } from '../plan/plan.module';
import { DrillFindingsClosedIndicator, DrillsWithinRuleIndicator } from './drill-indicators';
import { ImprovementActionOverdueScan } from './drill-overdue.scan';
import { DrillRepository } from './drill.repository';
import {
  AnnualDrillPlanResolver,
  DrillFindingResolver,
  DrillRegimeAssignmentResolver,
  DrillResolver,
  ImprovementActionResolver,
  PlanNotDrilledResolver,
  PlanRevisionTaskResolver,
  PlanRevisionTasksResolver,
  UndrilledUnitResolver,
} from './drill.resolver';
import { DrillService } from './drill.service';

@Module({
  imports: [PlanModule],
  providers: [
    regionScopeProvider,
    DrillRepository,
    DrillService,
    ImprovementActionOverdueScan,
    DrillsWithinRuleIndicator,
    DrillFindingsClosedIndicator,
    DrillResolver,
    DrillFindingResolver,
    ImprovementActionResolver,
    PlanRevisionTaskResolver,
    PlanRevisionTasksResolver,
    AnnualDrillPlanResolver,
    UndrilledUnitResolver,
    DrillRegimeAssignmentResolver,
    PlanNotDrilledResolver,
  ],
})
export class DrillModule {}
