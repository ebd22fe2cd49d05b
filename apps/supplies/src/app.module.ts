import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { CreateSupplies1763856300000 } from './migrations/1763856300000-CreateSupplies';
import { RememberIncidentRegions1796300000000 } from './migrations/1796300000000-RememberIncidentRegions';
import { AllocationProjector } from './procurement/allocation.projector';
import { KnownAllocationEntity } from './procurement/known-allocation.entity';
import { ProcurementEntity } from './procurement/procurement.entity';
import { ProcurementModule } from './procurement/procurement.module';

export const SERVICE = 'supplies';
export const DEFAULT_PORT = 4003;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      entities: [KnownAllocationEntity, ProcurementEntity],
      migrations: [CreateSupplies1763856300000, RememberIncidentRegions1796300000000],
      projectors: [AllocationProjector],
      // A procurement's payer is an organisation: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
    ProcurementModule,
  ],
})
export class AppModule {}
