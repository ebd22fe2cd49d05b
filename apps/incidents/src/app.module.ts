import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { AllocationSourceEntity } from './fund/allocation-source.entity';
import { FundAllocationEntity } from './fund/fund-allocation.entity';
import { FundContributionEntity } from './fund/fund-contribution.entity';
import { FundModule } from './fund/fund.module';
import { ReconstructionFundEntity } from './fund/reconstruction-fund.entity';
import { IncidentEntity } from './incident/incident.entity';
import { IncidentModule } from './incident/incident.module';
import { CreateIncidents1763856400000 } from './migrations/1763856400000-CreateIncidents';

export const SERVICE = 'incidents';
export const DEFAULT_PORT = 4004;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      entities: [
        IncidentEntity,
        ReconstructionFundEntity,
        FundContributionEntity,
        FundAllocationEntity,
        AllocationSourceEntity,
      ],
      migrations: [CreateIncidents1763856400000],
      // Funds, contributions and allocations name organisations: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
    IncidentModule,
    FundModule,
  ],
})
export class AppModule {}
