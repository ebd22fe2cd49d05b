import { defineFeature } from '@emergency/subgraph';
import { CreateReservesAndCatalogue1797000000000 } from '../migrations/1797000000000-CreateReservesAndCatalogue';
import { ReservePointsCatalogueAndDeliveryRules1797010000000 } from '../migrations/1797010000000-ReservePointsCatalogueAndDeliveryRules';
import { SupplyClassEntity } from '../catalogue/supply-class.entity';
import { SupplyItemEntity } from '../catalogue/supply-item.entity';
import { DeliveryRuleEntity } from './delivery-rule.entity';
import { ReservePointEntity } from './reserve-point.entity';
import { ReserveModule } from './reserve.module';

/** Reserve points, their delivery rules, and the supply catalogue. */
export const RESERVE_FEATURE = defineFeature({
  module: ReserveModule,
  entities: [ReservePointEntity, DeliveryRuleEntity, SupplyItemEntity, SupplyClassEntity],
  migrations: [CreateReservesAndCatalogue1797000000000, ReservePointsCatalogueAndDeliveryRules1797010000000],
});
