import { Module } from '@nestjs/common';
import { ActivationMatchingModule } from '../activation/activation-matching.module';
import { regionScopeProvider } from '@emergency/subgraph';
import { PlanOverdueScan } from '../plan-version/plan-overdue.scan';
import { PlansEvaluatedOnTime, PlansFiledOnTime } from '../plan-version/plan-indicators';
import {
  OverduePlanResolver,
  PlanEvaluationResolver,
  PlanLifecycleResolver,
  PlanVersionResolver,
} from '../plan-version/plan-version.resolver';
import { PlanVersionRepository } from '../plan-version/plan-version.repository';
import { PlanVersionService } from '../plan-version/plan-version.service';
import { PlanVersionWriter } from '../plan-version/plan-version.writer';
import { PlanRepository } from './plan.repository';
import { OrganisationPlansResolver, PlanResolver } from './plan.resolver';
import { PlanService } from './plan.service';

/** Plans and their lifecycle (versions, approval, issuance, filing, evaluation), one aggregate. */
@Module({
  imports: [ActivationMatchingModule],
  providers: [
    regionScopeProvider,
    PlanRepository,
    PlanService,
    PlanResolver,
    OrganisationPlansResolver,
    PlanVersionRepository,
    PlanVersionWriter,
    PlanVersionService,
    PlanLifecycleResolver,
    PlanVersionResolver,
    PlanEvaluationResolver,
    OverduePlanResolver,
    PlanOverdueScan,
    PlansFiledOnTime,
    PlansEvaluatedOnTime,
  ],
  exports: [PlanService, PlanVersionRepository],
})
export class PlanModule {}
