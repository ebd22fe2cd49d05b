import { defineFeature } from '@emergency/subgraph';
import { PayShelterCosts1797040000000 } from '../migrations/1797040000000-PayShelterCosts';
import {
  ShelterCostEntity,
  ShelterCostOriginEntity,
  ShelterCostPaymentEntity,
  ShelterCostRefundEntity,
  ShelterCostRefundOriginEntity,
} from './shelter-cost.entity';
import { ShelterCostModule } from './shelter-cost.module';

/** Shelter construction and upgrade costs paid from fund allocations (after the shelter and procurement features). */
export const SHELTER_COST_FEATURE = defineFeature({
  module: ShelterCostModule,
  entities: [
    ShelterCostEntity,
    ShelterCostPaymentEntity,
    ShelterCostOriginEntity,
    ShelterCostRefundEntity,
    ShelterCostRefundOriginEntity,
  ],
  migrations: [PayShelterCosts1797040000000],
});
