import { defineFeature } from '@emergency/subgraph';
import { CreateGridAssignments1795444600000 } from '../migrations/1795444600000-CreateGridAssignments';
import { GridAssignmentEntity } from './grid-assignment.entity';
import { GridModule } from './grid.module';

export const GRID_FEATURE = defineFeature({
  module: GridModule,
  entities: [GridAssignmentEntity],
  migrations: [CreateGridAssignments1795444600000],
});
