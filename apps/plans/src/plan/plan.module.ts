import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { PlanRepository } from './plan.repository';
import { OrganisationPlansResolver, PlanResolver } from './plan.resolver';
import { PlanService } from './plan.service';

@Module({
  providers: [regionScopeProvider, PlanRepository, PlanService, PlanResolver, OrganisationPlansResolver],
  exports: [PlanService],
})
export class PlanModule {}
