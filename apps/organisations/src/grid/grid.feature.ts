import type { Feature } from '../feature';
import { CreateGridAssignments1795444600000 } from '../migrations/1795444600000-CreateGridAssignments';
import { GridAssignmentEntity } from './grid-assignment.entity';
import { GridModule } from './grid.module';

export const GRID_FEATURE: Feature = {
  module: GridModule,
  entities: [GridAssignmentEntity],
  migrations: [CreateGridAssignments1795444600000],
};
