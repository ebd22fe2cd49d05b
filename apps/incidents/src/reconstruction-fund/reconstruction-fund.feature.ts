import { defineFeature } from '@emergency/subgraph';
import { TrackDrawnPerContribution1796600000000 } from '../migrations/1796600000000-TrackDrawnPerContribution';
import { ModelMoneyInFull1796700000000 } from '../migrations/1796700000000-ModelMoneyInFull';
import { RecordContributionReasons1796710000000 } from '../migrations/1796710000000-RecordContributionReasons';
import { DirectAndReturnAllocations1796720000000 } from '../migrations/1796720000000-DirectAndReturnAllocations';
import { ReconstructionProjectEntity } from '../reconstruction-project/reconstruction-project.entity';
import { AllocationItemEntity } from './allocation-item.entity';
import { AllocationReturnEntity, AllocationReturnSourceEntity } from './allocation-return.entity';
import { ContributionItemEntity } from './contribution-item.entity';
import { AllocationSourceEntity } from './allocation-source.entity';
import { FundAllocationEntity } from './fund-allocation.entity';
import { FundContributionEntity } from './fund-contribution.entity';
import { ReconstructionFundModule } from './reconstruction-fund.module';
import { ReconstructionFundEntity } from './reconstruction-fund.entity';

// Its tables are created by the incident feature's migration, CreateIncidents1763856400000; its own migrations
// follow it.
export const RECONSTRUCTION_FUND_FEATURE = defineFeature({
  module: ReconstructionFundModule,
  entities: [
    ReconstructionFundEntity,
    FundContributionEntity,
    ContributionItemEntity,
    FundAllocationEntity,
    AllocationSourceEntity,
    AllocationItemEntity,
    AllocationReturnEntity,
    AllocationReturnSourceEntity,
    // Created by this feature's migration, which allocations to a project refer to; the project feature owns it.
    ReconstructionProjectEntity,
  ],
  migrations: [
    TrackDrawnPerContribution1796600000000,
    ModelMoneyInFull1796700000000,
    RecordContributionReasons1796710000000,
    DirectAndReturnAllocations1796720000000,
  ],
});
