import { defineFeature } from '@emergency/subgraph';
import { CreateSupplies1763856300000 } from '../migrations/1763856300000-CreateSupplies';
import { RememberIncidentRegions1796300000000 } from '../migrations/1796300000000-RememberIncidentRegions';
import { AllocationProjector } from './allocation.projector';
import { KnownAllocationEntity } from './known-allocation.entity';
import { ProcurementEntity } from './procurement.entity';
import { ProcurementModule } from './procurement.module';

export const PROCUREMENT_FEATURE = defineFeature({
  module: ProcurementModule,
  entities: [KnownAllocationEntity, ProcurementEntity],
  migrations: [CreateSupplies1763856300000, RememberIncidentRegions1796300000000],
  // Keeps `known_allocation` from the incidents topic: what a procurement is checked against.
  projectors: [AllocationProjector],
});
