import { defineFeature } from '@emergency/subgraph';
import { RememberIncidentRegions1796300000000 } from '../migrations/1796300000000-RememberIncidentRegions';
import { AllocationProjector } from './allocation.projector';
import { AllocationModule } from './allocation.module';
import { KnownAllocationEntity, KnownAllocationSourceEntity } from './known-allocation.entity';

/**
 * The allocations supplies may spend from and the regions of their incidents, projected from the incidents topic
 * (`known_allocation`, created with the procurement table by CreateSupplies, and `known_incident`).
 */
export const ALLOCATION_FEATURE = defineFeature({
  module: AllocationModule,
  entities: [KnownAllocationEntity, KnownAllocationSourceEntity],
  migrations: [RememberIncidentRegions1796300000000],
  projectors: [AllocationProjector],
});
