import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { FundRepository } from './fund.repository';
import {
  FundAllocationResolver,
  FundContributionResolver,
  IncidentFundsResolver,
  ReconstructionFundResolver,
} from './fund.resolver';
import { FundService } from './fund.service';

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
