import { defineFeature } from '@emergency/subgraph';
import { CreateShelters1797030000000 } from '../migrations/1797030000000-CreateShelters';
import {
  RegionPopulationEntity,
  ShelterEntity,
  ShelterOccupancyEntity,
  ShelterPlanningRatioEntity,
} from './shelter.entity';
import { ShelterModule } from './shelter.module';

/** Emergency shelters, their occupancy, and their coverage against the planning ratios. */
export const SHELTER_FEATURE = defineFeature({
  module: ShelterModule,
  entities: [ShelterEntity, ShelterOccupancyEntity, ShelterPlanningRatioEntity, RegionPopulationEntity],
  migrations: [CreateShelters1797030000000],
});
