import { defineFeature } from '@emergency/subgraph';
import { CreateReservesAndCatalogue1797000000000 } from '../migrations/1797000000000-CreateReservesAndCatalogue';
import { SupplyItemEntity } from '../catalogue/supply-item.entity';
import { ReservePointEntity } from './reserve-point.entity';
import { ReserveModule } from './reserve.module';

/** Reserve points and the supply catalogue. */
export const RESERVE_FEATURE = defineFeature({
  module: ReserveModule,
  entities: [ReservePointEntity, SupplyItemEntity],
  migrations: [CreateReservesAndCatalogue1797000000000],
});
