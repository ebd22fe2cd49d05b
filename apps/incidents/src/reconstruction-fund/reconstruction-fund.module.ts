import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { FundRepository } from './reconstruction-fund.repository';
import {
  FundAllocationResolver,
  FundContributionResolver,
  IncidentFundsResolver,
  ReconstructionFundResolver,
} from './reconstruction-fund.resolver';
import { FundService } from './reconstruction-fund.service';

@Module({
  imports: [IncidentModule],
  providers: [
    FundRepository,
    FundService,
    ReconstructionFundResolver,
    FundContributionResolver,
    FundAllocationResolver,
    IncidentFundsResolver,
  ],
})
export class FundModule {}
