import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { AllocationBalances } from './allocation-balance';
import { FundAllocationRepository } from './fund-allocation.repository';
import {
  AllocationGoodsLineResolver,
  AllocationReturnResolver,
  FundAllocationResolver,
  FundAllocationsResolver,
} from './fund-allocation.resolver';
import { FundAllocationService } from './fund-allocation.service';
import { FundContributionRepository } from './fund-contribution.repository';
import {
  DonationPublicationResolver,
  FundContributionResolver,
  FundContributionsResolver,
  PublishedDonationResolver,
} from './fund-contribution.resolver';
import { FundContributionService } from './fund-contribution.service';
import { ReconstructionFundRepository } from './reconstruction-fund.repository';
import { IncidentFundsResolver, ReconstructionFundResolver } from './reconstruction-fund.resolver';
import { ReconstructionFundService } from './reconstruction-fund.service';

/** The fund, its contributions and its allocations: three sub-aggregates sharing the fund's lock. */
@Module({
  imports: [IncidentModule],
  providers: [
    AllocationBalances,
    ReconstructionFundRepository,
    ReconstructionFundService,
    ReconstructionFundResolver,
    IncidentFundsResolver,
    FundContributionRepository,
    FundContributionService,
    FundContributionResolver,
    FundContributionsResolver,
    DonationPublicationResolver,
    PublishedDonationResolver,
    FundAllocationRepository,
    FundAllocationService,
    FundAllocationResolver,
    FundAllocationsResolver,
    AllocationReturnResolver,
    AllocationGoodsLineResolver,
  ],
  exports: [AllocationBalances, ReconstructionFundService],
})
export class ReconstructionFundModule {}
