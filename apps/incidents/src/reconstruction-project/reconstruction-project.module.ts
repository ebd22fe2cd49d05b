import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { ReconstructionFundModule } from '../reconstruction-fund/reconstruction-fund.module';
import { ReconstructionProjectRepository } from './reconstruction-project.repository';
import {
  AllocationProjectResolver,
  FundProjectsResolver,
  ProjectContractResolver,
  ProjectPaymentResolver,
  ReconstructionProjectResolver,
} from './reconstruction-project.resolver';
import { ReconstructionProjectService } from './reconstruction-project.service';

/** Reconstruction projects: paid from the allocations of a fund made to them (AllocationBalances). */
@Module({
  imports: [IncidentModule, ReconstructionFundModule],
  providers: [
    ReconstructionProjectRepository,
    ReconstructionProjectService,
    ReconstructionProjectResolver,
    ProjectContractResolver,
    ProjectPaymentResolver,
    AllocationProjectResolver,
    FundProjectsResolver,
  ],
})
export class ReconstructionProjectModule {}
