import { Module } from '@nestjs/common';
import { PlanRepository } from './plan.repository';
import { OrganisationPlansResolver, PlanResolver } from './plan.resolver';
import { PlanService } from './plan.service';

@Module({ providers: [PlanRepository, PlanService, PlanResolver, OrganisationPlansResolver] })
export class PlanModule {}
