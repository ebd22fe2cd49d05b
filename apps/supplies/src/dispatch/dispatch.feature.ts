import { defineFeature } from '@emergency/subgraph';
import { DispatchSupplies1797050000000 } from '../migrations/1797050000000-DispatchSupplies';
import { DispatchRuleEntity, SuppliesDispatchEntity, SuppliesRequestEntity } from './dispatch.entity';
import { DispatchModule } from './dispatch.module';

/** Dispatch (调拨) between levels: requests, decisions, instructions, shipments and receipts (after the stock feature). */
export const DISPATCH_FEATURE = defineFeature({
  module: DispatchModule,
  entities: [SuppliesRequestEntity, SuppliesDispatchEntity, DispatchRuleEntity],
  migrations: [DispatchSupplies1797050000000],
});
