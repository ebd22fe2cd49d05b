import { defineFeature } from '@emergency/subgraph';
import { CreateSupplies1763856300000 } from '../migrations/1763856300000-CreateSupplies';
import { ProcurementEntity } from './procurement.entity';
import { ProcurementModule } from './procurement.module';

export const PROCUREMENT_FEATURE = defineFeature({
  module: ProcurementModule,
  entities: [ProcurementEntity],
  // Creates the procurement table and, for the allocation feature, the known_allocation table it references.
  migrations: [CreateSupplies1763856300000],
});
